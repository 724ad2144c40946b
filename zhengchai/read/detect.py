"""Tell a file's format from its bytes, not its name (published files are often misnamed)."""

from __future__ import annotations

import zipfile
from io import BytesIO

FORMATS = ("pdf", "docx", "xlsx", "html", "txt")


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """Format of a file from its first bytes (and the whole content for zip containers)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and data is not None:
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .doc/.xls: recognised, not supported
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    if _looks_like_text(head):
        return "txt"
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as e:
            # a multi-byte character cut at the end of the sample is still text
            if e.start >= len(head) - 4:
                return True
    return False
