"""Corpus entries that are (or pretend to be) Excel workbooks: far cells, bombs, lying headers, broken zips."""

from __future__ import annotations

import io
import re

from tests.corpus.case import COUNT_HEADER, LISTING_HEADER, LISTING_ROWS, Case, listings_csv
from tests.corpus.zipkit import (
    NS,
    SHEET_HEAD,
    Repeated,
    cell,
    column_letters,
    shared_strings,
    sheet_xml,
    workbook,
    zip_bytes,
)

TABLE = [LISTING_HEADER] + LISTING_ROWS


def _far_cell(with_table: bool) -> bytes:
    """One cell at XFD1048576 (the last cell a sheet can have), alone or below a real table."""
    rows = TABLE if with_table else []
    tail = f'<row r="1048576">{cell("XFD1048576", "far")}</row>'
    xml = sheet_xml(rows, dimension="A1:XFD1048576").replace(b"</sheetData>", tail.encode() + b"</sheetData>")
    return workbook([("Sheet1", xml)])


def _single_cell_at(ref: str, row: str, with_table: bool = True) -> bytes:
    """A table plus one cell whose reference is odd (far, zero, negative, overflowing)."""
    tail = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>odd</t></is></c></row>'
    xml = sheet_xml(TABLE if with_table else []).replace(b"</sheetData>", tail.encode() + b"</sheetData>")
    return workbook([("Sheet1", xml)])


def _rows_bomb(megabytes: int) -> bytes:
    """A sheet whose XML inflates to `megabytes` MB of identical two-cell rows (no r= attributes)."""
    row = b"<row><c><v>1</v></c><c><v>2</v></c></row>"  # short rows compress best: about 340 to 1
    chunk = row * (1_048_576 // len(row))
    head = (
        SHEET_HEAD.encode()
        + b'<sheetData><row><c t="inlineStr"><is><t>company</t></is></c><c t="inlineStr"><is><t>title</t></is></c></row>'
    )
    return workbook(
        [("Sheet1", Repeated(head, chunk, megabytes * 1_048_576 // len(chunk), b"</sheetData></worksheet>"))]
    )


def _whitespace_bomb(megabytes: int) -> bytes:
    """A sheet whose XML is a small table and then `megabytes` MB of spaces."""
    xml = sheet_xml(TABLE)
    head, _, tail = xml.partition(b"</sheetData>")
    return workbook([("Sheet1", Repeated(head, b" " * 1_048_576, megabytes, b"</sheetData>" + tail))])


def _shared_bomb(megabytes: int, one_string: bool) -> bytes:
    """Shared strings inflating to `megabytes` MB: one giant string, or millions of tiny ones."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>'.encode() + (b"<si><t>" if one_string else b"")
    chunk = b"Intern " * 37_449 if one_string else b"<si><t>Intern</t></si>" * 11_916
    tail = (b"</t></si>" if one_string else b"") + b"<si><t>company</t></si><si><t>title</t></si></sst>"
    times = megabytes * 1_048_576 // len(chunk)
    first = 0 if one_string else times * 11_916
    rows = [[("s", first + 1), ("s", first + 2)], [("s", 0), ("s", 0)]]
    return workbook([("Sheet1", sheet_xml(rows))], Repeated(head, chunk, times, tail))


def _entity_bomb() -> bytes:
    """'Billion laughs': nested XML entities in the shared strings (a DTD no workbook needs)."""
    dtd = (
        '<!DOCTYPE sst [<!ENTITY a "lollollollollollollollollollol">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    sst = f'<?xml version="1.0"?>{dtd}<sst {NS}><si><t>company</t></si><si><t>&j;</t></si><si><t>title</t></si></sst>'
    return workbook([("Sheet1", sheet_xml([[("s", 0), ("s", 2)], [("s", 1), "Intern"]]))], sst.encode())


def _external_entity() -> bytes:
    """An external entity pointing at /etc/passwd: its content must never reach the data."""
    sst = (
        f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst {NS}>'
        "<si><t>company</t></si><si><t>&xxe;</t></si><si><t>title</t></si></sst>"
    )
    return workbook([("Sheet1", sheet_xml([[("s", 0), ("s", 2)], [("s", 1), "Intern"]]))], sst.encode())


def _good_book(rows: list[list[object]] | None = None) -> bytes:
    """An ordinary one-sheet workbook of the base listings."""
    return workbook([("Listings", sheet_xml(TABLE if rows is None else rows))])


def _openpyxl_features() -> bytes:
    """A workbook written by openpyxl with formulas, errors, merged cells, dates, booleans and percentages."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jobs"
    sheet.append(LISTING_HEADER + ["active", "pay_share"])
    sheet.append(
        [
            "Acme Robotics",
            "Software Intern",
            "Austin, TX",
            "=20+10",
            "Python",
            dt.date(2026, 6, 1),
            "Summer 2027",
            "https://acme.example/1",
            True,
            0.5,
        ]
    )
    sheet.append(
        [
            "Beta",
            "Data Intern",
            "Remote",
            "#DIV/0!",
            "SQL",
            46174,
            "Fall 2026",
            '=HYPERLINK("https://evil.example","x")',
            False,
            "#N/A",
        ]
    )
    sheet.append(
        [
            "Merged Co",
            "Merged title",
            "Boston, MA",
            "$30/hr",
            None,
            dt.datetime(2026, 6, 2, 13, 30),
            "Summer 2027",
            None,
            None,
            None,
        ]
    )
    sheet.merge_cells("A4:B5")
    sheet.append([None, None, "Chicago, IL", "=1/0", "Go", "=TODAY()", "Summer 2027", "https://x.example", "yes", None])
    sheet["J2"].number_format = "0%"
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return _normalise_zip_times(buffer.getvalue())


def _normalise_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps (zip headers and document properties) so openpyxl output is reproducible."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    # openpyxl stamps docProps/core.xml with the time of saving; pin it.
    parts = [
        (
            info.filename,
            re.sub(
                rb"<dcterms:modified([^>]*)>[^<]*<",
                rb"<dcterms:modified\1>2026-01-01T00:00:00Z<",
                source.read(info.filename),
            ),
        )
        for info in source.infolist()
    ]
    return zip_bytes(parts)


def _broken(data: bytes, how: str) -> bytes:
    """A valid workbook truncated or with its central directory scrambled."""
    if how == "truncate":
        return data[: len(data) // 2]
    central = data.rfind(b"PK\x01\x02")
    return data[:central] + bytes(b ^ 0x5A for b in data[central : central + 40]) + data[central + 40 :]


def _many_sheets(count: int) -> bytes:
    """`count` sheets with the same header (they are stacked)."""
    return workbook([(f"S{i}", sheet_xml(TABLE)) for i in range(count)])


def _bad_dates() -> bytes:
    """Date-formatted cells holding serials Excel itself cannot show (1e308, -1, year 10000, NaN text)."""
    rows = [LISTING_HEADER] + [
        r[:5] + [("date", v)] + r[6:]
        for r, v in zip(LISTING_ROWS * 3, [1e308, -1, 2958466, 1e15, 0, 60, 2.5e9, -1e308, 1e-300], strict=False)
    ]
    return workbook([("Sheet1", sheet_xml(rows))])


def _odd_values() -> bytes:
    """Shared-string indexes out of range, error cells and formulas without cached values."""
    rows = [
        LISTING_HEADER,
        [("s", 99999), ("s", -1), ("s", "1e30"), ("e", "#REF!"), ("f", "=A1", ""), "2026-06-01", "Summer 2027", "x"],
    ]
    return workbook([("Sheet1", sheet_xml(rows + LISTING_ROWS))], shared_strings(["company"]))


def _deep_inline() -> bytes:
    """A cell whose inline string nests 50,000 rich-text runs (a recursive XML reader would overflow)."""
    deep = "<r>" * 50_000 + "<t>Deep</t>" + "</r>" * 50_000
    xml = sheet_xml(TABLE).replace(
        b"</sheetData>", f'<row r="9"><c r="A9" t="inlineStr"><is>{deep}</is></c></row></sheetData>'.encode()
    )
    return workbook([("Sheet1", xml)])


def _counts_book() -> bytes:
    """Outcome counts with inf, NaN and extreme numbers typed as numbers and as text."""
    rows = [
        COUNT_HEADER,
        ["Acme", "Other", "inf", 3, 1, None],
        ["Beta", "Other", "NaN", 2, 1, 1],
        ["Gamma", "Other", 1e308, 2, 1, None],
        ["Delta", "Other", -5, 2, 1, None],
        ["Eta", "Other", 40, 10, 4, 2],
        ["Zeta", "Other", 9.3e18, 9.3e18, 126, None],
    ]
    return workbook([("Counts", sheet_xml(rows))])


def _far_cases() -> list[Case]:
    """Cells far away: a dense reader allocates rows x columns."""
    return [
        Case(
            "xlsx_far_cell_only.xlsx",
            "one cell at XFD1048576 and a dimension claiming the whole sheet (dense read = 512 GB)",
            lambda: _far_cell(False),
            expect="error",
        ),
        Case(
            "xlsx_far_cell_after_table.xlsx",
            "a real table plus one cell at XFD1048576",
            lambda: _far_cell(True),
            kind="listings",
        ),
        Case(
            "xlsx_dimension_lies.xlsx",
            "a small table whose <dimension> claims A1:XFD1048576",
            lambda: workbook([("Sheet1", sheet_xml(TABLE, dimension="A1:XFD1048576"))]),
            kind="listings",
        ),
        Case(
            "xlsx_far_row.xlsx",
            "a table plus one cell at A1048576",
            lambda: _single_cell_at("A1048576", "1048576"),
            kind="listings",
        ),
        Case(
            "xlsx_far_column.xlsx",
            "a table plus one cell at XFD2 (16,384 columns)",
            lambda: _single_cell_at("XFD2", "2"),
            kind="listings",
        ),
        Case(
            "xlsx_row_zero_negative.xlsx", "row numbers 0 and -5", lambda: _single_cell_at("A0", "-5"), kind="listings"
        ),
        Case(
            "xlsx_row_overflow.xlsx",
            "a row number of 99,999,999,999",
            lambda: _single_cell_at("A99999999999", "99999999999"),
            kind="listings",
        ),
        Case(
            "xlsx_bad_refs.xlsx",
            "cell references 'ZZZZ1' (beyond XFD) and '1A'",
            lambda: _single_cell_at("ZZZZ1", "1"),
            kind="listings",
        ),
        Case(
            "xlsx_shared_count_lies.xlsx",
            "a shared-strings table claiming 2,147,483,647 entries (pre-allocation bait)",
            lambda: workbook(
                [("Sheet1", sheet_xml([[("s", 0), ("s", 1)], ["Acme", "Intern"]]))],
                shared_strings(["company", "title"], count=2_147_483_647),
            ),
            kind="listings",
        ),
        Case(
            "xlsx_odd_values.xlsx",
            "shared-string indexes out of range, #REF! errors, formulas without cached values",
            _odd_values,
            kind="listings",
        ),
    ]


def _bomb_cases() -> list[Case]:
    """Parts that inflate far beyond the file's size."""
    return [
        Case(
            "xlsx_bomb_rows_96mb.xlsx",
            "a 300 KB workbook whose sheet inflates to 96 MB: 2.4 million rows",
            lambda: _rows_bomb(96),
            kind="listings",
        ),
        Case(
            "xlsx_bomb_whitespace_256mb.xlsx",
            "a sheet padded with 256 MB of spaces",
            lambda: _whitespace_bomb(256),
            kind="listings",
        ),
        Case(
            "xlsx_bomb_shared_one_string.xlsx",
            "one shared string of 128 MB",
            lambda: _shared_bomb(128, True),
            kind="listings",
        ),
        Case(
            "xlsx_bomb_shared_many_strings.xlsx",
            "4.5 million tiny shared strings (96 MB)",
            lambda: _shared_bomb(96, False),
            kind="listings",
        ),
        Case("xlsx_entity_bomb.xlsx", "'billion laughs' XML entity expansion in the shared strings", _entity_bomb),
        Case(
            "xlsx_external_entity.xlsx",
            "an XML external entity reading /etc/passwd",
            _external_entity,
            absent=("root:x:0:0",),
        ),
        Case(
            "xlsx_size_lies.xlsx",
            "zip headers claiming every part is 10 bytes long",
            lambda: _good_book_zip(lie_size=10),
        ),
        Case("xlsx_deep_inline.xlsx", "a cell nesting 50,000 rich-text runs", _deep_inline, kind="listings"),
        Case(
            "xlsx_huge_cell.xlsx",
            "one 8 MB text cell",
            lambda: _good_book([LISTING_HEADER, ["Acme", "Intern " * 1_200_000]] + LISTING_ROWS),
            kind="listings",
        ),
    ]


def _good_book_zip(**options: int) -> bytes:
    """The ordinary workbook with zip options (e.g. lying sizes)."""
    return workbook([("Listings", sheet_xml(TABLE))], **options)


def _shape_cases() -> list[Case]:
    """Workbooks that are broken, empty, oddly laid out, or not workbooks at all."""
    good = _good_book()
    return [
        Case(
            "xlsx_truncated.xlsx", "a workbook cut in half", lambda: _broken(_good_book(), "truncate"), expect="error"
        ),
        Case(
            "xlsx_corrupt_directory.xlsx",
            "a workbook whose zip central directory is scrambled",
            lambda: _broken(good, "scramble"),
            expect="error",
        ),
        Case(
            "xlsx_zip_without_workbook.xlsx",
            "a zip holding only data.csv, named .xlsx",
            lambda: zip_bytes([("data.csv", listings_csv())]),
        ),
        Case("xlsx_empty_zip.xlsx", "an empty zip archive named .xlsx", lambda: zip_bytes([]), expect="error"),
        Case(
            "xlsx_docx_instead.xlsx",
            "a Word document's parts named .xlsx",
            lambda: zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]),
            expect="error",
        ),
        Case(
            "xlsx_empty_first_sheet.xlsx",
            "an empty first sheet, the table on the second",
            lambda: workbook([("Cover", sheet_xml([])), ("Data", sheet_xml(TABLE))]),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "xlsx_title_rows_first_sheet.xlsx",
            "a first sheet of notes, the table on the second",
            lambda: workbook(
                [("Read me", sheet_xml([["Exported by HR"], ["Do not edit"]])), ("Data", sheet_xml(TABLE))]
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "xlsx_header_only.xlsx",
            "a header row and nothing else",
            lambda: _good_book([LISTING_HEADER]),
            expect="error",
        ),
        Case(
            "xlsx_no_cells.xlsx",
            "a workbook with one sheet and no cells",
            lambda: workbook([("Sheet1", sheet_xml([]))]),
            expect="error",
        ),
        Case(
            "xlsx_openpyxl_features.xlsx",
            "formulas, #DIV/0!, #N/A, merged cells, dates, datetimes, booleans, percentages",
            _openpyxl_features,
            expect="load",
            kind="listings",
        ),
        Case(
            "xlsx_date_serials_out_of_range.xlsx",
            "date-formatted serials of 1e308, -1, 2958466 (year 10000), 1e15, -1e308",
            _bad_dates,
            expect="load",
            kind="listings",
        ),
        Case(
            "xlsx_many_sheets.xlsx",
            "100 sheets with the same header",
            lambda: _many_sheets(100),
            expect="load",
            kind="listings",
        ),
        Case(
            "xlsx_hostile_sheet_name.xlsx",
            "a sheet named like HTML and a Markdown link",
            lambda: workbook([("&lt;img src=x onerror=alert(1)&gt;[x](https:evil)", sheet_xml(TABLE))]),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "xlsx_wide_2500.xlsx",
            "2,500 columns in a workbook",
            lambda: _good_book(
                [LISTING_HEADER + [f"c{i}" for i in range(2492)]] + [r + ["v"] * 2492 for r in LISTING_ROWS]
            ),
            expect="load",
            kind="listings",
            rows=3,
        ),
        Case(
            "xlsx_duplicate_headers.xlsx",
            "the header 'company' four times",
            lambda: _good_book([["company"] * 4 + ["title"]] + [[r[0]] * 4 + [r[1]] for r in LISTING_ROWS]),
            kind="listings",
        ),
        Case(
            "xlsx_counts_inf_nan.xlsx",
            "outcome counts of inf, NaN, 1e308, -5 and 9.3e18 in a workbook",
            _counts_book,
            expect="load",
            kind="outcomes",
        ),
        Case("xlsx_really_csv.xlsx", "a CSV named .xlsx", listings_csv),
        Case("csv_really_xlsx.csv", "a workbook named .csv", _good_book, expect="load", kind="listings", rows=3),
        Case(
            "xls_fake_ole.xls",
            "an OLE2 (.xls) signature followed by junk",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"junk" * 200,
            expect="error",
        ),
        Case("xlsx_encrypted_flag.xlsx", "zip entries flagged as encrypted", lambda: _encrypted(_good_book())),
        Case(
            "xlsx_column_letters.xlsx",
            f"cells spread over columns A..{column_letters(700)} with gaps",
            _gappy,
            kind="listings",
        ),
    ]


def _encrypted(data: bytes) -> bytes:
    """Set the 'encrypted' bit in every local and central header (the content stays plain)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            out[start + offset] |= 1
            start += 4
    return bytes(out)


def _gappy() -> bytes:
    """A table whose columns sit far apart with empty columns between them."""
    header = [None] * 701
    for i, name in enumerate(LISTING_HEADER):
        header[i * 100] = name
    rows = [header]
    for r in LISTING_ROWS:
        row = [None] * 701
        for i, value in enumerate(r):
            row[i * 100] = value
        rows.append(row)
    return _good_book(rows)


CASES: list[Case] = _far_cases() + _bomb_cases() + _shape_cases()
