"""PDF pages read with pypdfium2: characters with their positions from pdfium's text page, ruled
tables from its path objects (pdf_tables), the page text laid out as the pdfplumber engine does
(pdf_layout). No pdfminer, and no system CJK font for the fonts the reports do not embed (pdfium
gets a font of three glyphs instead, pdf_fonts), so a page costs a few milliseconds, not tens.

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

from zhengchai.read import pdf_fonts
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
    pdf_fonts.install()
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


def _c(name: str, restype):
    """A pdfium function called per character with ready-made ctypes arguments (c_void_p, byref)
    and no argument conversion: pypdfium2's typed wrappers cost three times what pdfium does."""
    function = ctypes.CFUNCTYPE(restype)(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)
    function.argtypes = None  # the arguments are passed as they are given
    return function


_text_object = _c("FPDFText_GetTextObject", ctypes.c_void_p)
_char_origin = _c("FPDFText_GetCharOrigin", ctypes.c_int)
_map_error = _c("FPDFText_HasUnicodeMapError", ctypes.c_int)
_loose_box = _c("FPDFText_GetLooseCharBox", ctypes.c_int)


def _chars(textpage: pdfium.PdfTextPage, origin: tuple[float, float, float]) -> list[dict]:
    """The page's characters in pdfplumber's terms (top-left origin, size as drawn)."""
    left, _bottom, top = origin
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p)
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    text = _text(textpage.raw, count)
    objects = _Objects(textpage.raw)
    x, y, box = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
    px, py, pbox = ctypes.byref(x), ctypes.byref(y), ctypes.byref(box)
    chars = []
    for i in range(count):
        obj = _text_object(tp, i)
        if not obj:
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
                continue  # spaces and line breaks pdfium infers; the layout decides those itself
            raise Unusual("a character outside any text object")
        ch = text[i]
        if _map_error(tp, i) == 1 or ch in "\0\ufffd":
            raise Unusual("a glyph without a Unicode mapping")
        size = objects.sizes.get(obj) or objects.size(obj, i)
        _char_origin(tp, i, px, py)
        _loose_box(tp, i, pbox)
        baseline = top - y.value
        chars.append({"text": ch, "x0": x.value - left, "x1": max(box.right, x.value) - left,
                      "top": baseline - (1 - DESCENT) * size, "bottom": baseline + DESCENT * size,
                      "doctop": baseline - (1 - DESCENT) * size, "upright": True, "size": size})
    return _restore_spaces(chars)


def _text(textpage, count: int) -> str:
    """The page's characters, one per index: pdfium's text of the page in one call, unless it
    is not one UTF-16 unit per character (a character outside the BMP, control characters pdfium
    leaves out of its text), then character by character."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer) - 1  # less the terminator
    text = bytes(buffer)[: 2 * max(written, 0)].decode("utf-16-le", "replace")
    if written == count and len(text) == count:
        return text
    codes = (pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count))
    return "".join(chr(c) if c <= 0x10FFFF else "\ufffd" for c in codes)


class _Objects:
    """The font size as drawn, the same for every character of a text object: read once."""

    def __init__(self, textpage):
        self.textpage = textpage
        self.sizes: dict[int, float] = {}
        self.m = pdfium_c.FS_MATRIX()

    def size(self, obj: int, i: int) -> float:
        m = self.m
        if not pdfium_c.FPDFText_GetMatrix(self.textpage, i, m) or m.b or m.a <= 0 or m.d <= 0:
            raise Unusual("text that is not upright")
        self.sizes[obj] = pdfium_c.FPDFText_GetFontSize(self.textpage, i) * m.d
        return self.sizes[obj]


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
