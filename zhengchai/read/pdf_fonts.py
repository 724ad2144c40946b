"""A font of three glyphs as pdfium's only system font, in place of the system's CJK fonts.

The reports' Chinese fonts are seldom embedded (ReportLab's STSong-Light, Word's 宋体 by name), so
pdfium substitutes a system font, Noto CJK on Debian: a 20 MB collection read whole for every
document and a CFF outline parsed for every character twice (for the text object's box and for
the text page's), three quarters of what a page cost. The reader needs no outline: a character's
left edge is its origin and its right edge the loose box pdfium computes from the PDF's widths
(/W, /Widths, the standard 14's metrics), as pdfminer does. It does need every glyph to have a
box: pdfium drops a text object whose glyph boxes have no width, so with no substitute (or one
without the character, which pdfium treats as no glyph) a one-character object, a table cell's
last character wrapped onto a line of its own, is lost.

So the substitute is made here, 584 bytes: every code point maps to a box as tall as a CJK glyph
and thinner than any advance (the loose box stays the advance), the spaces to an empty glyph as in
the real fonts. `install()` gives it to pdfium, once per process, for every font that is not
embedded; nothing in the reader renders glyphs (OCR renders only pages without a text layer).
"""

from __future__ import annotations

import ctypes
import struct

import pypdfium2.raw as pdfium_c

HANDLE = ctypes.c_void_p(1)  # the one font there is; pdfium only needs a non-null handle
NAME = b"Zhengchai Box"
EM = 1000
# (first code point, last, glyph): 2 the empty glyph of the spaces, 1 a box for everything else
SPACES = ((0x20, 0x20), (0xA0, 0xA0), (0x2000, 0x200F), (0x2028, 0x202F), (0x205F, 0x206F), (0x3000, 0x3000))
BOX = (0, -120, 20, 880)  # xMin, yMin, xMax, yMax: a CJK glyph's height, narrower than any advance

_state: dict = {}


def _groups() -> list[tuple[int, int, int]]:
    groups, start = [], 0x21
    for first, last in SPACES[1:]:
        groups += [(start, first - 1, 1), (first, last, 2)]
        start = last + 1
    return [(0x20, 0x20, 2), *groups, (start, 0x10FFFF, 1)]


def _font_bytes() -> bytes:
    """A TrueType font of three glyphs (none, a box, a blank), every code point mapped to one."""
    x0, y0, x1, y1 = BOX
    box = struct.pack(">hhhhhHH4B8h", 1, x0, y0, x1, y1, 3, 0, 1, 1, 1, 1,
                      x0, 0, x1 - x0, 0, y0, y1 - y0, 0, y0 - y1)  # one contour, deltas from 0,0
    glyphs = [b"", box, b""]
    loca, offset = [], 0
    for g in [*glyphs, b""]:
        loca.append(offset // 2)
        offset += len(g)
    groups = _groups()
    cmap_groups = b"".join(struct.pack(">III", *g) for g in groups)
    cmap13 = struct.pack(">HHIII", 13, 0, 16 + len(cmap_groups), 0, len(groups)) + cmap_groups
    name = "Zhengchai Box".encode("utf-16-be")
    tables = {
        b"cmap": struct.pack(">HHHHI", 0, 1, 3, 10, 12) + cmap13,
        b"glyf": b"".join(glyphs),
        b"head": struct.pack(">IIIIHHQQhhhhHHhhh", 0x10000, 0x10000, 0, 0x5F0F3CF5, 0x000B, EM, 0, 0,
                             x0, y0, x1, y1, 0, 8, 2, 0, 0),
        b"hhea": struct.pack(">IhhhHhhhhhh5hH", 0x10000, y1, y0, 0, EM, 0, 0, x1, 1, 0, 0, 0, 0, 0, 0, 0,
                             len(glyphs)),
        b"hmtx": b"".join(struct.pack(">Hh", EM, x0 if g else 0) for g in glyphs),
        b"loca": struct.pack(f">{len(loca)}H", *loca),
        b"maxp": struct.pack(">IH13H", 0x10000, len(glyphs), 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0),
        b"name": struct.pack(">HHHHHHHHH", 0, 1, 18, 3, 1, 0x409, 1, len(name), 0) + name,
        b"post": struct.pack(">IIhhIIIII", 0x30000, 0, -100, 50, 0, 0, 0, 0, 0),
    }
    return _sfnt(tables)


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    """The font file: the table directory, then each table padded to four bytes."""
    n = len(tables)
    power = 1 << (n.bit_length() - 1)
    head = struct.pack(">IHHHH", 0x10000, n, 16 * power, power.bit_length() - 1, 16 * (n - power))
    offset = len(head) + 16 * n
    records, body = [], b""
    for tag in sorted(tables):
        data = tables[tag]
        records.append(struct.pack(">4sIII", tag, 0, offset + len(body), len(data)))
        body += data + b"\0" * (-len(data) % 4)
    return head + b"".join(records) + body


def _get_font_data(_this, _font, table, buffer, size):
    data = _state["data"]
    if table != 0:
        return 0  # asked for 'ttcf': not a collection; pdfium then reads the whole font (table 0)
    if buffer and size >= len(data):
        ctypes.memmove(buffer, data, len(data))
    return len(data)


def _get_face_name(_this, _font, buffer, size):
    if buffer and size > len(NAME):
        ctypes.memmove(buffer, NAME + b"\0", len(NAME) + 1)
    return len(NAME) + 1


def _callbacks() -> dict:
    fields = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)
    return {
        "Release": fields["Release"](lambda _this: None),
        "EnumFonts": fields["EnumFonts"](lambda _this, _mapper: None),
        "MapFont": fields["MapFont"](lambda _this, _w, _i, _c, _p, _face, _exact: HANDLE.value),
        "GetFont": fields["GetFont"](lambda _this, _face: HANDLE.value),
        "GetFontData": fields["GetFontData"](_get_font_data),
        "GetFaceName": fields["GetFaceName"](_get_face_name),
        "GetFontCharset": fields["GetFontCharset"](lambda _this, _font: 1),  # FXFONT_DEFAULT_CHARSET
        "DeleteFont": fields["DeleteFont"](lambda _this, _font: None),
    }


def install() -> None:
    """Make the small font pdfium's only system font, once per process."""
    if "info" in _state:
        return
    _state["data"] = _font_bytes()
    _state["callbacks"] = callbacks = _callbacks()  # ctypes frees a callback nobody references
    info = pdfium_c.FPDF_SYSFONTINFO(version=1, **callbacks)
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    _state["info"] = info
