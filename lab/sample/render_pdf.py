"""PDF rendering with reportlab and the built-in CID font STSong-Light (no system fonts).

Ruled tables are reportlab `Table`s with a GRID style and SPAN commands for merged cells.
`GridFlowable` splits a table between rows when it runs over a page — including through a
vertically merged cell, as Word does when it converts to PDF: the merged cell is cut at the
page break and its continuation on the next page is empty. The header row is repeated on
the next page or not, as the document says.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .docmodel import DocModel, Grid, Para
from .docmodel import PageBreak as PB

FONT = "STSong-Light"
_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def _styles(landscape_: bool) -> dict[str, ParagraphStyle]:
    f = _font()
    body = 10.5 if not landscape_ else 10
    return {
        "marker": ParagraphStyle("marker", fontName=f, fontSize=9, leading=13, alignment=TA_LEFT),
        "title": ParagraphStyle("title", fontName=f, fontSize=16, leading=24, alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", fontName=f, fontSize=14, leading=22, alignment=TA_CENTER, spaceAfter=8),
        "h1": ParagraphStyle("h1", fontName=f, fontSize=12, leading=20, spaceBefore=6, firstLineIndent=2 * body),
        "h2": ParagraphStyle("h2", fontName=f, fontSize=11, leading=19, spaceBefore=3, firstLineIndent=2 * body),
        "h3": ParagraphStyle("h3", fontName=f, fontSize=body, leading=18, firstLineIndent=2 * body),
        "body": ParagraphStyle("body", fontName=f, fontSize=body, leading=18, firstLineIndent=2 * body,
                               wordWrap="CJK"),
        "item": ParagraphStyle("item", fontName=f, fontSize=body, leading=18, firstLineIndent=2 * body,
                               wordWrap="CJK"),
        "note": ParagraphStyle("note", fontName=f, fontSize=9.5, leading=15, wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=f, fontSize=body, leading=20, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=8, leading=10.5, wordWrap="CJK"),
        "cellc": ParagraphStyle("cellc", fontName=f, fontSize=8, leading=10.5, wordWrap="CJK", alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class GridFlowable(Flowable):
    """One page's worth (or more) of a Grid, splitting between rows at page breaks."""

    def __init__(self, grid: Grid, styles: dict, rows: list[int] | None = None, cont: bool = False,
                 log: dict | None = None):
        super().__init__()
        self.grid = grid
        self.styles = styles
        self.rows = list(range(len(grid.rows))) if rows is None else rows
        self.cont = cont  # a continuation part (on a later page)
        self.log = log if log is not None else {}
        self._table: Table | None = None
        self._continued_spans = 0

    def _make(self, avail_width: float) -> Table:
        g, rows = self.grid, self.rows
        pos = {r: i for i, r in enumerate(rows)}
        cont_spans = 0
        data: list[list] = [["" for _ in range(g.ncols)] for _ in rows]
        cmds = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
        for r0, row in enumerate(g.rows):
            for c0, cell in enumerate(row):
                if cell is None:
                    continue
                covered = [pos[r] for r in range(r0, r0 + cell.rowspan) if r in pos]
                if not covered:
                    continue
                top, bottom = covered[0], covered[-1]
                if r0 not in pos:
                    cont_spans += 1
                if r0 in pos:  # the origin is on this part: the text goes here
                    style = self.styles["cellc" if cell.align == "center" else "cell"]
                    data[top][c0] = _p(cell.text, style) if cell.text else ""
                if bottom > top or cell.colspan > 1:
                    cmds.append(("SPAN", (c0, top), (c0 + cell.colspan - 1, bottom)))
                if cell.header:
                    cmds.append(("BACKGROUND", (c0, top), (c0 + cell.colspan - 1, bottom), colors.Color(0.93, 0.93, 0.93)))
        total = sum(g.widths)
        widths = [avail_width * w / total for w in g.widths]
        self._continued_spans = cont_spans
        return Table(data, colWidths=widths, style=TableStyle(cmds))

    def wrap(self, avail_width, avail_height):
        self._table = self._make(avail_width)
        self.width, self.height = self._table.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        t = self._make(avail_width)
        t.wrap(avail_width, avail_height)
        heights = t._rowHeights
        head = self.grid.header_rows if (self.grid.repeat_header or not self.cont) else 0
        head = min(head, len(self.rows))
        used, n = 0.0, 0
        for h in heights:
            if used + h > avail_height:
                break
            used += h
            n += 1
        if n <= head or n >= len(self.rows):
            return []
        first = GridFlowable(self.grid, self.styles, self.rows[:n], self.cont, self.log)
        rest_rows = self.rows[n:]
        if self.grid.repeat_header and self.grid.header_rows:
            rest_rows = list(range(self.grid.header_rows)) + rest_rows
        rest = GridFlowable(self.grid, self.styles, rest_rows, cont=True, log=self.log)
        return [first, rest]

    def draw(self):
        # what the reader will meet, recorded as drawn: tables continued on a new page, merged
        # cells cut by the page break, header rows repeated
        if self.cont:
            name = self.grid.name or "table"
            self.log.setdefault("continued", {}).setdefault(name, 0)
            self.log["continued"][name] += 1
            self.log["cut_merged_cells"] = self.log.get("cut_merged_cells", 0) + self._continued_spans
            if self.grid.repeat_header and self.grid.header_rows:
                self.log["repeated_headers"] = self.log.get("repeated_headers", 0) + 1
        self._table.drawOn(self.canv, 0, 0)


def render_pdf(doc: DocModel, encrypt=None, layout: dict | None = None) -> bytes:
    """The PDF bytes; `layout`, when given, receives what the page breaks did to the tables."""
    buf = io.BytesIO()
    size = landscape(A4) if doc.landscape else A4
    margin = 18 * mm if doc.landscape else 25 * mm
    tpl = SimpleDocTemplate(buf, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=doc.title, author=doc.author,
                            subject="样例数据，非真实报告", creator="lab.sample", invariant=1,
                            encrypt=encrypt)
    styles = _styles(doc.landscape)
    story: list = []
    for b in doc.blocks:
        if isinstance(b, Para):
            if b.style == "sign" and story and not isinstance(story[-1], Spacer) and \
                    not (isinstance(story[-1], Paragraph) and story[-1].style.name == "sign"):
                story.append(Spacer(1, 18))
            story.append(_p(b.text, styles.get(b.style, styles["body"])))
        elif isinstance(b, Grid):
            story.append(Spacer(1, 4))
            story.append(GridFlowable(b, styles, log=layout))
        elif isinstance(b, PB):
            story.append(PageBreak())

    def footer(canvas, d):
        if doc.page_numbers:
            canvas.saveState()
            canvas.setFont(_font(), 9)
            canvas.drawCentredString(size[0] / 2, 10 * mm, f"— {d.page} —")
            canvas.restoreState()

    tpl.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
