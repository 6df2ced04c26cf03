"""A job description's pay: the money span that most looks like this job's pay (rules in `description`).

Every regex is linear: bounded repetitions, no nested quantifiers.
"""

from __future__ import annotations

import re

__all__ = ["find_pay_span"]

_CURRENCY = (
    r"(?:CAD\$|CA\$|C\$|US\$|USD\$|AU\$|A\$|NZ\$|HK\$|SG\$|S\$|R\$|MX\$|\$|€|£|₹|¥|Rs\.?\s?|INR\s?|USD\s?|CAD\s?"
    r"|EUR\s?|GBP\s?|AUD\s?|CHF\s?|SGD\s?)"
)
_CODE_AFTER = r"(?:\s?(?:USD|CAD|EUR|GBP|INR|AUD|CHF|SGD|euros?|dollars|rupees|€|£))"
_NUMBER = r"\d{1,3}(?:[,.\u202f ]\d{3}){0,3}(?:\.\d{1,2})?|\d{1,9}(?:\.\d{1,2})?"
_MULT = r"(?:\s?(?:[kK]\b|lakhs?\b|LPA\b|L\b))?"
_AMOUNT = (
    rf"(?:{_CURRENCY}\s?(?:{_NUMBER}){_MULT}|(?:{_NUMBER}){_MULT}\s?(?:-|–|—|to)\s?(?:{_NUMBER}){_MULT}{_CODE_AFTER}"
    rf"|(?:{_NUMBER}){_MULT}{_CODE_AFTER})"
)
_RANGE_TAIL = rf"(?:\s{{0,3}}(?:-|–|—|to|and)\s{{0,3}}(?:{_AMOUNT}|(?:{_NUMBER}){_MULT}))?"
_PERIOD = (
    r"(?:\s{0,3}(?:/|per|an|a|each|every)\s{0,3}(?:hour|hr|h|month|mo|mth|year|yr|annum|week|wk|day)\b|"
    r"\s{0,3}\(?(?:hourly|monthly|annually|annual|yearly|weekly|daily|p\.a\.|per annum|pa\b|p/h|ph\b)\)?)?"
)
_PAY_SPAN = re.compile(
    rf"(?<![\w$€£₹])(?P<amount>(?:{_AMOUNT}){_RANGE_TAIL})(?P<period>{_PERIOD})"
    rf"(?!\s?(?:million|billion|bn|mn|[MB]\b))",
    re.I,
)
_PERIOD_AFTER = re.compile(r"\s{0,3}((?:per|/|an?)\s{0,3}(?:hour|month|year|annum|week|day))\b", re.I)
_PAY_CONTEXT = re.compile(
    r"salary|\bpay\b|\bpaid\b|compensation|stipend|\bwage|\bbase\b|\brange\b|hourly|\brate\b|"
    r"\bearn|remuneration|gehalt|vergütung|rémunération|\bctc\b",
    re.I,
)
# Money that is a perk, not pay: "$250 monthly lunch stipend", "$1,500 annual learning budget", "401k match".
_PERK = (
    r"(?:lunch|meal|food|learning|education|training|wellness|wellbeing|well-being|home[- ]office|remote[- ]work|gym|fitness|"
    r"equipment|phone|mobile|internet|commuter|commute|transit|transport|relocation|signing|sign[- ]on|referral|travel|"
    r"books?|conference|health|medical|dental|vision|childcare|parental|development|budget|allowance|reimburse\w*|"
    r"bonus|equity|stock|401\s?k|retirement|pension|hardware|laptop|setup|coworking|co-working)"
)
_PERK_AFTER = re.compile(
    rf"\s{{0,2}}(?:(?:monthly|annual|annually|yearly|weekly|one[- ]time|per\s(?:month|year|week)|a\s(?:month|year))"
    rf"\s{{1,2}})?{_PERK}\b",
    re.I,
)
_PERK_BEFORE = re.compile(rf"\b{_PERK}\W{{0,3}}(?:[\w-]{{1,15}}\W{{1,3}}){{0,3}}$", re.I)
_RANGE_MARK = re.compile(r"\d\s{0,3}(?:-|–|—|to|and)\s{0,3}\D{0,6}\d", re.I)


def find_pay_span(text: str) -> str | None:
    """The money span that most looks like this job's pay, or None (funding rounds and bare amounts are skipped)."""
    best: tuple[int, str] | None = None
    for match in _PAY_SPAN.finditer(text):
        span = match.group(0).strip()
        if span.count("(") > span.count(")"):
            span = span.replace("(", "").strip()  # "19.420€ (yearly" of "19.420€ (yearly gross salary)"
        if _PERK_AFTER.match(text, match.end(), match.end() + 40) or _PERK_BEFORE.search(
            text, max(0, match.start() - 60), match.start()
        ):
            continue
        score = 0
        if match.group("period").strip():
            score += 2
        elif after := _PERIOD_AFTER.match(text, match.end(), match.end() + 30):
            span = f"{span} {after.group(1)}"
            score += 2
        if _PAY_CONTEXT.search(text, max(0, match.start() - 100), match.start()):
            score += 1 if score else 2
        if _RANGE_MARK.search(match.group("amount")):
            score += 1
        if score >= 2 and (best is None or score > best[0]):
            best = (score, span)
    return best[1] if best else None
