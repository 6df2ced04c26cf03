"""Widgets shared by the Skill gap and Benchmark pages: a URL-bound skill picker with alias search,
and skill extraction from pasted text or an uploaded résumé (streamlit here, no analytics).

Nothing typed or uploaded is kept: text boxes are cleared once their skills are extracted, and the
uploader is replaced by a fresh one; only the confirmed skill names stay (in the URL).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

import streamlit as st

from analytics.display_names import region_label, resolve_region
from analytics.job_description import JobDescriptionSkills, job_description_skills
from analytics.resume import skills_from_resume
from dashboard.safe_text import md
from data_loaders.normalise.skills import TAXONOMY, canonical_skill
from data_loaders.resume_text import ResumeError, resume_text

SKILLS: list[str] = sorted(TAXONOMY.get_column("skill").to_list(), key=str.casefold)
_ALIASES: dict[str, list[str]] = dict(
    zip(TAXONOMY.get_column("skill").to_list(), TAXONOMY.get_column("aliases").to_list(), strict=False)
)
_NOTE_SUFFIX = "_found"


def skill_label(skill: str, aliases: int = 3) -> str:
    """'Go (golang)': the skill with its first few aliases, so typing any of them finds it."""
    shown = [a for a in _ALIASES.get(skill, []) if a.casefold() != skill.casefold()][:aliases]
    return f"{skill} ({', '.join(shown)})" if shown else skill


def _seed_from_url(key: str, read: Callable[[str], str | None], what: str) -> None:
    """Seed a multiselect once from its URL values, each read by `read` (None = ignored, with a note)."""
    if key in st.session_state:
        return
    values = st.query_params.get_all(key)
    read_values = [read(v) for v in values]
    seeded = list(dict.fromkeys(r for r in read_values if r))
    if seeded:
        st.session_state[key] = seeded
    ignored = [v for v, r in zip(values, read_values, strict=False) if not r]
    if ignored:
        # The ignored values are the link's own text: escaped, so a crafted link shows no link or image here.
        st.warning(f"Ignored {md(key)}={md(', '.join(ignored))}: not {what}.", icon=":material/link_off:")


def _sync_to_url(key: str, values: list[str]) -> None:
    """Write a multiselect's values into the URL (?key=a&key=b), or drop the key when empty."""
    if values:
        st.query_params[key] = values
    else:
        st.query_params.pop(key, None)


def url_multiselect(
    label: str, options: list[str], key: str, read: Callable[[str], str | None], what: str, **kwargs: Any
) -> list[str]:
    """A multiselect kept in the URL by hand, so links may use any spelling `read` understands.

    Not bind="query-params": a bound widget drops a link's "python" or "us-ca" and, with a
    format_func, writes display labels rather than codes into the URL.
    """
    _seed_from_url(key, read, what)
    chosen = list(st.multiselect(label, options, key=key, **kwargs))
    _sync_to_url(key, chosen)
    return chosen


def add_skills(key: str, skills: list[str]) -> None:
    """Add skills to the multiselect `key` (a callback helper); known names only, no duplicates."""
    current = list(st.session_state.get(key) or [])
    canonical = (canonical_skill(s) for s in skills)
    st.session_state[key] = list(dict.fromkeys([*current, *(c for c in canonical if c)]))


_HINT_CHARS = 14  # an alias longer than this is not shown in the option (chips stay short); typing it still works


# The taxonomy's few hundred skills are labelled on every rerun of a tool page: once each. Bounded, because typed
# names (accept_new_options) are labelled too.
@functools.lru_cache(maxsize=4096)
def skill_option(skill: str) -> str:
    """An option's text: 'Go (golang)', 'Kubernetes (k8s)', 'scikit-learn (sklearn)' — the first alias that is a
    different word, so typing it finds the skill — else just the name ('Python', not 'Python (py, python3)')."""
    name = _letters(skill)
    for alias in _ALIASES.get(skill, []):
        other = _letters(alias)
        # Not a mere respelling ("python3", "cyber security", "py", "communicator"): those find the skill anyway.
        respelled = (
            other == name
            or name.startswith(other)
            or len(os.path.commonprefix([name, other])) >= 5
            or (len(name) >= 3 and name in other)
        )
        if len(alias) <= _HINT_CHARS and other and not respelled:
            return f"{skill} ({alias})"
    return skill


def _letters(text: str) -> str:
    """Lower-case letters only: 'CI/CD' -> 'cicd', 'python 3' -> 'python'."""
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _canonicalise(key: str) -> None:
    """Callback of the skill picker: a typed name ("golang", "version control") becomes its skill; unknown ones
    are dropped and named under the box."""
    values = list(st.session_state.get(key) or [])
    canonical = [canonical_skill(value) for value in values]
    st.session_state[key] = list(dict.fromkeys(c for c in canonical if c))
    st.session_state[f"{key}_unknown"] = [value for value, c in zip(values, canonical, strict=False) if not c]


def skill_picker(key: str, label: str, help: str | None = None) -> list[str]:
    """One multiselect of taxonomy skills kept in the URL (?key=Python&key=SQL) that also takes any name people
    write: an alias shown in an option finds it, and any other alias typed and entered becomes its skill."""
    chosen = url_multiselect(
        label,
        SKILLS,
        key,
        canonical_skill,
        "a skill in the taxonomy",
        format_func=skill_option,
        accept_new_options=True,
        on_change=_canonicalise,
        args=(key,),
        placeholder="Type a skill by any name: golang, k8s, sklearn…",
        help=help
        or 'Pick from the list or type any name people write ("golang", "version control") and press '
        "Enter: it becomes the skill it names.",
    )
    unknown = st.session_state.pop(f"{key}_unknown", None)
    if unknown:
        st.caption(f":orange[Not a skill we know, so not added: {md(', '.join(unknown))}.]")
    return list(chosen)


def _uploader_key(base: str) -> str:
    """The uploader's current widget key; bumping its counter replaces it with an empty uploader."""
    return f"{base}_{st.session_state.get(f'{base}_n', 0)}"


def _extract(
    key: str, text_key: str, upload_key: str | None, extractor: Callable[[str], list[str] | JobDescriptionSkills]
) -> None:
    """Callback: extract skills from the text box (and upload), add them, then forget the text.

    A job-description extractor also reports nice-to-have skills (shown, not added) and skills left out."""
    texts = [st.session_state.get(text_key) or ""]
    note: dict[str, object] = {"error": None}
    if upload_key is not None:
        upload = st.session_state.get(_uploader_key(upload_key))
        if upload is not None:
            try:
                texts.append(resume_text(upload.getvalue(), upload.name))
            except ResumeError as error:
                note["error"] = str(error)
            # A new key gives a fresh, empty uploader: the file is not kept in the session.
            st.session_state[f"{upload_key}_n"] = st.session_state.get(f"{upload_key}_n", 0) + 1
    found: list[str] = []
    nice: list[str] = []
    left_out: dict[str, str] = {}
    for text in texts:
        if not text.strip():
            continue
        result = extractor(text)
        if isinstance(result, JobDescriptionSkills):
            found += result.required
            nice += result.nice_to_have
            left_out |= result.left_out
        else:
            found += result
    found = list(dict.fromkeys(found))
    before = set(st.session_state.get(key) or [])
    add_skills(key, found)
    note |= {
        "found": found,
        "new": [s for s in found if s not in before],
        "nice": [s for s in dict.fromkeys(nice) if s not in found],
        "left_out": left_out,
    }
    st.session_state[f"{key}{_NOTE_SUFFIX}"] = note
    st.session_state[text_key] = ""  # the pasted text is not kept after extraction


def _show_found(key: str) -> None:
    """What the last extraction found, so the user can confirm or remove skills above."""
    note = st.session_state.get(f"{key}{_NOTE_SUFFIX}")
    if not note:
        return
    if note.get("error"):
        st.error(md(note["error"]), icon=":material/error:")
    if note["found"]:
        added = f" Added {md(', '.join(note['new']))}." if note["new"] else " All were already in your list."
        st.success(
            f"Found {len(note['found'])} skills: {md(', '.join(note['found']))}.{added} "
            "Check the list above and remove any that do not fit.",
            icon=":material/check:",
        )
    elif not note.get("error") and not note.get("nice"):
        st.info("No known skills were found in that text.", icon=":material/search_off:")
    if note.get("nice"):
        st.info(
            f"Nice to have, so not added as required: {md(', '.join(note['nice']))}. "
            "Add any you do require with the picker above.",
            icon=":material/star_half:",
        )
    if note.get("left_out"):
        st.caption(
            "Named but not counted: "
            + "; ".join(f"{md(skill)} ({why})" for skill, why in note["left_out"].items())
            + "."
        )


def resume_input(key: str) -> None:
    """Paste résumé text or upload a .txt/.pdf/.docx; its skills join the multiselect `key` for confirmation."""
    upload_key = f"{key}_upload"
    with st.expander("Get skills from a résumé", icon=":material/description:"):
        st.text_area(
            "Paste résumé text",
            key=f"{key}_text",
            height=140,
            help="Read once to find skills, then cleared; nothing is stored.",
        )
        st.file_uploader("…or upload a résumé", type=["txt", "pdf", "docx"], key=_uploader_key(upload_key))
        st.button(
            "Extract skills",
            key=f"{key}_extract",
            icon=":material/auto_awesome:",
            on_click=_extract,
            args=(key, f"{key}_text", upload_key, skills_from_resume),
        )
        _show_found(key)


def description_input(key: str) -> None:
    """Paste a job description; the skills it requires join the multiselect `key` for confirmation (nice-to-have
    skills are shown, not added; tools the team merely uses and degree names are left out and said so)."""
    st.text_area(
        "Paste a job description",
        key=f"{key}_text",
        height=140,
        help='Skills are found by name and alias ("golang" → Go); those under "Nice to have", "Bonus" or '
        '"Preferred" are not counted as required. The text is cleared afterwards.',
    )
    st.button(
        "Extract skills",
        key=f"{key}_extract",
        icon=":material/auto_awesome:",
        on_click=_extract,
        args=(key, f"{key}_text", None, job_description_skills),
    )
    _show_found(key)


def region_picker(key: str, label: str, codes: list[str]) -> list[str]:
    """Regions by name ("California (CA)") kept in the URL as codes (?key=US-CA; any case, or a name: Virginia)."""
    known = {code.casefold(): code for code in codes}

    def read(value: str) -> str | None:
        code = known.get(value.strip().casefold()) or resolve_region(value)
        return code if code in codes else None

    return url_multiselect(
        label, codes, key, read, "a region in the data", format_func=region_label, placeholder="Anywhere"
    )
