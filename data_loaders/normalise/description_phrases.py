"""A job description's work mode, sponsorship and terms, from explicit phrases only (rules in `description`).

Every regex is linear: bounded repetitions, no nested quantifiers.
"""

from __future__ import annotations

import re

__all__ = ["find_sponsorship", "find_terms", "find_work_mode"]

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
