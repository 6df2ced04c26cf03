"""One text decoder for every text table: bytes -> str, whatever the spreadsheet program saved.

Order: a byte-order mark decides (UTF-8, UTF-16 LE/BE — Excel's "Unicode text"); then strict UTF-8;
then cp1252 when its printable extras (curly quotes, €, –) explain the high bytes; else Latin-1.
Newlines come out as `\n` (CR-only files from old Mac exports included). Everything is linear time.
"""

from __future__ import annotations

from dataclasses import dataclass

from data_loaders.errors import LoadError

FIX_FORMAT = "save it as CSV (UTF-8), Excel .xlsx, Parquet or JSON (an array of objects) and try again"
_SAMPLE = 65_536
# Bytes cp1252 leaves undefined: their presence means the text is not cp1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# C0 controls other than tab/CR/LF, DEL and the C1 range: a text table has almost none.
_CONTROLS = "".join(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)))
_CONTROL_TABLE = str.maketrans("", "", _CONTROLS)


@dataclass(frozen=True)
class DecodedText:
    """Decoded text plus what was found (for the report's notes)."""

    text: str
    encoding: str  # utf-8, utf-8-sig, utf-16-le, utf-16-be, cp1252, latin-1
    newlines_fixed: bool = False  # CR-only line ends were rewritten as LF

    @property
    def note(self) -> str | None:
        """A note for the report when the file was not plain UTF-8."""
        parts = []
        if self.encoding not in ("utf-8", "utf-8-sig"):
            parts.append(f"Decoded as {self.encoding}.")
        if self.newlines_fixed:
            parts.append("Old Mac line ends (CR) read as new lines.")
        return " ".join(parts) or None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of an ASCII-heavy head is NUL, else None."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _single_byte(data: bytes) -> str:
    """cp1252 when no byte it leaves undefined occurs (Windows exports), else Latin-1."""
    return "latin-1" if any(b in _CP1252_UNDEFINED for b in set(data)) else "cp1252"


def decode_text(data: bytes, label: str) -> DecodedText:
    """Decode a text table's bytes; binary content (NULs, many control characters) raises LoadError."""
    head = data[:_SAMPLE]
    if data[:3] == b"\xef\xbb\xbf":
        encoding, body = "utf-8-sig", data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding, body = ("utf-16-le" if data[:2] == b"\xff\xfe" else "utf-16-be"), data[2:]
    elif (guess := _utf16_without_bom(head)) is not None:
        encoding, body = guess, data
    else:
        if b"\x00" in head:
            raise LoadError(f"{label} looks like a binary file, not a table", label, FIX_FORMAT)
        encoding, body = "utf-8", data
    if encoding.startswith("utf-16"):
        text = body.decode(encoding, errors="replace")
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            encoding = _single_byte(body)
            text = body.decode(encoding, errors="replace")
    sample = text[:_SAMPLE]
    # Latin-1 decodes anything, so judge by control characters: text tables have almost none.
    controls = len(sample) - len(sample.translate(_CONTROL_TABLE))
    if controls > max(2, len(sample) // 100):
        raise LoadError(f"{label} looks like a binary file, not a table", label, FIX_FORMAT)
    fixed = False
    if "\r" in text and "\n" not in text:
        text, fixed = text.replace("\r", "\n"), True
    return DecodedText(text, encoding, fixed)
