"""Sources lists every merged row and lets the user keep re-posts: nothing disappears unseen."""

from __future__ import annotations

import polars as pl

from dashboard import duplicates_panel, sources_panel

PAGE = "dashboard/pages/sources.py"
# Rows 2 and 3: the same posting under two ids (a re-post). Rows 2 and 4: the same id and URL (an exact duplicate).
# Row 5: the same title at the same company in another season, which is not a duplicate.
CSV = (
    b"id,company,title,location,season,url\n"
    b'a1,Acme,Data Intern,"Austin, TX",Summer 2027,https://acme.example/jobs/a1\n'
    b'a2,Acme,Data Intern,"Austin, TX",Summer 2027,https://acme.example/jobs/a2\n'
    b'a1,Acme,Data Intern,"Austin, TX",Summer 2027,https://acme.example/jobs/a1\n'
    b'a3,Acme,Data Intern,"Austin, TX",Fall 2027,https://acme.example/jobs/a3\n'
    b'b1,Bolt,Security Intern,"Boston, MA",Summer 2027,https://bolt.example/b1\n'
)


def test_summary_counts_each_reason() -> None:
    merged = pl.DataFrame(
        {
            "reason": [
                "re-post: same company, title, places and terms under another id",
                "identical row",
                "same URL, company, title and terms",
            ]
        }
    )
    assert duplicates_panel.merged_summary(merged) == "3 rows merged into others: 1 re-post, 2 exact duplicates."


def test_merged_rows_are_listed_and_reposts_can_be_kept(app) -> None:
    at = app(PAGE)
    attempt = sources_panel.load_upload(CSV, "jobs.csv", "listings")
    assert attempt.ok and attempt.result.frame.height == 3  # a1, a3 (another season) and b1
    at.session_state[sources_panel.PENDING_KEY] = attempt  # as the Check button stages it (AppTest cannot upload)
    at.run()
    assert not at.exception
    assert at.toggle(key=duplicates_panel.TOGGLE_KEY).value is True
    assert any("2 rows merged into others: 1 re-post, 1 exact duplicate." in e.label for e in at.expander)
    listed = next(frame.value for frame in at.dataframe if "merged_id" in frame.value.columns)
    assert sorted(listed["merged_id"].to_list()) == ["a1", "a2"] and set(listed["kept_id"]) == {"a1"}

    at.toggle(key=duplicates_panel.TOGGLE_KEY).set_value(False).run()  # keep every posting: loads again at once
    assert not at.exception
    kept = at.session_state[sources_panel.PENDING_KEY]
    assert kept.dedupe == "keep" and kept.result.frame.height == 4  # only the exact duplicate is gone
    assert at.toggle(key=duplicates_panel.TOGGLE_KEY).value is False
    assert any("1 row merged into others: 1 exact duplicate." in e.label for e in at.expander)

    at.button(key="use_attempt").click().run()
    assert not at.exception
    assert next(metric.value for metric in at.metric if metric.label == "Listings") == "4"
