"""Ruled tables from pypdfium2's path objects, found by pdfplumber's lattice finder without pdfminer.

pdfplumber finds a table from the edges of the lines and rectangles a page draws (snapped, joined,
intersected into cells) and reads each cell's characters. Both steps are plain geometry; what costs
is pdfminer laying out the page to get the edges and characters. Here the edges come from pdfium's
path objects, turned into lines, rectangles and curves by pdfminer's own rules, and the characters
from pdfium's text page, so `find_tables` returns what pdfplumber's `page.find_tables()` does.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils import extract_text

from zhengchai.read.model import Table

SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults, as page.find_tables() uses them
Point = tuple[float, float]


@dataclass
class Geometry:
    """What pdfplumber's TableFinder and Table.extract read from a page: its edges and chars."""

    edges: list[dict]
    chars: list[dict] = field(default_factory=list)


def find_tables(edges: list[dict], chars: list[dict], number: int) -> tuple[tuple[Table, ...], list[tuple]]:
    """The page's ruled tables (rows of cells, None for a merged cell) and their boxes."""
    if not edges:
        return (), []
    found = TableFinder(Geometry(edges, chars), SETTINGS).tables
    if not found:
        return (), []
    bands = _Bands(chars)
    tables = tuple(Table(rows=tuple(bands.cells(row) for row in t.rows), page=number) for t in found)
    return tables, [t.bbox for t in found]


class _Bands:
    """pdfplumber's Table.extract, which tests every character of the page against every row,
    with the characters sorted by their vertical middle so a row finds its own by bisection.
    The same characters in the same order, so the same cell text."""

    def __init__(self, chars: list[dict]):
        self.chars = chars
        self.h = [_h_mid(c) for c in chars]
        self.v = [_v_mid(c) for c in chars]
        self.order = sorted(range(len(chars)), key=self.v.__getitem__)
        self.v_sorted = [self.v[i] for i in self.order]

    def cells(self, row) -> tuple[str | None, ...]:
        x0, top, x1, bottom = row.bbox
        band = sorted(self.order[bisect_left(self.v_sorted, top):bisect_left(self.v_sorted, bottom)])
        h = self.h
        in_row = [i for i in band if x0 <= h[i] < x1]
        return tuple(None if cell is None else self._text(in_row, cell) for cell in row.cells)

    def _text(self, in_row: list[int], cell: tuple[float, float, float, float]) -> str:
        x0, top, x1, bottom = cell
        h, v = self.h, self.v
        inside = [self.chars[i] for i in in_row if x0 <= h[i] < x1 and top <= v[i] < bottom]
        return extract_text(inside) if inside else ""


def _v_mid(c: dict) -> float:
    return (c["top"] + c["bottom"]) / 2


def _h_mid(c: dict) -> float:
    return (c["x0"] + c["x1"]) / 2


def path_edges(obj, origin: tuple[float, float, float]) -> list[dict]:
    """The edges of one painted path object, in pdfplumber's coordinates (origin: the mediabox's
    left, bottom and top)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) and not fill.value and not stroke.value:
        return []  # a path ended without painting (n) draws nothing; pdfminer keeps none either
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return []
    edges = []
    for ops, pts in _subpaths(obj):
        placed = [(m.a * x + m.c * y + m.e - origin[0], origin[2] - (m.b * x + m.d * y + m.f)) for x, y in pts]
        edges += _shape_edges("".join(ops), placed)
    return edges


def _subpaths(obj) -> list[tuple[list[str], list[Point]]]:
    """The path as pdfminer sees it: subpaths of operators (m, l, c, h) with one point each, the
    end point of a Bézier curve and the start point for h."""
    out: list[tuple[list[str], list[Point]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            return []
        point = (x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not out:
            out.append((["m"], [point]))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier = (bezier + 1) % 3  # pdfium lists a curve's two control points and its end
            if bezier:
                continue
            out[-1][0].append("c")
            out[-1][1].append(point)
        else:
            out[-1][0].append("l")
            out[-1][1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            out[-1][0].append("h")
            out[-1][1].append(out[-1][1][0])
    return out


def _shape_edges(shape: str, pts: list[Point]) -> list[dict]:
    """pdfminer's paint_path: a line, a rectangle or a curve, and pdfplumber's edges of it."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    if shape in ("mlh", "ml"):
        return [_edge(pts[0], pts[1], "line", "h" if pts[0][1] == pts[1][1] else "v")]
    if shape in ("mlllh", "mllll") and pts[0] == pts[4] and _square(pts):
        (x0, y0), (x1, y1) = pts[0], pts[2]
        return _rect_edges(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return [_edge(p, q, "curve", "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None))
            for p, q in zip(pts, pts[1:], strict=False)]


def _square(pts: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)


def _rect_edges(x0: float, top: float, x1: float, bottom: float) -> list[dict]:
    return [_edge((x0, top), (x1, top), "rect", "h"), _edge((x0, bottom), (x1, bottom), "rect", "h"),
            _edge((x0, top), (x0, bottom), "rect", "v"), _edge((x1, top), (x1, bottom), "rect", "v")]


def _edge(p: Point, q: Point, kind: str, orientation: str | None) -> dict:
    x0, x1 = min(p[0], q[0]), max(p[0], q[0])
    top, bottom = min(p[1], q[1]), max(p[1], q[1])
    return {"object_type": f"{kind}_edge" if kind != "line" else "line", "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top, "orientation": orientation}
