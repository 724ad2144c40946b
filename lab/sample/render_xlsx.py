"""XLSX rendering with openpyxl: the self-evaluation form as one worksheet with merged ranges.

Paragraphs become single merged rows across the sheet; tables keep their merged cells. Cells
holding a bare amount or score are written as numbers (with a matching number format), as
spreadsheets published by finance offices do; everything else is text.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .docmodel import DocModel, Grid, Para
from .ziputil import fixed_datetime, normalize_zip

_NUM = re.compile(r"^-?\d+(?:\.\d+)?$")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL = PatternFill("solid", fgColor="EEEEEE")


def _value(text: str):
    """A bare number becomes a numeric cell with a format that prints it as the form does."""
    if _NUM.match(text):
        if "." in text:
            decimals = len(text.split(".")[1])
            return float(text), "0." + "0" * decimals
        return int(text), "0"
    return text, None


def render_xlsx(doc: DocModel) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体自评表"
    ncols = max((b.ncols for b in doc.blocks if isinstance(b, Grid)), default=8)
    widths = next((b.widths for b in doc.blocks if isinstance(b, Grid) and b.ncols == ncols), [1.0] * ncols)
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(7, round(w * 11, 1))
    r = 1
    header_rows: list[int] = []
    for b in doc.blocks:
        if isinstance(b, Para):
            cell = ws.cell(row=r, column=1, value=b.text)
            big = b.style in ("title", "subtitle")
            cell.font = Font(name="宋体", size=16 if b.style == "title" else 12 if big else 10, bold=b.style == "title")
            cell.alignment = Alignment(horizontal="center" if big else "left", vertical="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            r += 1
        elif isinstance(b, Grid):
            # a narrower grid is stretched over the sheet: its last column absorbs the rest
            extra = ncols - b.ncols
            for i, row in enumerate(b.rows):
                for j, cell in enumerate(row):
                    if cell is None:
                        continue
                    value, fmt = _value(cell.text) if cell.text else (None, None)
                    xc = ws.cell(row=r + i, column=j + 1, value=value)
                    if fmt:
                        xc.number_format = fmt
                    xc.alignment = Alignment(wrap_text=True, vertical="center",
                                             horizontal="center" if cell.align == "center" else "left")
                    xc.font = Font(name="宋体", size=9, bold=cell.header)
                    if cell.header:
                        xc.fill = _FILL
            for i in range(len(b.rows)):
                for j in range(ncols):
                    ws.cell(row=r + i, column=j + 1).border = _BORDER
            for i, j, rs, cs in b.spans():
                end_c = j + cs + (extra if j + cs == b.ncols else 0)
                ws.merge_cells(start_row=r + i, start_column=j + 1, end_row=r + i + rs - 1, end_column=end_c)
            if extra:
                for i, row in enumerate(b.rows):
                    last = b.ncols - 1
                    if row[last] is not None and row[last].colspan == 1 and row[last].rowspan == 1:
                        ws.merge_cells(start_row=r + i, start_column=b.ncols, end_row=r + i, end_column=ncols)
            if b.repeat_header and b.header_rows:
                header_rows = [r, r + b.header_rows - 1]
            r += len(b.rows) + 1
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    props = wb.properties
    stamp = fixed_datetime(doc.created)
    props.title = doc.title
    props.creator = doc.author
    props.lastModifiedBy = doc.author
    props.description = "样例数据，非真实报告（lab.sample 生成）"
    props.created = stamp
    props.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(buf.getvalue(), doc.created)
