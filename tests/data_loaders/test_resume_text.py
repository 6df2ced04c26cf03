"""Résumé text (data_loaders.resume_text) from real .txt, .pdf and .docx bytes; clear errors for everything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from data_loaders.resume_text import ResumeError, resume_text

RESUME_LINES = [
    "Jordan Rivera",
    "B.S. Computer Science, University of Washington (2027)",
    "Skills: Python, SQL, pandas, Docker; some Go and R",
    "Experience: Data intern at Google (2025) - built dashboards in Tableau",
    "Résumé (coursework: Machine Learning)",
]


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose content stream draws `lines` in Helvetica, with a correct xref table."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "\n".join(["BT", "/F1 11 Tf", "14 TL", "72 720 Td", *(f"({e}) Tj T*" for e in escaped), "ET"])
    stream = content.encode("cp1252")  # WinAnsiEncoding, so "é" is one byte
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bytes(tmp_path: Path) -> bytes:
    """A real .docx written by python-docx: a heading, paragraphs and a skills table."""
    document = Document()
    document.add_heading("Jordan Rivera", level=1)
    document.add_paragraph("B.S. Computer Science, University of Washington (2027)")
    document.add_paragraph("Experience: Data intern at Google (2025)")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Languages"
    table.rows[0].cells[1].text = "Python, SQL, Go"
    path = tmp_path / "resume.docx"
    document.save(path)
    return path.read_bytes()


def test_pdf_text(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(minimal_pdf(RESUME_LINES))
    text = resume_text(path.read_bytes(), "Resume.PDF")
    assert [line.strip() for line in text.splitlines()] == RESUME_LINES


def test_docx_text_includes_tables(tmp_path: Path) -> None:
    assert resume_text(docx_bytes(tmp_path), "resume.docx") == (
        "Jordan Rivera\nB.S. Computer Science, University of Washington (2027)\n"
        "Experience: Data intern at Google (2025)\nLanguages Python, SQL, Go"
    )


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Skills: Python, SQL\r\n\r\n\r\n\r\nRésumé  done  ".encode(), "Skills: Python, SQL\n\nRésumé done"),
        ("\ufeffRésumé".encode("utf-8"), "Résumé"),
        ("Résumé – café".encode("cp1252"), "Résumé – café"),  # not UTF-8: Windows text, read as cp1252
        (b"R\xe9sum\xe9 \x81", "Résumé \x81"),  # a byte cp1252 leaves undefined: Latin-1, which never fails
        ("Résumé".encode("latin-1"), "Résumé"),
        ("Résumé".encode("utf-16"), "Résumé"),
    ],
)
def test_txt_encodings(data: bytes, text: str) -> None:
    assert resume_text(data, "cv.txt") == text


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda tmp: minimal_pdf(["Python"]), "upload"),
        (docx_bytes, "upload"),
        (lambda tmp: b"Python and SQL", "upload"),
    ],
)
def test_kind_from_bytes_when_name_has_no_extension(tmp_path: Path, make, name: str) -> None:
    assert "Python" in resume_text(make(tmp_path), name)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "cv.pdf", "cv.pdf: the file is empty"),
        (b"\xd0\xcf\x11\xe0 old word", "cv.doc", r"\.doc files are not supported; save the résumé as \.docx"),
        (b"{\\rtf1}", "cv.rtf", r"\.rtf files are not supported"),
        (b"\x89PNG\r\n", "cv.png", r"unsupported file type '\.png'"),
        (b"%PDF-1.4\nthis is not really a pdf", "cv.pdf", "the PDF could not be read"),
        (b"PK\x03\x04 broken zip", "cv.docx", "the Word file could not be read"),
        (b"not a zip at all", "cv.docx", "the Word file could not be read"),
        (b"abc\x00\x01\x02", "cv.txt", "looks like a binary file"),
        (b"   \n\t\n", "cv.txt", "no text could be found"),
        (b"x" * (10 * 1024 * 1024 + 1), "cv.txt", "a résumé should be under 10 MB"),
    ],
)
def test_errors(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ResumeError, match=message):
        resume_text(data, name)


def test_scanned_pdf_without_text_is_explained() -> None:
    with pytest.raises(ResumeError, match="may be a scanned image"):
        resume_text(minimal_pdf([]), "scan.pdf")


def test_resume_error_is_a_value_error() -> None:
    assert issubclass(ResumeError, ValueError)


def test_truncated_pdf_is_a_resume_error() -> None:
    data = minimal_pdf(RESUME_LINES)
    with pytest.raises(ResumeError):
        resume_text(data[: len(data) // 3], "cut.pdf")
