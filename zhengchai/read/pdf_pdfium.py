"""PDF pages read with pypdfium2: characters with their positions from pdfium's text page, ruled
tables from its path objects (pdf_tables), the page text laid out as the pdfplumber engine does
(pdf_layout). No pdfminer, so a page costs a few milliseconds instead of tens.

What this engine does not read the way pdfminer does it declines with `Unusual`, and the caller
reads the whole file with the pdfplumber engine instead: a file pdfium cannot open (broken,
encrypted), one cut off before its end, a rotated page, text that is not upright, glyphs without
a Unicode mapping, drawings inside form XObjects.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from zhengchai.read.errors import ReadError
from zhengchai.read.model import Page
from zhengchai.read.pdf_layout import page_of
from zhengchai.read.pdf_tables import find_tables, path_edges

# A character's box from its baseline: pdfminer's is one font size tall, from the font's descent
# (about a fifth of the size below the baseline for the fonts these reports use)
DESCENT = 0.2
TAIL = 2048  # where a complete file has its last %%EOF


class Unusual(Exception):  # noqa: N818 - a decision, not a failure
    """A file this engine does not read the way the pdfplumber engine does; read it with that."""


def read_pages(path: Path, max_pages: int) -> tuple[Page, ...]:
    if not _complete(path):
        raise Unusual("no %%EOF at the end: cut off, let pdfminer judge")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise Unusual(f"pdfium cannot open it: {e}") from e
    try:
        count = len(doc)
        if count == 0:
            raise Unusual("no pages: a page tree pdfium could not rebuild")
        if count > max_pages:
            raise ReadError("too_many_pages", f"the PDF has {count} pages, over the limit of {max_pages}")
        pages = []
        for i in range(count):
            page = doc[i]
            try:
                pages.append(_read_page(page, i + 1))
            finally:
                page.close()
        return tuple(pages)
    except pdfium.PdfiumError as e:
        raise Unusual(f"pdfium cannot read a page: {e}") from e
    finally:
        doc.close()


def _complete(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - TAIL))
        return b"%%EOF" in f.read()


def _read_page(page: pdfium.PdfPage, number: int) -> Page:
    if page.get_rotation():
        raise Unusual("a rotated page")
    left, bottom, _right, top = page.get_mediabox()
    origin = (left, bottom, top)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, origin)
    finally:
        textpage.close()
    tables, boxes = find_tables(_edges(page, origin), chars, number)
    return page_of(number, chars, tables, boxes)


def _chars(textpage: pdfium.PdfTextPage, origin: tuple[float, float, float]) -> list[dict]:
    """The page's characters in pdfplumber's terms (top-left origin, size as drawn)."""
    left, _bottom, top = origin
    box, m = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars = []
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue  # spaces and line breaks pdfium infers; the layout decides those itself
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if pdfium_c.FPDFText_HasUnicodeMapError(textpage, i) == 1 or code in (0, 0xFFFD) or code > 0x10FFFF:
            raise Unusual("a glyph without a Unicode mapping")
        if not pdfium_c.FPDFText_GetMatrix(textpage, i, m) or m.b or m.a <= 0 or m.d <= 0:
            raise Unusual("text that is not upright")
        size = pdfium_c.FPDFText_GetFontSize(textpage, i) * m.d
        pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box)
        baseline = top - y.value
        chars.append({"text": chr(code), "x0": x.value - left, "x1": max(box.right, x.value) - left,
                      "top": baseline - (1 - DESCENT) * size, "bottom": baseline + DESCENT * size,
                      "doctop": baseline - (1 - DESCENT) * size, "upright": True, "size": size})
    return _restore_spaces(chars)


def _restore_spaces(chars: list[dict]) -> list[dict]:
    """pdfium keeps one of a run of space glyphs (日    期 comes out 日 期, a gap after the space);
    pdfminer keeps them all. A gap after a space that is a whole number of its widths was a run."""
    out = []
    for c, d in zip(chars, [*chars[1:], None], strict=False):
        out.append(c)
        width = c["x1"] - c["x0"]
        if c["text"] != " " or d is None or width <= 0 or abs(d["top"] - c["top"]) > 0.1:
            continue
        gap = d["x0"] - c["x1"]
        n = round(gap / width)
        if n >= 1 and abs(gap - n * width) < 0.15 * width:
            out += [{**c, "x0": c["x0"] + k * width, "x1": c["x1"] + k * width} for k in range(1, n + 1)]
    return out


def _edges(page: pdfium.PdfPage, origin: tuple[float, float, float]) -> list[dict]:
    """pdfplumber's edges of every line, rectangle and curve the page paints."""
    edges: list[dict] = []
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            edges += path_edges(obj, origin)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            raise Unusual("a form XObject: pdfminer reads its drawings in its own coordinates")
    return edges
