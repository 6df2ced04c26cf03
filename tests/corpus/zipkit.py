"""A tiny deterministic zip writer for hand-made workbooks, including entries far larger inside than out.

`zipfile` cannot take data that is already compressed, and a zip bomb must not be built by compressing
gigabytes at generation time, so entries here may be given as raw bytes (deflated on the spot) or as a
`Repeated` run whose deflate stream is made by repeating one independently compressed chunk.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

# Fixed DOS timestamp (1980-01-01 00:00): the corpus must be byte-for-byte reproducible.
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1


@dataclass(frozen=True)
class Repeated:
    """An entry whose content is `head + chunk * times + tail`, deflated without materialising it."""

    head: bytes
    chunk: bytes
    times: int
    tail: bytes


def _raw_deflater(level: int = 9) -> zlib._Compress:
    """A raw deflate compressor (no zlib header), as zip entries need."""
    return zlib.compressobj(level, zlib.DEFLATED, -15)


def _deflate_repeated(entry: Repeated) -> tuple[bytes, int, int]:
    """(compressed, crc32, size) of a Repeated entry; each chunk is flushed so its bytes repeat verbatim."""
    head_c = _raw_deflater()
    head = head_c.compress(entry.head) + head_c.flush(zlib.Z_FULL_FLUSH)
    chunk_c = _raw_deflater()
    # After a full flush the compressor forgets its history, so one chunk's output is valid anywhere.
    chunk = chunk_c.compress(entry.chunk) + chunk_c.flush(zlib.Z_FULL_FLUSH)
    tail_c = _raw_deflater()
    tail = tail_c.compress(entry.tail) + tail_c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(entry.head)
    for _ in range(entry.times):
        crc = zlib.crc32(entry.chunk, crc)
    crc = zlib.crc32(entry.tail, crc)
    size = len(entry.head) + len(entry.chunk) * entry.times + len(entry.tail)
    return head + chunk * entry.times + tail, crc & 0xFFFFFFFF, size


def zip_bytes(entries: list[tuple[str, bytes | Repeated]], *, lie_size: int | None = None, level: int = 9) -> bytes:
    """A zip archive of `entries` (deflated at `level`). `lie_size` writes that uncompressed size into every header."""
    out, central = bytearray(), bytearray()
    for name, content in entries:
        if isinstance(content, Repeated):
            data, crc, size = _deflate_repeated(content)
        else:
            comp = _raw_deflater(level)
            data, crc, size = comp.compress(content) + comp.flush(), zlib.crc32(content) & 0xFFFFFFFF, len(content)
        if size >= 0xFFFFFFFF:
            raise ValueError("entry too large for a zip without zip64")
        shown = size if lie_size is None else lie_size
        raw_name = name.encode("utf-8")
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, _DOS_TIME, _DOS_DATE, crc, len(data), shown, len(raw_name), 0
        )
        out += raw_name + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(data),
            shown,
            len(raw_name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += raw_name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}"
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {NS}>'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}>'


def workbook(
    sheets: list[tuple[str, bytes | Repeated]], shared: bytes | Repeated | None = None, **zip_options: int
) -> bytes:
    """An .xlsx holding `sheets` (name, worksheet XML) and an optional sharedStrings part."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {NS} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1))
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        + (
            f'<Relationship Id="rId{len(sheets) + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/>'
            if shared is not None
            else ""
        )
        + "</Relationships>"
    )
    entries: list[tuple[str, bytes | Repeated]] = [
        (
            "[Content_Types].xml",
            CONTENT_TYPES.format(sheets=overrides + (SHARED_TYPE if shared is not None else "")).encode(),
        ),
        ("_rels/.rels", ROOT_RELS.encode()),
        ("xl/workbook.xml", book.encode()),
        ("xl/_rels/workbook.xml.rels", rels.encode()),
        ("xl/styles.xml", STYLES.encode()),
    ]
    entries += [(f"xl/worksheets/sheet{i}.xml", xml) for i, (_, xml) in enumerate(sheets, 1)]
    if shared is not None:
        entries.append(("xl/sharedStrings.xml", shared))
    return zip_bytes(entries, **zip_options)


def _escape(text: str) -> str:
    """XML text escaping for cell values."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 16383 -> XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value: object) -> str:
    """One <c> element: text as an inline string, numbers as numbers, `("f", formula, cached)` as a formula."""
    if isinstance(value, tuple) and value[0] == "f":
        return f'<c r="{ref}" t="str"><f>{_escape(value[1])}</f><v>{_escape(value[2])}</v></c>'
    if isinstance(value, tuple) and value[0] == "e":
        return f'<c r="{ref}" t="e"><v>{_escape(value[1])}</v></c>'
    if isinstance(value, tuple) and value[0] == "date":
        return f'<c r="{ref}" s="1"><v>{value[1]}</v></c>'
    if isinstance(value, tuple) and value[0] == "s":
        return f'<c r="{ref}" t="s"><v>{value[1]}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], *, dimension: str | None = None, extra: str = "", first_row: int = 1) -> bytes:
    """A worksheet whose rows start at `first_row`; `dimension` writes a (possibly lying) <dimension>."""
    parts = [SHEET_HEAD]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for r, row in enumerate(rows, first_row):
        cells = "".join(cell(f"{column_letters(c)}{r}", v) for c, v in enumerate(row) if v is not None)
        parts.append(f'<row r="{r}">{cells}</row>')
    parts.append("</sheetData>" + extra + "</worksheet>")
    return "".join(parts).encode("utf-8")


def shared_strings(strings: list[str], *, count: int | None = None) -> bytes:
    """A sharedStrings part (`count` may lie about how many there are)."""
    n = len(strings) if count is None else count
    body = "".join(f"<si><t>{_escape(s)}</t></si>" for s in strings)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {NS} count="{n}" uniqueCount="{n}">{body}</sst>'.encode()
