"""Reading: discovery of the files (discover.py) and one reader module per input format, each
returning pages of text and tables with the problems it met."""

from __future__ import annotations

import hashlib
from pathlib import Path

from zhengchai.read.detect import sniff
from zhengchai.read.errors import ReadError
from zhengchai.read.guard import precheck
from zhengchai.read.model import DEFAULT_OPTIONS, Document, Page, Problem, ReadOptions, Table

__all__ = ["Document", "Page", "Problem", "ReadError", "ReadOptions", "Table", "read_document", "sha256_of"]

SUFFIX_FORMATS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".htm": "html",
                  ".txt": "txt", ".doc": "ole", ".xls": "ole", ".wps": "ole"}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _reader(fmt: str):
    # imported lazily: a worker reading only PDFs need not import openpyxl or lxml
    if fmt == "pdf":
        from zhengchai.read.pdf import read_pdf
        return read_pdf
    if fmt == "docx":
        from zhengchai.read.docx import read_docx
        return read_docx
    if fmt == "xlsx":
        from zhengchai.read.xlsx import read_xlsx
        return read_xlsx
    if fmt == "html":
        from zhengchai.read.html import read_html
        return read_html
    if fmt == "txt":
        from zhengchai.read.text import read_text
        return read_text
    raise ReadError("unsupported_format", f"format {fmt!r} is not supported")


def read_document(path: str | Path, data: bytes | None = None, options: ReadOptions = DEFAULT_OPTIONS) -> Document:
    """Read one file into a Document. Never raises for a bad file: the reason is in `problems`."""
    path = Path(path)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as e:
        return Document(str(path), "", "unknown", (), (Problem("error", "unreadable", f"cannot read the file: {e}"),))
    digest = sha256_of(data)
    if not data.strip():
        return Document(str(path), digest, "unknown", (),
                        (Problem("error", "empty", "the file is empty (zero bytes or only whitespace)"),))
    fmt = sniff(data[:8192], data)
    problems: list[Problem] = []
    suffix_fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        reason = "its content is not PDF, DOCX, XLSX, HTML or text"
        if suffix_fmt in ("pdf", "docx", "xlsx"):
            reason = f"it is named .{suffix_fmt} but its content is not a valid {suffix_fmt.upper()} file"
            return Document(str(path), digest, suffix_fmt, (), (Problem("error", "corrupt", reason),))
        return Document(str(path), digest, "unknown", (), (Problem("error", "unsupported_format", reason),))
    if fmt == "ole":
        return Document(str(path), digest, "ole", (), (Problem(
            "error", "unsupported_format", "legacy Word/Excel binary (.doc/.xls); save it as DOCX/XLSX or PDF"),))
    refused = precheck(fmt, data)
    if refused:
        return Document(str(path), digest, fmt, (), (refused,))
    if suffix_fmt and suffix_fmt != fmt:
        problems.append(Problem("warning", "wrong_extension",
                                    f"named {path.suffix} but the content is {fmt.upper()}; read as {fmt.upper()}"))
    try:
        pages, read_problems = _reader(fmt)(path, options)
    except ReadError as e:
        return Document(str(path), digest, fmt, (), (*problems, Problem("error", e.code, e.message)))
    except Exception as e:  # a reader bug or an exotic file must not stop the batch
        return Document(str(path), digest, fmt, (), (*problems, Problem(
            "error", "corrupt", f"the {fmt.upper()} file cannot be read: {type(e).__name__}: {e}")))
    return Document(str(path), digest, fmt, pages, (*problems, *read_problems))
