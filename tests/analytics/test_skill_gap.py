"""Skill gap: matching, readiness, missing skills, the greedy learning path, categories, offer-holders, the plan."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.skill_gap import (
    MATCH_BINS,
    best_openings,
    category_coverage,
    count_offer_holders,
    learning_path,
    match_distribution,
    match_openings,
    missing_skills,
    normalise_my_skills,
    offer_holder_skills,
    readiness,
    share_label,
)
from analytics.skill_plan import build_plan, plan_rows, plan_to_csv_bytes, plan_to_markdown
from data_loaders.schema import conform

CATEGORIES = {
    "Python": "language",
    "SQL": "data",
    "Java": "language",
    "Go": "language",
    "Docker": "tool",
    "Rust": "language",
    "AWS": "cloud",
    "Kubernetes": "cloud",
}


def listings(rows: list[tuple[str, list[str] | None, date | None]]) -> pl.DataFrame:
    """Canonical listings from (listing_id, skills, posted_date); company/title derived from the id."""
    return conform(
        pl.DataFrame(
            {
                "listing_id": [r[0] for r in rows],
                "company": [f"Co {r[0]}" for r in rows],
                "title": [f"Intern {r[0]}" for r in rows],
                "skills": [r[1] for r in rows],
                "posted_date": [r[2] for r in rows],
            },
            schema_overrides={"skills": pl.List(pl.String), "posted_date": pl.Date},
        ),
        "listings",
    )


MATCH_CASE = listings(
    [
        ("L1", ["Python", "SQL"], date(2026, 1, 1)),
        ("L2", ["Python", "Java", "SQL", "Go"], date(2026, 1, 9)),
        ("L3", ["Java"], date(2026, 1, 9)),
        ("L4", [], date(2026, 1, 9)),
        ("L5", ["SQL", "Docker", "SQL"], date(2026, 1, 8)),  # a duplicate is counted once
        ("L6", ["Python", None, "Rust"], date(2026, 1, 2)),  # a null inside the list is dropped
        ("L7", None, None),  # no skills at all: left out like L4
    ]
)


def test_match_openings_counts_lists_and_order() -> None:
    result = match_openings(MATCH_CASE, ["SQL", "Python", " Python "]).select(
        "listing_id", "n_required", "n_matched", "n_missing", "match", "matched_skills", "missing_skills"
    )
    expected = pl.DataFrame(
        {
            # best match first; then fewer missing (L5/L6 before L2); then newest (L5 before L6).
            "listing_id": ["L1", "L5", "L6", "L2", "L3", "L4", "L7"],
            "n_required": [2, 2, 2, 4, 1, 0, 0],
            "n_matched": [2, 1, 1, 2, 0, 0, 0],
            "n_missing": [0, 1, 1, 2, 1, 0, 0],
            "match": [1.0, 0.5, 0.5, 0.5, 0.0, None, None],
            "matched_skills": [["Python", "SQL"], ["SQL"], ["Python"], ["Python", "SQL"], [], [], []],
            "missing_skills": [[], ["Docker"], ["Rust"], ["Java", "Go"], ["Java"], [], []],
        },
        schema_overrides={"n_required": pl.Int32, "n_matched": pl.Int32, "n_missing": pl.Int32},
    )
    assert_frame_equal(result, expected)


def test_match_openings_keeps_opening_columns() -> None:
    assert match_openings(MATCH_CASE, []).columns == [
        "listing_id",
        "company",
        "title",
        "field",
        "locations",
        "work_mode",
        "pay_hourly_usd",
        "terms",
        "posted_date",
        "url",
        "n_required",
        "n_matched",
        "n_missing",
        "match",
        "matched_skills",
        "missing_skills",
    ]


def test_readiness_counts_and_labels() -> None:
    result = readiness(MATCH_CASE, ["Python", "SQL"], threshold=0.5)
    distribution = result.pop("distribution")
    assert result == {
        "n_openings": 7,
        "n_considered": 5,
        "n_without_skills": 2,
        "threshold": 0.5,
        "n_fully_matched": 1,
        "share_fully_matched": 0.2,
        "label_fully_matched": "20 % (1 of 5)",
        "n_above_threshold": 4,
        "share_above_threshold": 0.8,
        "label_above_threshold": "80 % (4 of 5)",
    }
    assert distribution.get_column("count").sum() == 5


def test_readiness_threshold_uses_exact_counts() -> None:
    # 7 of 10 is exactly 70 %: float 0.7 * 10 must not push it below the threshold.
    names = [f"Made-up skill {i}" for i in range(10)]  # not aliases of real skills ("S3" is AWS)
    frame = listings([("A", names, None)])
    assert readiness(frame, names[:7], threshold=0.7)["n_above_threshold"] == 1
    assert readiness(frame, names[:6], threshold=0.7)["n_above_threshold"] == 0


def test_readiness_rejects_bad_threshold() -> None:
    with pytest.raises(ValueError, match="threshold must be between 0 and 1"):
        readiness(MATCH_CASE, ["Python"], threshold=80)


def test_readiness_on_nothing() -> None:
    result = readiness(listings([("A", [], None)]), ["Python"])
    assert (result["n_considered"], result["share_fully_matched"], result["label_fully_matched"]) == (
        0,
        None,
        "– (0 of 0)",
    )


def test_match_distribution_bins() -> None:
    # matches 0, 1/3, 7/10, 9/10, 99/100, 1, 1 -> bins 0, 30, 70, 90, 90, 100, 100.
    frame = listings(
        [
            ("a", ["X"], None),
            ("b", ["P", "X", "Y"], None),
            ("c", ["P"] + [f"Q{i}" for i in range(6)] + ["X", "Y", "Z"], None),
            ("d", ["P"] + [f"Q{i}" for i in range(8)] + ["X"], None),
            ("e", ["P"] + [f"R{i}" for i in range(98)] + ["X"], None),
            ("f", ["P"], None),
            ("g", ["P", "Q0"], None),
        ]
    )
    mine = ["P"] + [f"Q{i}" for i in range(8)] + [f"R{i}" for i in range(98)]
    result = match_distribution(frame, mine)
    counts = [1, 0, 0, 1, 0, 0, 0, 1, 0, 2, 2]
    expected = pl.DataFrame(
        {
            "bin": list(MATCH_BINS),
            "lower_pct": [10 * i for i in range(11)],
            "count": counts,
            "share": [c / 7 for c in counts],
        }
    )
    assert_frame_equal(result, expected)
    assert MATCH_BINS[0] == "0–10 %" and MATCH_BINS[-2:] == ("90–100 %", "100 %")


@pytest.mark.parametrize(
    ("count", "total", "label"),
    [
        (140, 412, "34 % (140 of 412)"),
        (0, 412, "0 % (0 of 412)"),
        (412, 412, "100 % (412 of 412)"),
        (1, 1000, "<1 % (1 of 1,000)"),
        (999, 1000, ">99 % (999 of 1,000)"),
        (3, 4, "75 % (3 of 4)"),
        (0, 0, "– (0 of 0)"),
    ],
)
def test_share_label(count: int, total: int, label: str) -> None:
    assert share_label(count, total) == label


def test_missing_skills_counts_unlocks_and_category() -> None:
    result = missing_skills(MATCH_CASE, ["Python", "SQL"], k=3, categories=CATEGORIES)
    expected = pl.DataFrame(
        {
            # Java is missing in L2 and L3 (only-missing in L3); Docker and Rust once each, alone;
            # Go (missing once, never alone) loses the tie on unlocks and is cut by k=3.
            "skill": ["Java", "Docker", "Rust"],
            "count": [2, 1, 1],
            "share": [0.4, 0.2, 0.2],
            "label": ["40 % (2 of 5)", "20 % (1 of 5)", "20 % (1 of 5)"],
            "unlocks": [1, 1, 1],
            "category": ["language", "tool", "language"],
        }
    )
    assert_frame_equal(result, expected)


def test_missing_skills_unknown_category_is_other() -> None:
    result = missing_skills(listings([("a", ["Fortran"], None)]), [], categories={})
    assert result.select("skill", "category").rows() == [("Fortran", "other")]


# Six openings where every greedy pick is unique (worked by hand in the comments).
PATH_CASE = listings(
    [
        ("O1", ["Python", "SQL"], None),  # missing SQL
        ("O2", ["SQL"], None),  # missing SQL
        ("O3", ["Python", "Docker"], None),  # missing Docker
        ("O4", ["Docker", "AWS"], None),  # missing Docker, AWS
        ("O5", ["AWS", "Kubernetes", "Docker"], None),  # missing all three
        ("O6", ["Python"], None),  # already fully matched
    ]
)


def test_learning_path_unique_greedy_picks() -> None:
    result = learning_path(PATH_CASE, ["Python"], steps=5).drop("reason", "search")
    expected = pl.DataFrame(
        {
            # SQL completes O1+O2; then Docker completes O3; AWS completes O4; Kubernetes completes O5.
            "step": [1, 2, 3, 4],
            "skill": ["SQL", "Docker", "AWS", "Kubernetes"],
            "gain": [2, 1, 1, 1],
            "demand": [2, 3, 2, 1],
            "cumulative_fully_matched": [3, 4, 5, 6],
            "cumulative_share": [0.5, 4 / 6, 5 / 6, 1.0],
        }
    )
    assert_frame_equal(result, expected)


def test_learning_path_ties_and_fallback() -> None:
    frame = listings(
        [("a", ["A", "B"], None), ("b", ["A", "C"], None), ("c", ["B", "C"], None), ("d", ["D", "E"], None)]
    )
    result = learning_path(frame, [], steps=5).drop("search")
    expected = pl.DataFrame(
        {
            # Step 1: nothing completes alone -> most demanded, A/B/C tie at 2 -> alphabetical A.
            # Step 2: B and C each complete one, equal demand -> B. Step 3: C completes two.
            # Step 4: D and E tie on everything -> D (fallback). Step 5: E completes d.
            "step": [1, 2, 3, 4, 5],
            "skill": ["A", "B", "C", "D", "E"],
            "gain": [0, 1, 2, 0, 1],
            "demand": [2, 2, 2, 1, 1],
            "cumulative_fully_matched": [0, 1, 3, 3, 4],
            "cumulative_share": [0.0, 0.25, 0.75, 0.75, 1.0],
            "reason": [
                "no single skill completes an opening; most demanded (2 openings)",
                "completes 1 more opening",
                "completes 2 more openings",
                "no single skill completes an opening; most demanded (1 opening)",
                "completes 1 more opening",
            ],
        }
    )
    assert_frame_equal(result, expected)


def test_learning_path_stops_when_nothing_is_missing() -> None:
    result = learning_path(PATH_CASE, ["Python", "SQL", "Docker", "AWS", "Kubernetes"], steps=3)
    assert result.height == 0 and result.columns[:3] == ["step", "skill", "gain"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("ABCDEFG"), max_size=4), min_size=1, max_size=12),
    st.lists(st.sampled_from("ABCDEFG"), max_size=3),
)
def test_learning_path_cumulative_matches_a_recount(skill_lists: list[list[str]], mine: list[str]) -> None:
    # Whatever the greedy picks, its running total must equal readiness recomputed with those skills.
    frame = listings([(str(i), s, None) for i, s in enumerate(skill_lists)])
    path = learning_path(frame, mine, steps=3)
    learned = list(mine)
    for row in path.iter_rows(named=True):
        learned.append(row["skill"])
        assert readiness(frame, learned)["n_fully_matched"] == row["cumulative_fully_matched"]


def test_category_coverage() -> None:
    result = category_coverage(MATCH_CASE, ["Python", "SQL"], categories=CATEGORIES)
    expected = pl.DataFrame(
        {
            # language: L1, L2, L3, L6 ask Python/Java/Go/Rust; requests Python x3, Java x2, Go, Rust.
            "category": ["language", "data", "tool"],
            "openings": [4, 3, 1],
            "demand_share": [0.8, 0.6, 0.2],
            "demand_label": ["80 % (4 of 5)", "60 % (3 of 5)", "20 % (1 of 5)"],
            "requests": [7, 3, 1],
            "requests_held": [3, 3, 0],
            "held_share": [3 / 7, 1.0, 0.0],
            "held_label": ["43 % (3 of 7)", "100 % (3 of 3)", "0 % (0 of 1)"],
            "skills_asked": [4, 1, 1],
            "skills_held": [["Python"], ["SQL"], []],
            "top_missing": [["Java", "Go", "Rust"], [], ["Docker"]],
        },
        schema_overrides={"skills_asked": pl.Int64},
    )
    assert_frame_equal(result, expected)


def outcomes(rows: list[tuple[str, str, str, list[str]]]) -> pl.DataFrame:
    """Canonical outcomes from (applicant_id, field, stage, applicant_skills)."""
    return conform(
        pl.DataFrame(
            {
                "applicant_id": [r[0] for r in rows],
                "field": [r[1] for r in rows],
                "stage": [r[2] for r in rows],
                "applicant_skills": [r[3] for r in rows],
            },
            schema_overrides={"applicant_skills": pl.List(pl.String)},
        ),
        "outcomes",
    )


DS = "Data Science & Analytics"
OFFERS = outcomes(
    [(f"p{i}", DS, "offer" if i % 2 else "accepted", ["Python", "SQL"] if i < 3 else ["Python"]) for i in range(4)]
    + [("p0", DS, "offer", ["Python", "SQL"])]  # a second offer for p0 counts once
    + [("q1", DS, "interview", ["Rust"]), ("q2", "Software Engineering", "offer", ["Go"]), ("q3", DS, "offer", [])]
)


def test_offer_holder_skills_shares() -> None:
    result = offer_holder_skills(OFFERS, DS, ["SQL"], min_group=4)
    assert count_offer_holders(OFFERS, DS) == 4
    assert result.select("skill", "holders", "n", "share", "label", "you_have").rows() == [
        ("Python", 4, 4, 1.0, "100 % (4 of 4)", False),
        ("SQL", 3, 4, 0.75, "75 % (3 of 4)", True),
    ]
    low, high = result.row(1, named=True)["low"], result.row(1, named=True)["high"]
    assert low == pytest.approx(0.3006, abs=1e-3) and high == pytest.approx(0.9544, abs=1e-3)


def test_offer_holder_skills_suppressed_below_min_group() -> None:
    result = offer_holder_skills(OFFERS, DS, ["SQL"], min_group=5)
    assert result.height == 0 and result.columns == [
        "skill",
        "holders",
        "n",
        "share",
        "low",
        "high",
        "label",
        "you_have",
    ]


def test_plan_markdown_and_csv() -> None:
    plan = build_plan(PATH_CASE, ["Python"], description="All openings", top=2, k=2, steps=2, categories=CATEGORIES)
    text = plan_to_markdown(plan)
    assert "_All openings_" in text and "**Your skills:** Python" in text
    assert "- Fully matched (you hold every skill asked): 17 % (1 of 6)" in text
    assert "| 1 | Co O6 | Intern O6 | 100 % |  |" in text
    assert "| Docker | 50 % (3 of 6) | 1 | tool |" in text
    assert "| 1 | SQL | completes 2 more openings | 3 (50 %) |" in text
    assert plan_rows(plan).get_column("section").to_list() == (
        ["readiness"] * 3 + ["best opening"] * 2 + ["missing skill"] * 2 + ["learning path"] * 2
    )
    data = plan_to_csv_bytes(plan)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == {
        "section": "readiness",
        "rank": "",
        "item": "openings considered",
        "value": "6.0",
        "detail": "0 listing no skills left out",
    }
    assert rows[-1]["item"] == "Docker" and rows[-1]["detail"].startswith("completes 1 more opening")


def _zshah_listings(folder) -> pl.DataFrame:
    """The 250 real openings of the zshah feed with their 'Python; C++; Git' skill tags split."""
    raw = pl.read_csv(folder / "zshah-intern-engine" / "internships.csv", infer_schema=False)
    skills = (
        pl.col("skills")
        .fill_null("")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
    )
    return conform(raw.select(pl.col("id").alias("listing_id"), "company", "title", skills.alias("skills")), "listings")


@pytest.mark.realdata
def test_real_feed_path_agrees_with_recount(realdata) -> None:
    frame = _zshah_listings(realdata)
    mine = ["Python", "SQL"]
    matches = match_openings(frame, mine)
    ready = readiness(frame, mine)
    assert matches.filter(pl.col("match") == 1).height == ready["n_fully_matched"]
    assert ready["n_considered"] == frame.filter(pl.col("skills").list.len() > 0).height
    path = learning_path(frame, mine, steps=4)
    assert path.height == 4 and path.get_column("cumulative_fully_matched").is_sorted()
    final = readiness(frame, mine + path.get_column("skill").to_list())["n_fully_matched"]
    assert final == path.get_column("cumulative_fully_matched")[-1]
    top = missing_skills(frame, mine, k=5, categories={})
    assert top.get_column("count").is_sorted(descending=True)


@pytest.mark.parametrize("top", [1, 3, 5, 10])
def test_best_openings_is_the_head_of_match_openings(top: int) -> None:
    expected = match_openings(MATCH_CASE, ["Python", "SQL"]).filter(pl.col("match").is_not_null()).head(top)
    assert_frame_equal(best_openings(MATCH_CASE, ["Python", "SQL"], top), expected)


def test_missing_skills_default_categories_come_from_the_taxonomy() -> None:
    result = missing_skills(listings([("a", ["Python", "Docker", "Made Up Skill"], None)]), [])
    assert dict(result.select("skill", "category").rows()) == {
        "Python": "language",
        "Docker": "cloud",
        "Made Up Skill": "other",
    }


def test_normalise_my_skills_canonicalises() -> None:
    assert normalise_my_skills(["python", " SQL ", "postgres", "Made Up", "", "Python"]) == [
        "Made Up",
        "PostgreSQL",
        "Python",
        "SQL",
    ]
    assert normalise_my_skills("python") == ["Python"]


def test_answers_follow_the_frame_and_the_skills_with_no_module_cache() -> None:
    import analytics.skill_gap as skill_gap

    first = listings([("a", ["Python"], None)])
    assert readiness(first, ["Python"])["n_fully_matched"] == 1
    assert readiness(first, ["SQL"])["n_fully_matched"] == 0  # new skills: a new answer
    second = listings([("a", ["SQL"], None)])
    assert readiness(second, ["Python"])["n_fully_matched"] == 0  # new frame: a new answer
    # Analytics are pure: nothing derived is kept at module level (the dashboard memoises).
    assert not [
        name
        for name, value in vars(skill_gap).items()
        if name.startswith("_") and isinstance(value, (dict, tuple)) and not name.startswith("__")
    ]


def test_gap_frames_compute_each_frame_once() -> None:
    from analytics.skill_gap import GapFrames, missing_skills_of, readiness_of

    gap = GapFrames(listings([("a", ["Python", "SQL"], None), ("b", ["SQL"], None)]), ["python"])
    assert gap.mine == ["Python"]
    assert gap.considered() is gap.considered()
    assert readiness_of(gap)["n_considered"] == 2
    assert missing_skills_of(gap)["skill"].to_list() == ["SQL"]
    calls: list[int] = []
    assert gap.derived("x", lambda: calls.append(1) or 7) == 7 and gap.derived("x", lambda: calls.append(1) or 8) == 7
    assert calls == [1]
