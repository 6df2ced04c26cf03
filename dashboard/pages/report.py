"""Report: a printable, self-contained HTML report of the current filters for career offices, with a preview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import background, components, layout, outcome_views, report_html, state
from dashboard.safe_text import md

TABLE_ROWS_PX = 35  # st.dataframe row height, so a ten-row table shows whole without a scrollbar
PHONE_WIDTHS = (146, 76, 96)  # a report table's first three columns on a phone (dashboard/layout.py)

dataset = components.require_dataset()
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec)
st.title("Report")
components.filter_sentence(spec, listings.height, dataset.listings.height)
st.caption(
    "Choose the sections, name the report, then download one HTML file: it opens offline in any browser, "
    "keeps the charts interactive, and prints with a page per section."
)

left, right = st.columns(2)
with left:
    title = st.text_input(
        "Report title", value=report_html.DEFAULT_TITLE, key="title", bind="query-params", max_chars=120
    )
with right:
    institution = st.text_input(
        "Institution",
        key="institution",
        bind="query-params",
        max_chars=120,
        placeholder="e.g. Career Center, Example University",
    )
# The headings themselves are the options: a bound multiselect writes its displayed labels into the URL.
headings = st.multiselect(
    "Sections",
    list(report_html.SECTIONS.values()),
    default=list(report_html.SECTIONS.values()),
    key="sections",
    bind="query-params",
)
chosen = tuple(key for key, heading in report_html.SECTIONS.items() if heading in headings)
if not chosen:
    st.info("Choose at least one section to build a report.", icon=":material/checklist:")
    st.stop()
if listings.height == 0:
    components.empty_state("No openings match these filters, so the listing sections will say so.")

min_group = state.min_group_size()


background.wait_for_outcomes(dataset)  # "Loading outcomes…" on a fresh server
# Outcome counts are shared with the Acceptance rates page (state.outcome_counts: 10M rows, once).
sections = outcome_views.report_sections(dataset, listings, spec, chosen, min_group)
generated_at = dt.datetime.now(dt.UTC)
sources = f"{dataset.provenance()} {dataset.sources}".strip()
if not dataset.has_listings:
    st.info(
        md(
            "There are no listings in this session (only outcomes were loaded), so the listing sections are empty. "
            "To add them, load a listings file on the Sources page."
        ),
        icon=":material/upload_file:",
    )
if "rates" in chosen and not dataset.has_outcomes:
    components.no_outcomes("the report's acceptance rates section is empty")
st.download_button(
    "Download HTML report",
    # Built only on click: the file inlines plotly.js (about 5 MB), too much to build on every rerun.
    data=lambda: report_html.build_report(
        listings,
        dataset.outcomes,
        spec,
        n_total=dataset.listings.height,
        title=title,
        institution=institution,
        sources=sources,
        min_group=min_group,
        generated_at=dt.datetime.now(dt.UTC),
        sections=sections,
        synthetic=dataset.synthetic,
    ).encode("utf-8"),
    file_name=report_html.report_filename(title, generated_at, synthetic=dataset.synthetic),
    mime="text/html",
    key="report_download",
    on_click="ignore",
    type="primary",
    icon=":material/download:",
)

st.divider()
# The title and institution come from the link: shown as text, never as Markdown.
st.subheader(f"Preview: {md(title.strip() or report_html.DEFAULT_TITLE)}")
if institution.strip():
    st.caption(md(institution.strip()))
for section in sections:
    st.header(section.heading, divider="gray")
    components.kpi_row([components.Kpi(kpi.label, kpi.value, note=kpi.note) for kpi in section.kpis])
    for index, item in enumerate(section.figures):
        # The memoised figure itself: `components.plotly` restyles a copy for presentation mode, never the figure.
        components.plotly(item.figure, alt=item.alt, key=f"report_{section.key}_{index}")
    for index, (caption, table) in enumerate(section.tables):
        st.caption(md(caption))
        layout.table(
            table,
            f"report_table_{section.key}_{index}",
            phone=dict(zip(table.columns[:3], PHONE_WIDTHS, strict=False)),  # the name and its first two figures
            height=TABLE_ROWS_PX * (table.height + 1) + 3,
        )
    for note in section.notes:
        st.caption(md(note))

st.header("Methodology", divider="gray")
items = report_html.methodology(
    listings,
    spec,
    sections,
    n_total=dataset.listings.height,
    sources=sources,
    min_group=min_group,
    generated_at=generated_at,
)
st.html(report_html.methodology_html(items))
