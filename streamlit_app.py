"""Internship Insights: the Streamlit entry point (page config, navigation, shared filter panel, footer).

It sits at the project root, Streamlit's convention, so `dashboard/pages/` is not beside it and Streamlit never
switches to its legacy pages-directory mode; `static/` beside it is what `server.enableStaticServing` serves.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import startup_gate

# Under `make run` another thread is importing the modules below while the server starts (dashboard/serve.py): the
# first run waits for it instead of importing them at the same time. Elsewhere the gate is open.
startup_gate.wait()

from dashboard import ahead, components, filter_panel, first_page, layout, state, warmup  # noqa: E402
from dashboard.safe_text import md  # noqa: E402
from data_loaders.errors import LoadError  # noqa: E402

ROOT = Path(__file__).resolve().parent
PAGES_DIR = Path("dashboard") / "pages"  # st.Page paths are relative to this script
# (section, file, title, icon). A page whose file does not exist yet is left out, so the app
# always runs while pages are being written.
PAGE_TABLE: tuple[tuple[str, str, str, str], ...] = (
    ("Explore", "overview.py", "Overview", ":material/dashboard:"),
    ("Explore", "openings.py", "Openings", ":material/work:"),
    ("Explore", "skills_demand.py", "Skills demand", ":material/trending_up:"),
    ("Explore", "acceptance_rates.py", "Acceptance rates", ":material/percent:"),
    ("Explore", "market_pulse.py", "Market pulse", ":material/monitor_heart:"),
    ("For students", "skill_gap.py", "Skill gap", ":material/school:"),
    ("For employers", "benchmark.py", "Benchmark", ":material/compare_arrows:"),
    ("For career offices", "report.py", "Report", ":material/description:"),
    ("Data", "sources.py", "Sources", ":material/database:"),
)


def build_navigation() -> dict[str, list[st.Page]]:
    """The navigation sections holding only the page files that exist; Overview is the default."""
    sections: dict[str, list[st.Page]] = {}
    for section, filename, title, icon in PAGE_TABLE:
        if not (ROOT / PAGES_DIR / filename).is_file():
            continue
        page = st.Page(PAGES_DIR / filename, title=title, icon=icon, default=filename == "overview.py")
        sections.setdefault(section, []).append(page)
    return sections


# Local icon: a ":material/..." icon would make the browser fetch the favicon from Google Fonts.
st.set_page_config(page_title="Internship Insights", page_icon=str(ROOT / "static" / "favicon.png"), layout="wide")
layout.apply_layout()  # phone layout: chips and KPI labels wrap, phone-only tables (dashboard/layout.py)

# Presentation view (?present=1): no navigation menu and no filter panel, so no sidebar at all; the link's
# filters still apply.
present = components.is_present_mode()
navigation = st.navigation(build_navigation(), position="hidden" if present else "sidebar")

dataset: state.Dataset | None
try:
    dataset = state.current_dataset()
except LoadError as error:
    dataset = None
    st.error(md(error), icon=":material/error:")

if dataset is not None:
    warmup.ensure(dataset)  # the shared data's default views, prepared in the background once the first page is out
    if present:
        filter_panel.link_filters(dataset.listings)
    else:
        with st.sidebar:
            # The page's own counting begins on a worker as soon as the panel knows the filters (dashboard/ahead.py).
            filter_panel.filter_panel(dataset.listings, dataset, ahead.page_work(navigation.title, dataset))
            components.data_sidebar(dataset)  # before the page runs: a page that stops early still names its data
    filter_panel.show_link_notes()

try:
    navigation.run()
finally:
    first_page.page_shown()  # a page is out: background work may start once it is drawn (dashboard/first_page.py)
if warmup.latest() is not None:
    warmup.import_page_modules()  # once: what the next pages import (pandas for tables: ~1 s), after this page is out

if dataset is not None:
    # Sources, load times and "synthetic" where it is, on every page; Forget for a session's own data.
    components.data_footer(state.current_dataset())
