"""Corpus entries in JSON: deep nesting, extreme numbers, wrong shapes, duplicate keys, broken documents."""

from __future__ import annotations

import json

from tests.corpus.case import LISTING_HEADER, LISTING_ROWS, Case

RECORDS = [dict(zip(LISTING_HEADER, row, strict=False)) for row in LISTING_ROWS]
TEXT = json.dumps(RECORDS)


def _records_with(key: str, values: list[str]) -> bytes:
    """The base records with raw JSON `values` (literals, not strings) put under `key`."""
    parts = []
    for i, raw in enumerate(values):
        record = dict(RECORDS[i % len(RECORDS)])
        record.pop(key, None)
        parts.append(json.dumps(record)[:-1] + f', "{key}": {raw}}}')
    return ("[" + ",".join(parts) + "]").encode()


def _ndjson(lines: list[str]) -> bytes:
    """Lines joined by newlines."""
    return ("\n".join(lines) + "\n").encode()


CASES: list[Case] = [
    Case("json_deep_array.json", "100,000 nested arrays", lambda: b"[" * 100_000 + b"]" * 100_000, expect="error"),
    Case(
        "json_deep_object.json",
        "20,000 nested objects",
        lambda: b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
        expect="error",
    ),
    Case(
        "json_deep_in_record.json",
        "a record whose company is 20,000 arrays deep",
        lambda: _records_with("company", ["[" * 20_000 + '"x"' + "]" * 20_000]),
        kind="listings",
    ),
    Case(
        "json_huge_numbers.json",
        "salary and posted as 1e308, -1e308, 1e400 (becomes inf) and 5e-324",
        lambda: _records_with("salary", ["1e308", "-1e308", "1e400", "5e-324"]),
        expect="load",
        kind="listings",
    ),
    Case(
        "json_nan_infinity.json",
        "the non-standard NaN, Infinity and -Infinity literals",
        lambda: _records_with("salary", ["NaN", "Infinity", "-Infinity"]),
        kind="listings",
    ),
    Case(
        "json_long_integer.json",
        "an integer of 5,000 digits (Python refuses above 4,300)",
        lambda: _records_with("posted", ["1" * 5_000, "2", "3"]),
        kind="listings",
    ),
    Case(
        "json_counts_inf_nan.json",
        "outcome counts as NaN, Infinity, 1e308 and -1",
        lambda: (
            b'[{"company":"Acme","applications":NaN,"interviews":1,"offers":0},'
            b'{"company":"Beta","applications":Infinity,"interviews":2,"offers":1},'
            b'{"company":"Gamma","applications":1e308,"interviews":2,"offers":1},'
            b'{"company":"Delta","applications":-1,"interviews":2,"offers":1},'
            b'{"company":"Eta","applications":40,"interviews":10,"offers":4}]'
        ),
        kind="outcomes",
    ),
    Case("json_top_number.json", "a single number", lambda: b"42", expect="error"),
    Case("json_top_string.json", "a single string", lambda: b'"company,title"', expect="error"),
    Case("json_top_null.json", "null", lambda: b"null", expect="error"),
    Case("json_top_true.json", "true", lambda: b"true", expect="error"),
    Case("json_empty_array.json", "an empty array", lambda: b"[]", expect="error"),
    Case("json_empty_object.json", "an empty object", lambda: b"{}", expect="error"),
    Case("json_array_of_numbers.json", "an array of numbers", lambda: b"[1, 2, 3]", expect="error"),
    Case(
        "json_array_of_arrays.json",
        "an array of arrays (a table without keys)",
        lambda: json.dumps([LISTING_HEADER] + LISTING_ROWS).encode(),
    ),
    Case("json_array_of_empty_objects.json", "an array of empty objects", lambda: b"[{}, {}, {}]", expect="error"),
    Case(
        "json_duplicate_keys.json",
        "objects that repeat the same key",
        lambda: b'[{"company":"A","company":"B","title":"Intern","title":"Other"}]',
        kind="listings",
    ),
    Case(
        "json_truncated.json",
        "a JSON array cut off mid-record",
        lambda: TEXT[: len(TEXT) * 2 // 3].encode(),
        expect="error",
    ),
    Case(
        "json_trailing_garbage.json", "a valid array followed by garbage", lambda: TEXT.encode() + b"\x00\xff garbage"
    ),
    Case(
        "json_ndjson_junk.jsonl",
        "NDJSON with junk lines between records",
        lambda: _ndjson([json.dumps(RECORDS[0]), "not json", json.dumps(RECORDS[1]), "{", json.dumps(RECORDS[2])]),
    ),
    Case(
        "json_ndjson_clean.jsonl",
        "NDJSON with blank lines and CRLF",
        lambda: ("\r\n\r\n".join(json.dumps(r) for r in RECORDS)).encode(),
        expect="load",
        kind="listings",
        rows=3,
    ),
    Case(
        "json_keyed_by_id.json",
        "an object keyed by id",
        lambda: json.dumps({f"id{i}": r for i, r in enumerate(RECORDS)}).encode(),
        expect="load",
        kind="listings",
        rows=3,
    ),
    Case(
        "json_mixed_value_types.json",
        "a key holding a string, a list, an object, a number and null in turn",
        lambda: _records_with("skills", ['"Python"', '["SQL", 3, null, {"a": 1}]', '{"nested": ["Go"]}', "7", "null"]),
        kind="listings",
    ),
    Case(
        "json_lone_surrogates.json",
        "escaped lone surrogates and NUL characters in strings",
        lambda: _records_with("company", ['"\\ud800Acme"', '"Nul\\u0000Co"', '"\\udfff"']),
        kind="listings",
    ),
    Case(
        "json_wide_object.json",
        "one record with 5,000 keys",
        lambda: json.dumps([{**RECORDS[0], **{f"k{i}": i for i in range(5_000)}}]).encode(),
        kind="listings",
    ),
    Case(
        "json_utf16.json",
        "a JSON array in UTF-16 with a BOM",
        lambda: b"\xff\xfe" + TEXT.encode("utf-16-le"),
        kind="listings",
    ),
    Case(
        "json_markup_values.json",
        "Markdown and HTML in every field of a JSON record",
        lambda: json.dumps(
            [{k: "[x](https://evil.example) <img src=x onerror=alert(1)> **b**" for k in LISTING_HEADER}]
        ).encode(),
        kind="listings",
    ),
    Case(
        "json_wrapped_many_lists.json",
        "an object with two lists of records (which one is the table?)",
        lambda: json.dumps({"a": RECORDS, "b": RECORDS[:1]}).encode(),
    ),
    Case(
        "json_bom_comment.json",
        "a BOM and a JavaScript comment before the array",
        lambda: b"\xef\xbb\xbf// exported\n" + TEXT.encode(),
    ),
]
