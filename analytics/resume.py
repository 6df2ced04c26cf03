"""The skills a résumé's text names (reading the file itself is `data_loaders.resume_text`)."""

from __future__ import annotations

from data_loaders.normalise.skills import extract_skills


def skills_from_resume(text: str) -> list[str]:
    """Canonical skills named in résumé text, each once, in the order the extractor finds them."""
    return list(dict.fromkeys(extract_skills(text)))
