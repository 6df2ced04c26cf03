"""Job descriptions: free text (or HTML) → skills, a pay span, work mode, sponsorship and terms.

A listing's long free-text columns ("Job Description", "About the role", "Requirements", Ashby's
`descriptionPlain`) often hold what the structured columns lack. This module reads one description
into `DescriptionFacts`; `extract_descriptions` does it once per distinct text of a column and joins
the results back. The listings loader uses a value only where the structured column is empty.

Rules (each conservative: no evidence → nothing, never a guess):
- HTML is turned into text with the standard library's parser: entities decoded, block tags (p, div,
  li, h1–h6, br, tr …) become line breaks, list items start with "• ", scripts and styles are dropped.
- Skills come from the shared free-text skill finder (`skills.extract_skills`). Lines under a heading
  such as "Nice to have", "Bonus", "Preferred", "Pluses", "Desired" — or a line that itself says
  "… is a plus", "nice to have", "preferred" — are *nice to have*: those skills are kept out of the
  required list and returned separately. A following heading that is not nice-to-have ends the section.
- Pay: the best money span ("$25–$30/hour", "€2,000 per month", "CA$60,000 – CA$70,000 annually",
  "₹10,000/month"): a currency sign or code next to an amount, optionally a range, scored by a period
  written after it and by pay words before it (salary, pay, compensation, stipend, wage, range …); a
  span with neither is ignored, and so are amounts in millions or billions (funding rounds). The span
  is returned as text and read by the same pay parser as a pay column.
- Work mode: explicit phrases only ("hybrid role", "3 days a week in the office" → hybrid; "fully
  remote", "work from home", "remote-first" → remote; "on-site", "in office", "not remote" → onsite).
  Remote and onsite evidence together without a hybrid phrase stays unknown.
- Sponsorship: "security clearance", "U.S. citizens only", "must be a U.S. citizen" → citizens_only;
  "unable to sponsor", "without (visa) sponsorship", "no sponsorship" → none; "visa sponsorship
  available", "we sponsor visas" → offers (checked in that order).
- Terms: a season with a year ("Summer 2027", "Fall '26"), a season next to internship words ("Summer
  internship", "Fall co-op"), or a month range after co-op/internship words ("co-op Jan–Apr 2027"). A bare
  season word ("fall", "spring") alone is an ordinary word in prose and is not read as a term.

Every regex is linear: bounded repetitions ({0,n}), no nested quantifiers; texts are at most
`limits.MAX_DESCRIPTION_CHARS` long (the reader cuts longer ones and reports it).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import NamedTuple

import polars as pl

__all__ = [
    "DESCRIPTION_SCHEMA",
    "DescriptionFacts",
    "extract_descriptions",
    "find_pay_span",
    "find_sponsorship",
    "find_terms",
    "find_work_mode",
    "html_to_text",
    "parse_description",
    "split_sections",
    "split_skills",
]

# --- HTML -> text -------------------------------------------------------------------------------
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})
_HTML_HINT = re.compile(r"<(?:/?(?:p|div|br|li|ul|ol|h[1-6]|strong|b|em|i|span|a|table|tr|td)\b[^>]{0,200}>|!--)", re.I)


class _TextExtractor(HTMLParser):
    """Collects text; block tags become line breaks, list items bullets, headings their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(text: str) -> str:
    """Plain text of an HTML fragment (entities decoded, block tags as line breaks); plain text unchanged.

    The one HTML-to-text converter of the project: uploaded description columns, pasted job descriptions and the
    collector's job-board postings all go through it."""
    if "&lt;" in text and "<" not in text:  # Greenhouse's `content` is HTML whose tags are entity-escaped once more
        text = html.unescape(text)
    if not _HTML_HINT.search(text):
        return text
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is forgiving; anything odd falls back to the raw text
        return text
    joined = "".join(parser.parts).replace("\xa0", " ")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n"))
    return "\n".join(line for line in lines if line and line != "•")


# --- sections: required vs nice to have ---------------------------------------------------------
_NICE = re.compile(
    r"nice[- ]to[- ]haves?|\bbonus\b|\bpreferred\b|\bpluses\b|\ba plus\b|\bdesired\b|\bdesirable\b|good[- ]to[- ]have|"
    r"would be (?:great|nice|a plus)|extra credit|not required|\boptional\b|wünschenswert|von vorteil|\bun plus\b|"
    r"\bidealement\b|\bsouhaité",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_BULLET = re.compile(r"^\s{0,8}(?:[•\-*–·▪◦●]|\d{1,2}[.)])\s")


_HEADING_WORDS = re.compile(
    r"\b(?:about|requirements?|required|qualifications?|responsibilit\w*|duties|what\syou|who\syou|you\swill|you'll|"
    r"we\soffer|benefits|perks|nice|bonus|preferred|pluses|plus|desired|desirable|skills|must[- ]haves?|overview|"
    r"description|summary|role|position|team|company|compensation|salary|pay|location|details|profile|mission|"
    r"apply|process|tasks|missions?|profil|aufgaben|anforderungen|vorteil)\b",
    re.I,
)


def _is_heading(line: str) -> bool:
    """A short line that names a section ("Requirements:", "NICE TO HAVE", "What you'll bring").

    A line ending in ":" or written in capitals is one; otherwise it needs a section word ("about", "requirements",
    "nice", "bonus", "benefits" …) and no comma, so a bare list line ("Tableau, Python") never opens a section.
    """
    stripped = line.strip().strip("*#_ ").strip()
    if not stripped or len(stripped) > 80 or _BULLET.match(line):
        return False
    words = stripped.split()
    if len(words) > 8:
        return False
    if stripped.endswith(":"):
        return True
    if stripped[-1] in ".,;!":
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and stripped.isupper():
        return True
    return "," not in stripped and len(words) <= 6 and _HEADING_WORDS.search(stripped) is not None


def split_sections(text: str) -> tuple[str, str]:
    """(required text, nice-to-have text): lines under a nice-to-have heading, or saying so themselves, go second."""
    required: list[str] = []
    nice: list[str] = []
    in_nice = False
    for line in text.split("\n"):
        if _is_heading(line):
            in_nice = bool(_NICE.search(line))
            # "Preferred: Rust, Go" is a heading with its content on the same line.
            (nice if in_nice else required).append(line)
            continue
        if in_nice:
            nice.append(line)
            continue
        # "You know Python. Experience with Terraform is a plus.": only the sentence that says so is nice to have.
        for sentence in _SENTENCE_END.split(line):
            (nice if _NICE.search(sentence) else required).append(sentence)
    return "\n".join(required), "\n".join(nice)


def split_skills(text: str) -> tuple[list[str], list[str]]:
    """(required skills, nice-to-have skills) named in a description; a skill in both counts as required."""
    from data_loaders.normalise.skills import extract_skills

    required_text, nice_text = split_sections(text)
    required = extract_skills(required_text)
    nice = [skill for skill in extract_skills(nice_text) if skill not in required]
    return required, nice


# --- pay ----------------------------------------------------------------------------------------
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


# --- work mode ----------------------------------------------------------------------------------
_HYBRID = re.compile(
    r"\bhybrid\s(?:role|position|job|work|working|schedule|model|setup|set-up|arrangement|environment|internship|opportunity|"
    r"policy|team)\b|\b(?:this|the) (?:role|position|job|internship) is hybrid\b|\bhybrid\b\s?\((?:\d|on)|"
    r"\b(?:\d|one|two|three|four)\s(?:days?|x)\s(?:a|per|each|/)\s?week\s(?:in|at|from)\s(?:the|our)?\s?(?:office|site|hq)|"
    r"\bin[- ](?:the[- ])?office\s(?:\d|one|two|three|four)\s(?:days?|x)|\blocation:?\s{0,3}hybrid\b|\bhybrid[- ]remote\b",
    re.I,
)
_REMOTE = re.compile(
    r"\b(?:fully|100\s?%|completely|entirely|permanently)\s(?:remote|distributed)\b|\bremote[- ](?:first|only|friendly|"
    r"position|role|job|work|working|opportunity|internship|option|eligible)\b|\b(?:work|working)\s(?:from\shome|remotely|"
    r"from\sanywhere)\b|\bwfh\b|\b(?:this|the)\s(?:role|position|job|internship)\sis\s(?:fully\s)?remote\b|\bis\sa\sremote\b|"
    r"\blocation:?\s{0,3}remote\b|\bremote\s?\((?:us|usa|united states|canada|uk|eu|europe|worldwide|global)",
    re.I,
)
_ONSITE = re.compile(
    r"\bon[- ]?site\s(?:role|position|job|internship|work|only)\b|\b(?:this|the)\s(?:role|position|job|internship)\sis\s"
    r"(?:fully\s)?(?:on[- ]?site|in[- ]person|in[- ]office|office[- ]based)\b|\b(?:fully|100\s?%)\s(?:on[- ]?site|in[- ]office|"
    r"in[- ]person)\b|\bnot\s(?:a\s)?remote\b|\bno\sremote\b|\blocation:?\s{0,3}on[- ]?site\b|\bin[- ]person\s(?:role|position|"
    r"internship|work)\b|\bmust\s(?:be\sable\sto\s)?(?:work|report)\s(?:on[- ]?site|in\s(?:the|our)\soffice)",
    re.I,
)


_NOT_REMOTE = re.compile(r"\bnot\s(?:a\s)?remote\b|\bno\sremote\b", re.I)


def find_work_mode(text: str) -> str | None:
    """onsite, hybrid or remote when the text says so explicitly; None otherwise (or when it says both)."""
    if _HYBRID.search(text):
        return "hybrid"
    onsite = _ONSITE.search(text) is not None
    remote = _REMOTE.search(text) is not None
    if onsite and remote:
        # "not remote" is onsite evidence that also contains the word: it decides alone.
        return "onsite" if _NOT_REMOTE.search(text) and not _REMOTE.search(_NOT_REMOTE.sub(" ", text)) else None
    return "onsite" if onsite else "remote" if remote else None


# --- sponsorship --------------------------------------------------------------------------------
_CITIZENS = re.compile(
    r"security\sclearance|\b(?:active|secret|top\ssecret|ts/sci|dod)\s(?:\w{1,12}\s)?clearance\b|\bclearance\s(?:is\s)?required\b|"
    r"\b(?:u\.?s\.?|us|united\sstates)\scitizens?(?:hip)?\s(?:only|(?:is\s)?required|requirement)\b|"
    r"\bmust\sbe\s(?:a\s)?(?:u\.?s\.?|us|united\sstates)\s(?:citizen|person)|\bonly\s(?:u\.?s\.?|us)\scitizens\b|"
    r"\bcitizenship\s(?:is\s)?required\b|\bitar\b|\bu\.?s\.?\spersons?\sonly\b",
    re.I,
)
_NO_SPONSOR = re.compile(
    r"\b(?:not|unable\sto|cannot|can't|can\snot|won't|will\snot|does\snot|do\snot|don't|doesn't|are\snot\sable\sto)\s"
    r"(?:\w{1,15}\s){0,4}sponsor|\bwithout\s(?:the\sneed\sfor\s|requiring\s|needing\s)?(?:\w{1,12}\s){0,3}sponsorship\b|"
    r"\bno\s(?:visa\s|work\s|h-?1b\s)?sponsorship\b|\bsponsorship\s(?:is\s)?not\s(?:available|offered|provided)\b",
    re.I,
)
_SPONSOR = re.compile(
    r"\bvisa\ssponsorship\s(?:is\s)?(?:available|provided|offered|possible)\b|\bsponsorship\s(?:is\s)?(?:available|provided|"
    r"offered|possible)\b|\b(?:we|will|can|able\sto|happy\sto)\s(?:\w{1,10}\s){0,2}sponsor\s(?:\w{1,10}\s)?(?:visas?|work\s"
    r"permits?|h-?1b)\b|\boffers?\s(?:visa\s)?sponsorship\b|\bvisa\ssupport\b|\brelocation\sand\svisa\b",
    re.I,
)


def find_sponsorship(text: str) -> str | None:
    """citizens_only, none or offers when the text says so; None when it says nothing about it."""
    if _CITIZENS.search(text):
        return "citizens_only"
    if _NO_SPONSOR.search(text):
        return "none"
    if _SPONSOR.search(text):
        return "offers"
    return None


# --- terms --------------------------------------------------------------------------------------
_SEASON = r"(?:summer|fall|autumn|winter|spring)"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)"
)
_TERM_SPANS = re.compile(
    rf"\b{_SEASON}(?:\s?(?:/|&|and|or|-)\s?{_SEASON})?\s?(?:'|’|20)\d{{2}}\b|\b20\d{{2}}\s{_SEASON}\b|"
    rf"\b{_SEASON}(?:\s?(?:/|&|and|or|-)\s?{_SEASON})?\s(?:internships?|interns?|co-?ops?|terms?|semesters?|sessions?|"
    rf"program(?:me)?s?|cohorts?|placements?)\b|"
    rf"\b(?:co-?op|internship|work\sterm|placement)\b[^.\n]{{0,30}}?\b{_MONTH}\.?\s?(?:-|–|—|to|through)\s?{_MONTH}\b\.?"
    rf"(?:\s?,?\s?20\d{{2}})?",
    re.I,
)


def find_terms(text: str) -> str | None:
    """The term phrases of a description joined by "; " (for the terms normaliser), or None."""
    spans: list[str] = []
    for match in _TERM_SPANS.finditer(text):
        span = re.sub(r"\s+", " ", match.group(0)).strip()
        if span.casefold() not in {s.casefold() for s in spans}:
            spans.append(span)
    if not spans:
        return None
    # Only the season and month words matter to the terms parser; drop "co-op"/"internship" words around them.
    return "; ".join(spans)


# --- one description ------------------------------------------------------------------------------
class DescriptionFacts(NamedTuple):
    """What one description says: required and nice-to-have skills, a pay span, work mode, sponsorship, terms."""

    skills: list[str]
    nice_skills: list[str]
    pay_text: str | None
    work_mode: str | None
    sponsorship: str | None
    terms_text: str | None


DESCRIPTION_SCHEMA: dict[str, pl.DataType] = {
    "desc_skills": pl.List(pl.String()),
    "desc_nice_skills": pl.List(pl.String()),
    "desc_pay_text": pl.String(),
    "desc_work_mode": pl.String(),
    "desc_sponsorship": pl.String(),
    "desc_terms_text": pl.String(),
}


def parse_description(text: str | None) -> DescriptionFacts:
    """Read one description (plain text or HTML)."""
    if text is None or not str(text).strip():
        return DescriptionFacts([], [], None, None, None, None)
    plain = html_to_text(str(text))
    required, nice = split_skills(plain)
    return DescriptionFacts(
        required, nice, find_pay_span(plain), find_work_mode(plain), find_sponsorship(plain), find_terms(plain)
    )


def extract_descriptions(texts: pl.Series) -> pl.DataFrame:
    """Per row, the DESCRIPTION_SCHEMA columns; each distinct text is parsed once and joined back."""
    text = texts.cast(pl.String()).alias("_text")
    distinct = text.drop_nulls().unique(maintain_order=True)
    parsed = [parse_description(value) for value in distinct.to_list()]
    lookup = pl.concat(
        [distinct.to_frame(), pl.DataFrame(parsed, schema=DESCRIPTION_SCHEMA, orient="row")], how="horizontal"
    )
    joined = text.to_frame().join(lookup, on="_text", how="left", maintain_order="left")
    return joined.select(*DESCRIPTION_SCHEMA).with_columns(pl.col("desc_skills", "desc_nice_skills").fill_null([]))
