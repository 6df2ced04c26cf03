"""Internship Insights: the Streamlit entry point (page config, navigation, shared filter panel, footer)."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root; the
# packages (dashboard, analytics, data_loaders) are imported from the root.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import components, layout, state  # noqa: E402
from dashboard.safe_text import md  # noqa: E402
from data_loaders.errors import LoadError  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "pages"
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
        path = PAGES_DIR / filename
        if not path.is_file():
            continue
        page = st.Page(f"pages/{filename}", title=title, icon=icon, default=filename == "overview.py")
        sections.setdefault(section, []).append(page)
    return sections


# Local icon: a ":material/..." icon would make the browser fetch the favicon from Google Fonts.
st.set_page_config(
    page_title="Internship Insights", page_icon=str(ROOT / "dashboard" / "static" / "favicon.png"), layout="wide"
)
components.apply_present_mode()
layout.apply_layout()  # phone layout: chips and KPI labels wrap, phone-only tables (dashboard/layout.py)

navigation = st.navigation(build_navigation())

try:
    dataset = state.current_dataset()
except LoadError as error:
    dataset = None
    st.error(md(error), icon=":material/error:")

if dataset is not None:
    with st.sidebar:
        components.filter_panel(dataset.listings)
        components.data_sidebar(dataset)  # before the page runs: a page that stops early still names its data
    components.show_link_notes()

navigation.run()

if dataset is not None:
    # Sources, load times and "synthetic" where it is, on every page; Forget for a session's own data.
    components.data_footer(state.current_dataset())
