"""DOCX rendering with python-docx: paragraphs, and real tables with merged cells (cell.merge).

A table whose header should repeat on every page gets the <w:tblHeader/> row property, as
Word writes it. The zip is rewritten with fixed timestamps so the bytes are reproducible.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .docmodel import DocModel, Grid, PageBreak, Para
from .ziputil import fixed_datetime, normalize_zip

FONT = "宋体"
_ALIGN = {"title": WD_ALIGN_PARAGRAPH.CENTER, "subtitle": WD_ALIGN_PARAGRAPH.CENTER,
          "sign": WD_ALIGN_PARAGRAPH.RIGHT}
_SIZE = {"marker": 9, "title": 16, "subtitle": 14, "h1": 12, "h2": 11}


def _east_asian(run_or_style, font: str = FONT) -> None:
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), font)
    fonts.set(qn("w:hAnsi"), font)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, grid: Grid, small: bool) -> None:
    nrows, ncols = len(grid.rows), grid.ncols
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    size = Pt(8 if small else 9)
    # table.cell() rebuilds the cell list on every call; take it once (spans do not overlap,
    # so a cell outside a merged range stays valid after the merge)
    cells = table._cells
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            if cell is None or not cell.text:
                continue
            dc = cells[r * ncols + c]
            p = dc.paragraphs[0]
            lines = cell.text.split("\n")
            for i, line in enumerate(lines):
                if i:
                    p = dc.add_paragraph()
                run = p.add_run(line)
                run.font.size = size
                run.bold = cell.header
                if cell.align == "center":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r, c, rs, cs in grid.spans():
        cells[r * ncols + c].merge(cells[(r + rs - 1) * ncols + c + cs - 1])
    if grid.repeat_header:
        for r in range(grid.header_rows):
            _repeat_header(table.rows[r])


def render_docx(doc: DocModel) -> bytes:
    d = Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(10.5 if not doc.landscape else 10)
    _east_asian(normal)
    sec = d.sections[0]
    if doc.landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
        sec.left_margin = sec.right_margin = Mm(18)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = Mm(25)
    for b in doc.blocks:
        if isinstance(b, Para):
            p = d.add_paragraph()
            run = p.add_run(b.text)
            if b.style in _SIZE:
                run.font.size = Pt(_SIZE[b.style])
            if b.style in ("title", "subtitle", "h1"):
                run.bold = True
            if b.style in _ALIGN:
                p.alignment = _ALIGN[b.style]
            if b.style in ("body", "item", "h1", "h2", "h3"):
                p.paragraph_format.first_line_indent = Pt(21)
        elif isinstance(b, Grid):
            _table(d, b, doc.landscape)
            d.add_paragraph()
        elif isinstance(b, PageBreak):
            d.add_page_break()
    cp = d.core_properties
    stamp = fixed_datetime(doc.created)
    cp.title = doc.title
    cp.author = doc.author
    cp.last_modified_by = doc.author
    cp.comments = "样例数据，非真实报告（lab.sample 生成）"
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue(), doc.created)
