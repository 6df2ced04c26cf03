"""Corpus entries in Parquet: out-of-range dates, NaN/inf pay, exotic types, canonical-looking lies, broken files."""

from __future__ import annotations

import datetime as dt
import decimal
import io

import pyarrow as pa
import pyarrow.parquet as pq

from tests.corpus.case import Case

INT64_MAX, INT64_MIN = 2**63 - 1, -(2**63)


def _write(table: pa.Table, **options: object) -> bytes:
    """A Parquet file of `table` (no statistics timestamps, so it is reproducible)."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **options)
    return buffer.getvalue()


def _listings(n: int, **columns: pa.Array | list) -> pa.Table:
    """A canonical-looking listings table of `n` rows with some columns replaced."""
    base: dict[str, pa.Array | list] = {
        "listing_id": [f"L{i}" for i in range(n)],
        "company": [f"Company {i}" for i in range(n)],
        "title": ["Data Science Intern"] * n,
        "field": ["Data Science & Analytics"] * n,
        "locations": [["Austin, TX"]] * n,
        "cities": [["Austin"]] * n,
        "regions": [["US-TX"]] * n,
        "countries": [["US"]] * n,
        "work_mode": ["onsite"] * n,
        "skills": [["Python"]] * n,
        "pay_hourly_usd": [30.0] * n,
        "pay_text": ["$30/hr"] * n,
        "terms": [["Summer 2027"]] * n,
        "posted_date": pa.array([dt.date(2026, 6, 1)] * n, pa.date32()),
        "active": [True] * n,
        "sponsorship": ["unknown"] * n,
        "url": [f"https://x.example/{i}" for i in range(n)],
        "source": ["corpus"] * n,
    }
    base.update(columns)
    types = {
        "locations": pa.list_(pa.large_string()),
        "cities": pa.list_(pa.large_string()),
        "regions": pa.list_(pa.large_string()),
        "countries": pa.list_(pa.large_string()),
        "skills": pa.list_(pa.large_string()),
        "terms": pa.list_(pa.large_string()),
    }
    arrays = {
        k: v if isinstance(v, (pa.Array, pa.ChunkedArray)) else pa.array(v, types.get(k, _guess(v)))
        for k, v in base.items()
    }
    return pa.table(arrays)


def _guess(values: list) -> pa.DataType | None:
    """large_string for text (what polars writes), else let pyarrow infer."""
    sample = next((v for v in values if v is not None), None)
    return pa.large_string() if isinstance(sample, str) else None


def _days(year: int) -> int:
    """Days since 1970-01-01 of 1 January `year` (proleptic Gregorian; works far beyond year 9999)."""
    y = year - 1
    return 365 * y + y // 4 - y // 100 + y // 400 - 719_162


def _outcomes(n: int, **columns: list) -> pa.Table:
    """A canonical-looking per-application outcomes table with some columns replaced."""
    base: dict[str, object] = {
        "application_id": [f"P{i}" for i in range(n)],
        "applicant_id": [f"A{i % 3}" for i in range(n)],
        "listing_id": ["L1"] * n,
        "company": ["Acme"] * n,
        "title": ["Data Intern"] * n,
        "field": ["Other"] * n,
        "term": ["Summer 2027"] * n,
        "region": ["US-TX"] * n,
        "applied_date": pa.array([dt.date(2026, 6, 1)] * n, pa.date32()),
        "stage": ["applied"] * n,
        "status": ["open"] * n,
        "major": ["CS"] * n,
        "class_year": pa.array([2027] * n, pa.int32()),
        "gpa": [3.5] * n,
        "applicant_skills": pa.array([["Python"]] * n, pa.list_(pa.large_string())),
        "source": ["corpus"] * n,
    }
    base.update(columns)
    return pa.table({k: v if isinstance(v, pa.Array) else pa.array(v, _guess(v)) for k, v in base.items()})


def _counts(rows: list[tuple[int | None, ...]]) -> pa.Table:
    """A canonical-looking outcome-counts table (applications, interviews, offers, accepted)."""
    n = len(rows)
    text = pa.large_string()
    return pa.table(
        {
            "company": pa.array([f"C{i}" for i in range(n)], text),
            "title": pa.array(["Intern"] * n, text),
            "field": pa.array(["Other"] * n, text),
            "term": pa.array(["Summer 2027"] * n, text),
            "region": pa.array(["US-TX"] * n, text),
            "major": pa.array(["CS"] * n, text),
            "class_year": pa.array([2027] * n, pa.int32()),
            **{
                name: pa.array([r[i] for r in rows], pa.int64())
                for i, name in enumerate(("applications", "interviews", "offers", "accepted"))
            },
            "source": pa.array(["corpus"] * n, text),
        }
    )


def _exotic() -> pa.Table:
    """Every Arrow type a careless export might contain, next to company and title."""
    n = 3
    return pa.table(
        {
            "company": ["Acme", "Beta", "Gamma"],
            "title": ["Intern"] * n,
            "decimal_pay": pa.array([decimal.Decimal("30.50"), None, decimal.Decimal("-1E+20")], pa.decimal128(38, 10)),
            "time_col": pa.array([dt.time(9, 30), None, dt.time(23, 59, 59)], pa.time64("us")),
            "duration_col": pa.array([1, None, INT64_MAX], pa.duration("ns")),
            "struct_col": pa.array([{"a": 1, "b": "x"}, None, {"a": 2, "b": None}]),
            "list_of_struct": pa.array([[{"skill": "Python"}], [], None]),
            "dict_col": pa.array(["x", "y", "x"]).dictionary_encode(),
            "binary_col": pa.array([b"\x00\xff", None, b"<img src=x>"], pa.binary()),
            "fixed_binary": pa.array([b"abcd", b"efgh", None], pa.binary(4)),
            "map_col": pa.array([[("k", 1)], None, []], pa.map_(pa.string(), pa.int64())),
            "nested_list": pa.array([[[1, 2]], None, [[None]]], pa.list_(pa.list_(pa.int64()))),
            "null_col": pa.nulls(n),
            "uint64_col": pa.array([2**64 - 1, 0, None], pa.uint64()),
            "ts_tz": pa.array([0, INT64_MAX, INT64_MIN + 1], pa.timestamp("ns", tz="America/New_York")),
        }
    )


def _timestamps() -> pa.Table:
    """Posted dates as timestamps at int64 extremes in three units."""
    return pa.table(
        {
            "company": ["A", "B", "C", "D"],
            "title": ["Intern"] * 4,
            "posted_ms": pa.array([INT64_MAX, INT64_MIN, 0, 8_000_000_000_000_000], pa.timestamp("ms")),
            "posted_s": pa.array([9 * 10**15, -(10**15), 1_780_000_000, None], pa.timestamp("s")),
        }
    )


def _date_cases() -> list[Case]:
    """Dates the canonical schema allows but no calendar needs."""
    year_275k = pa.array([_days(2026) + 151, _days(275_000), _days(-275_000)], pa.int32()).cast(pa.date32())
    return [
        Case(
            "pq_dates_year_275000.parquet",
            "canonical listings with posted dates in year 275,000 and -275,000 (date32 allows it)",
            lambda: _write(_listings(3, posted_date=year_275k)),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_dates_year_1_9999.parquet",
            "canonical listings posted in year 1 and 9999",
            lambda: _write(
                _listings(
                    3, posted_date=pa.array([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 6, 1)], pa.date32())
                )
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_dates_int32_extremes.parquet",
            "canonical listings with date32 values of int32 min and max",
            lambda: _write(_listings(2, posted_date=pa.array([2**31 - 1, -(2**31)], pa.int32()).cast(pa.date32()))),
            expect="load",
            kind="listings",
            rows=2,
        ),
        Case(
            "pq_outcomes_dates_far.parquet",
            "canonical outcomes applied in year 275,000",
            lambda: _write(_outcomes(2, applied_date=pa.array([_days(275_000), 20_000], pa.int32()).cast(pa.date32()))),
            expect="load",
            kind="outcomes",
            rows=2,
        ),
        Case(
            "pq_timestamps_extremes.parquet",
            "non-canonical posted timestamps at int64 extremes (ms, s)",
            lambda: _write(_timestamps()),
            kind="listings",
        ),
        Case(
            "pq_date64_far.parquet",
            "a date64 column in year 275,000",
            lambda: _write(
                pa.table(
                    {
                        "company": ["A"],
                        "title": ["Intern"],
                        "posted": pa.array([_days(275_000) * 86_400_000], pa.date64()),
                    }
                )
            ),
            kind="listings",
        ),
    ]


def _value_cases() -> list[Case]:
    """Canonical-looking files whose values break every promise of the schema."""
    nan, inf = float("nan"), float("inf")
    return [
        Case(
            "pq_pay_nan_inf_negative.parquet",
            "canonical listings with pay NaN, inf, -inf, -30, 1e308",
            lambda: _write(_listings(5, pay_hourly_usd=[nan, inf, -inf, -30.0, 1e308])),
            expect="load",
            kind="listings",
            rows=5,
        ),
        Case(
            "pq_values_outside_lists.parquet",
            "canonical listings whose field, work mode and sponsorship are not allowed values",
            lambda: _write(
                _listings(
                    3,
                    field=["Astrology", "[x](https://evil.example)", None],
                    work_mode=["moon", "", "REMOTE"],
                    sponsorship=["maybe", "<b>yes</b>", None],
                )
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_duplicate_listing_ids.parquet",
            "canonical listings with ids 1, 1, 1-2 and a null id",
            lambda: _write(_listings(4, listing_id=["1", "1", "1-2", None])),
            expect="load",
            kind="listings",
        ),
        Case(
            "pq_markup_everywhere.parquet",
            "canonical listings with Markdown, HTML and javascript: URLs in every text column",
            lambda: _write(
                _listings(
                    3,
                    company=["**bold** Co", "[x](https://evil.example)", "<img src=x onerror=alert(1)>"],
                    title=["![t](https://evil.example/p.png)", '=HYPERLINK("https://evil.example")', "+SUM(1)"],
                    url=["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://ok.example"],
                    skills=[["[x](https://evil.example)"], ["<b>Python</b>"], []],
                )
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_null_lists.parquet",
            "canonical listings whose skills, terms and locations are null lists",
            lambda: _write(
                _listings(3, skills=[None, None, ["Python"]], terms=[None, [], None], locations=[None, None, None])
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_outcomes_bad_values.parquet",
            "canonical outcomes with bad stages/statuses, GPA NaN/inf/-1, class years 0/32767, duplicate ids",
            lambda: _write(
                _outcomes(
                    4,
                    stage=["hired", "offer", None, "applied"],
                    status=["open", "maybe", "accepted", "<b>x</b>"],
                    gpa=[nan, inf, -1.0, 1e308],
                    class_year=pa.array([0, 32767, -2027, None], pa.int32()),
                    application_id=["1", "1", "1-2", None],
                )
            ),
            expect="load",
            kind="outcomes",
        ),
        Case(
            "pq_counts_int64_extremes.parquet",
            "canonical outcome counts near int64 max: the sum overflows ('126 offers of 9.2e18')",
            lambda: _write(
                _counts([(INT64_MAX - 100, INT64_MAX - 200, 126, None), (INT64_MAX - 50, 10, 5, 1), (40, 10, 4, 2)])
            ),
            expect="load",
            kind="outcomes",
        ),
        Case(
            "pq_counts_impossible.parquet",
            "canonical outcome counts: offers above interviews, negatives, int64 min",
            lambda: _write(_counts([(10, 20, 30, 40), (-1, -2, -3, None), (INT64_MIN, 0, 0, None), (40, 10, 4, 2)])),
            expect="load",
            kind="outcomes",
        ),
        Case(
            "pq_int64_extremes_noncanonical.parquet",
            "a non-canonical listings file with int64 min/max and uint64 max as pay",
            lambda: _write(
                pa.table(
                    {
                        "company": ["A", "B", "C"],
                        "title": ["Intern"] * 3,
                        "salary": pa.array([INT64_MAX, INT64_MIN, 0], pa.int64()),
                        "hourly": pa.array([2**64 - 1, 1, 2], pa.uint64()),
                    }
                )
            ),
            kind="listings",
        ),
    ]


def _type_cases() -> list[Case]:
    """Arrow types that are legal Parquet and unusual in a table of listings."""
    return [
        Case(
            "pq_exotic_types.parquet",
            "decimal, time, duration, struct, list-of-struct, dictionary, binary, map, nested list, "
            "null, uint64 and tz-aware timestamps",
            lambda: _write(_exotic()),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_categorical.parquet",
            "dictionary-encoded company and title columns",
            lambda: _write(
                pa.table(
                    {
                        "company": pa.array(["A", "B", "A"]).dictionary_encode(),
                        "title": pa.array(["Intern", "Intern", "Data Intern"]).dictionary_encode(),
                    }
                )
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "pq_all_null_columns.parquet",
            "every column of a null type",
            lambda: _write(pa.table({"company": pa.nulls(3), "title": pa.nulls(3)})),
        ),
        Case(
            "pq_canonical_wrong_types.parquet",
            "canonical column names with the wrong types (pay as text, date as int)",
            lambda: _write(
                _listings(2, pay_hourly_usd=["thirty", "NaN"], posted_date=[20_000, -1], active=["yes", "no"])
            ),
        ),
        Case(
            "pq_zero_rows.parquet",
            "a canonical listings file with no rows",
            lambda: _write(_listings(0)),
            expect="error",
        ),
        Case(
            "pq_string_view_types.parquet",
            "large_string, large_binary and dictionary-of-large-string columns",
            lambda: _write(
                pa.table(
                    {
                        "company": pa.array(["A", "B"], pa.large_string()),
                        "title": pa.array(["Intern", "Intern"], pa.large_string()),
                        "blob": pa.array([b"\x00", b"\xff"], pa.large_binary()),
                    }
                )
            ),
            expect="load",
            kind="listings",
            rows=2,
        ),
        Case(
            "pq_duplicate_column_names.parquet",
            "two columns both named 'company'",
            lambda: _write(
                pa.Table.from_arrays(
                    [pa.array(["A", "B"]), pa.array(["C", "D"]), pa.array(["Intern"] * 2)],
                    names=["company", "company", "title"],
                )
            ),
        ),
        Case(
            "pq_wide_500.parquet",
            "500 columns",
            lambda: _write(
                pa.table({"company": ["A"], "title": ["Intern"], **{f"c{i}": [str(i)] for i in range(498)}})
            ),
            expect="load",
            kind="listings",
            rows=1,
        ),
        Case(
            "pq_many_row_groups.parquet",
            "200 row groups of one row",
            lambda: _write(
                pa.table({"company": [f"C{i}" for i in range(200)], "title": ["Intern"] * 200}), row_group_size=1
            ),
            expect="load",
            kind="listings",
            rows=200,
        ),
    ]


def _broken_cases() -> list[Case]:
    """Files that start like Parquet and are not."""
    good = lambda: _write(_listings(3))  # noqa: E731 (deferred: built only when asked)
    return [
        Case("pq_truncated.parquet", "a Parquet file cut in half", lambda: good()[: len(good()) // 2], expect="error"),
        Case("pq_magic_only.parquet", "'PAR1' and nothing else", lambda: b"PAR1", expect="error"),
        Case(
            "pq_magic_both_ends.parquet",
            "'PAR1' + junk + 'PAR1'",
            lambda: b"PAR1" + bytes(range(256)) * 4 + b"PAR1",
            expect="error",
        ),
        Case(
            "pq_footer_length_lies.parquet",
            "a footer length of 2 GiB",
            lambda: good()[:-8] + (2**31 - 1).to_bytes(4, "little") + b"PAR1",
            expect="error",
        ),
        Case(
            "pq_corrupt_pages.parquet",
            "a valid footer over scrambled data pages",
            lambda: (lambda d: d[:4] + bytes(b ^ 0xA5 for b in d[4 : len(d) // 2]) + d[len(d) // 2 :])(good()),
            expect="error",
        ),
    ]


CASES: list[Case] = _date_cases() + _value_cases() + _type_cases() + _broken_cases()
