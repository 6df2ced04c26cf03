"""Widgets shared by the Skill gap and Benchmark pages: a URL-bound skill picker with alias search,
and skill extraction from pasted text or an uploaded résumé (streamlit here, no analytics).

Nothing typed or uploaded is kept: text boxes are cleared once their skills are extracted, and the
uploader is replaced by a fresh one; only the confirmed skill names stay (in the URL).
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analytics.resume import ResumeError, resume_text, skills_from_resume
from dashboard.safe_text import md
from data_loaders.normalise.locations import REGION_NAMES
from data_loaders.normalise.skills import TAXONOMY, canonical_skill, extract_skills

SKILLS: list[str] = sorted(TAXONOMY.get_column("skill").to_list(), key=str.casefold)
_ALIASES: dict[str, list[str]] = dict(zip(TAXONOMY.get_column("skill").to_list(), TAXONOMY.get_column("aliases").to_list()))
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
    ignored = [v for v, r in zip(values, read_values) if not r]
    if ignored:
        # The ignored values are the link's own text: escaped, so a crafted link shows no link or image here.
        st.warning(f"Ignored {md(key)}={md(', '.join(ignored))}: not {what}.", icon=":material/link_off:")


def _sync_to_url(key: str, values: list[str]) -> None:
    """Write a multiselect's values into the URL (?key=a&key=b), or drop the key when empty."""
    if values:
        st.query_params[key] = values
    else:
        st.query_params.pop(key, None)


def url_multiselect(label: str, options: list[str], key: str, read: Callable[[str], str | None], what: str,
                    **kwargs: object) -> list[str]:
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


def _add_searched(key: str) -> None:
    """Callback of the alias search box: move its choice into the multiselect and clear the box."""
    chosen = st.session_state.get(f"{key}_search")
    if chosen:
        add_skills(key, [chosen])
    st.session_state[f"{key}_search"] = None


def skill_picker(key: str, label: str, help: str | None = None) -> list[str]:
    """A multiselect of taxonomy skills kept in the URL (?key=Python&key=SQL) plus an alias search box."""
    chosen = url_multiselect(label, SKILLS, key, canonical_skill, "a skill in the taxonomy",
                             placeholder="Pick skills", help=help)
    st.selectbox(
        "Find a skill by any name", SKILLS, index=None, key=f"{key}_search", format_func=skill_label,
        placeholder="Type e.g. golang, k8s, sklearn…", on_change=_add_searched, args=(key,),
        help="Matches the names people write on résumés and postings; the skill joins the list above.",
    )
    return list(chosen)


def _uploader_key(base: str) -> str:
    """The uploader's current widget key; bumping its counter replaces it with an empty uploader."""
    return f"{base}_{st.session_state.get(f'{base}_n', 0)}"


def _extract(key: str, text_key: str, upload_key: str | None, extractor: Callable[[str], list[str]]) -> None:
    """Callback: extract skills from the text box (and upload), add them, then forget the text."""
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
    found = list(dict.fromkeys(s for text in texts if text.strip() for s in extractor(text)))
    before = set(st.session_state.get(key) or [])
    add_skills(key, found)
    note |= {"found": found, "new": [s for s in found if s not in before]}
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
        st.success(f"Found {len(note['found'])} skills: {md(', '.join(note['found']))}.{added} "
                   "Check the list above and remove any that do not fit.", icon=":material/check:")
    elif not note.get("error"):
        st.info("No known skills were found in that text.", icon=":material/search_off:")


def resume_input(key: str) -> None:
    """Paste résumé text or upload a .txt/.pdf/.docx; its skills join the multiselect `key` for confirmation."""
    upload_key = f"{key}_upload"
    with st.expander("Get skills from a résumé", icon=":material/description:"):
        st.text_area("Paste résumé text", key=f"{key}_text", height=140,
                     help="Read once to find skills, then cleared; nothing is stored.")
        st.file_uploader("…or upload a résumé", type=["txt", "pdf", "docx"],
                         key=_uploader_key(upload_key))
        st.button("Extract skills", key=f"{key}_extract", icon=":material/auto_awesome:",
                  on_click=_extract, args=(key, f"{key}_text", upload_key, skills_from_resume))
        _show_found(key)


def description_input(key: str) -> None:
    """Paste a job description; the skills it names join the multiselect `key` for confirmation."""
    st.text_area("Paste a job description", key=f"{key}_text", height=140,
                 help="Skills are found by name and alias (\"golang\" → Go), then the text is cleared.")
    st.button("Extract skills", key=f"{key}_extract", icon=":material/auto_awesome:",
              on_click=_extract, args=(key, f"{key}_text", None, extract_skills))
    _show_found(key)


def region_picker(key: str, label: str, codes: list[str]) -> list[str]:
    """Regions by name ("California (US-CA)") kept in the URL as codes (?key=US-CA, any case)."""
    known = {code.casefold(): code for code in codes}
    return url_multiselect(label, codes, key, lambda value: known.get(value.strip().casefold()), "a region code in the data",
                           format_func=lambda code: f"{REGION_NAMES.get(code, code)} ({code})", placeholder="Anywhere")
