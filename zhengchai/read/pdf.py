"""PDF reader: pdfplumber for text and ruled tables, pypdfium2 to tell a broken text layer
from a missing one, Tesseract for scanned pages when it is installed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from zhengchai.read import ocr
from zhengchai.read.errors import ReadError
from zhengchai.read.model import DEFAULT_OPTIONS, Page, Problem, ReadOptions, Table

log = logging.getLogger(__name__)

GARBLED = re.compile(r"\(cid:\d+\)|\ufffd")


def read_pdf(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    max_pages = options.max_pages
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfminer raises many kinds of errors on broken files; pdfplumber wraps them
        cause = _root_cause(e)
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError("encrypted", "the PDF is encrypted and cannot be opened without a password") from e
        if isinstance(cause, PDFSyntaxError):
            raise ReadError("corrupt", f"the PDF is damaged and cannot be parsed ({cause})") from e
        raise ReadError("corrupt", f"the PDF cannot be opened: {type(cause).__name__}: {cause}") from e
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as e:
            raise ReadError("corrupt", f"the PDF page tree is damaged: {type(e).__name__}: {e}") from e
        if count == 0:
            raise ReadError("empty", "the PDF has no pages")
        if count > max_pages:
            raise ReadError("too_many_pages", f"the PDF has {count} pages, over the limit of {max_pages}")
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(page, number))
            except (PDFPasswordIncorrect, PDFEncryptionError) as e:
                raise ReadError("encrypted", f"the PDF is encrypted ({e})") from e
            except Exception as e:
                raise ReadError("corrupt", f"page {number} cannot be parsed: {type(e).__name__}: {e}") from e
    return _check_text_layer(path, tuple(pages))


def _root_cause(e: BaseException) -> BaseException:
    while True:
        inner = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
        if inner is None or inner is e:
            return e
        e = inner


def _read_page(page, number: int) -> Page:
    found = page.find_tables()
    tables = tuple(Table(rows=tuple(tuple(row) for row in t.extract()), page=number) for t in found)
    boxes = [t.bbox for t in found]
    chars = [c for c in page.chars if not _inside(c, boxes)]
    text, continues = _text_of(chars)
    return Page(number=number, text=text, tables=tables, continues=continues)


def _inside(char: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


# footers and headers that are only a page number: — 3 —, - 3 -, 第3页 共8页, 3/8
PAGE_NUMBER = re.compile(r"^[\s—–\-－·]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[\s—–\-－·]*$")
NUMBERED_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]+[章节部分])")
LINE_END = tuple("。！？!?；;：:”」』")


def _text_of(chars: list[dict]) -> tuple[str, bool]:
    """Page text from its characters, joining lines wrapped at the right margin.

    Word-processor PDFs break lines wherever the margin falls, even inside a number
    (312.74万\n元); a line that reaches the margin and does not end a sentence continues.
    Returns the text and whether its last line runs on to the next page.
    """
    lines = [line for line in _lines(chars) if not PAGE_NUMBER.match(line[0])]
    if not lines:
        return "", False
    right = max(x1 for _, _, x1, _ in lines)
    out: list[str] = []
    joined, previous_size = False, 0.0
    for text, _x0, x1, size in lines:
        # a title in a larger font or a numbered heading starts afresh even after a full line
        if joined and out and abs(size - previous_size) < 0.5 and not NUMBERED_START.match(text):
            out[-1] += text
        else:
            out.append(text)
        # CJK line breaking keeps brackets, numbers and closing punctuation together, so a wrapped
        # line can stop a few characters short of the margin
        joined = x1 >= right - 5 * size and not text.endswith(LINE_END)
        previous_size = size
    return "\n".join(out), joined


def _lines(chars: list[dict]) -> list[tuple[str, float, float, float]]:
    """Group characters into lines by their vertical position; (text, x0, x1, font size)."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows and abs(c["top"] - rows[-1][0]["top"]) <= 0.5 * max(c["size"], 1):
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        size = max(c["size"] for c in row) or 10.0
        parts, last_x1 = [], None
        for c in row:
            if last_x1 is not None and c["x0"] - last_x1 > 0.3 * size:
                parts.append(" ")
            parts.append(c["text"])
            last_x1 = c["x1"]
        text = "".join(parts).strip()
        if text:
            lines.append((text, row[0]["x0"], row[-1]["x1"], size))
    return lines


def _all_text(pages: tuple[Page, ...]) -> str:
    parts = []
    for p in pages:
        parts.append(p.text)
        for t in p.tables:
            parts.extend(c for row in t.rows for c in row if c)
    return "".join(parts)


def _check_text_layer(path: Path, pages: tuple[Page, ...]) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    text = _all_text(pages)
    visible = re.sub(r"\s", "", text)
    garbled = len(GARBLED.findall(text))
    if visible and garbled / max(1, len(visible)) > 0.02:
        raise ReadError("garbled_text", f"the text layer is garbled: {garbled} undecodable glyphs "
                        "((cid:…) or replacement characters); the fonts lack a Unicode map")
    if len(visible) >= 20:
        return pages, ()
    other = _pdfium_text(path)
    if len(re.sub(r"\s", "", other)) >= 20:
        raise ReadError("garbled_text", "pdfplumber finds no text where pypdfium2 finds "
                        f"{len(other)} characters: the text layer is unreadable")
    # no text layer at all: a scan
    if not ocr.available():
        raise ReadError("no_text_layer", "the PDF has no text layer (a scanned document) and Tesseract OCR "
                        "with chi_sim is not installed; install tesseract-ocr and tesseract-ocr-chi-sim")
    ocr_pages = ocr.ocr_pdf(path, len(pages))
    if len(re.sub(r"\s", "", "".join(p.text for p in ocr_pages))) < 20:
        raise ReadError("no_text_layer", "the PDF has no text layer and OCR recognised no text")
    return ocr_pages, (Problem("warning", "ocr", "the PDF has no text layer; its text comes from OCR "
                                   "(Tesseract chi_sim) and may contain recognition errors"),)


def _pdfium_text(path: Path) -> str:
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        try:
            return "".join(doc[i].get_textpage().get_text_range() for i in range(min(len(doc), 5)))
        finally:
            doc.close()
    except Exception as e:  # a second opinion only; its failure changes nothing
        log.debug("pypdfium2 could not read %s: %s", path, e)
        return ""
