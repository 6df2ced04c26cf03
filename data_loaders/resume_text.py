"""Résumé files → plain text: an uploaded .txt, .pdf or .docx read in memory (nothing is written to disk or kept).

`analytics.resume.skills_from_resume` then finds the skills the text names.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from data_loaders.errors import LoadError
from data_loaders.text_decode import decode_text

MAX_BYTES = 10 * 1024 * 1024  # a résumé is a few pages; more than this is not one
SUPPORTED = (".txt", ".pdf", ".docx")


class ResumeError(ValueError):
    """A résumé file that cannot be read: unsupported type, corrupt, encrypted or without text."""


def _kind(data: bytes, name: str) -> str:
    """'.txt', '.pdf' or '.docx' from the extension, or from the bytes when the name has none."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix in SUPPORTED:
        return suffix
    if suffix in (".doc", ".rtf", ".odt", ".pages"):
        raise ResumeError(f"{name}: {suffix} files are not supported; save the résumé as .docx, .pdf or .txt.")
    if not suffix:
        # Uploads from some tools lose their extension: trust the magic bytes instead.
        if data.startswith(b"%PDF-"):
            return ".pdf"
        if data.startswith(b"PK\x03\x04"):
            return ".docx"
        return ".txt"
    raise ResumeError(f"{name}: unsupported file type {suffix!r}; upload a .txt, .pdf or .docx résumé.")


def _decode(data: bytes, name: str) -> str:
    """Text bytes -> str with the loaders' one text decoder (byte-order marks, UTF-8, cp1252, Latin-1)."""
    try:
        return decode_text(data, name).text
    except LoadError as err:
        raise ResumeError(
            f"{name}: this looks like a binary file, not text; upload a .txt, .pdf or .docx résumé."
        ) from err


def _pdf_text(data: bytes, name: str) -> str:
    """Text of every page of a PDF (pypdf); encrypted files are tried with an empty password."""
    # Imported here: pypdf takes ~0.6 s to import and only a résumé upload needs it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ResumeError(f"{name}: the PDF is password-protected; upload an unprotected copy.")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except ResumeError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as err:
        # pypdf surfaces damage as many exception types; all mean "not a readable PDF".
        raise ResumeError(f"{name}: the PDF could not be read ({type(err).__name__}); is the file complete?") from err


def _docx_text(data: bytes, name: str) -> str:
    """Text of a .docx: paragraphs, then table cells (skills are often laid out in tables)."""
    # Imported here: python-docx (with lxml) takes ~0.3 s to import and only a résumé upload needs it.
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ResumeError(f"{name}: the Word file could not be read; save it again as .docx and retry.") from err
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _tidy(text: str) -> str:
    """Normalise line ends and spacing: no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def resume_text(data: bytes, name: str) -> str:
    """The plain text of a résumé upload (.txt in any common encoding, .pdf, .docx); ResumeError otherwise."""
    if not data:
        raise ResumeError(f"{name}: the file is empty.")
    if len(data) > MAX_BYTES:
        raise ResumeError(
            f"{name}: the file is {len(data) / 1e6:.1f} MB; a résumé should be under {MAX_BYTES // 2**20} MB."
        )
    kind = _kind(data, name)
    if kind == ".pdf":
        text = _pdf_text(data, name)
    elif kind == ".docx":
        text = _docx_text(data, name)
    else:
        text = _decode(data, name)
    text = _tidy(text)
    if not text:
        hint = " It may be a scanned image; upload a text-based PDF or a .docx." if kind == ".pdf" else ""
        raise ResumeError(f"{name}: no text could be found in the file.{hint}")
    return text
