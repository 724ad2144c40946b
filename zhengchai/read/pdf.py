"""PDF reader with two engines that give the same pages.

- "pdfium" (the default): characters, their positions and the ruling lines from pypdfium2, tables
  by pdfplumber's lattice finder on those lines (pdf_pdfium, pdf_tables), at a fraction of the
  cost of pdfminer's layout. A file it does not read as pdfminer would goes to the other engine.
- "pdfplumber": pdfminer's layout through pdfplumber for text and ruled tables.

Both lay out text the same way (pdf_layout). pypdfium2 also tells a broken text layer from a
missing one; Tesseract reads scanned pages when it is installed."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from zhengchai.read import ocr, pdf_pdfium
from zhengchai.read.errors import ReadError
from zhengchai.read.model import DEFAULT_OPTIONS, PDF_ENGINES, Page, Problem, ReadOptions, Table
from zhengchai.read.pdf_layout import page_of

log = logging.getLogger(__name__)

GARBLED = re.compile(r"\(cid:\d+\)|\ufffd")


def read_pdf(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    engine, max_pages = options.pdf_engine, options.max_pages
    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; one of {PDF_ENGINES}")
    if engine == "pdfium":
        try:
            pages = pdf_pdfium.read_pages(Path(path), max_pages)
            # too little text is a scan or a text layer pdfium cannot decode: pdfminer's view decides
            if len(re.sub(r"\s", "", _all_text(pages))) >= 20:
                return _check_text_layer(path, pages)
        except pdf_pdfium.Unusual as e:
            log.debug("%s: read with pdfplumber: %s", path, e)
    return _check_text_layer(path, _plumber_pages(path, max_pages))


def _plumber_pages(path: Path, max_pages: int) -> tuple[Page, ...]:
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
    return tuple(pages)


def _root_cause(e: BaseException) -> BaseException:
    while True:
        inner = e.__cause__ or e.__context__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else None)
        if inner is None or inner is e:
            return e
        e = inner


def _read_page(page, number: int) -> Page:
    found = page.find_tables()
    tables = tuple(Table(rows=tuple(tuple(row) for row in t.extract()), page=number) for t in found)
    return page_of(number, page.chars, tables, [t.bbox for t in found])


def _inside(char: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


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
