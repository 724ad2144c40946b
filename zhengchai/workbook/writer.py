"""Writes the analysts' workbook with openpyxl: a 说明 sheet, then one sheet per spec in sheets.py,
each with Chinese headers and units, number formats, a frozen header row, a filter and widths."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from zhengchai.report.labels import DOC_TYPES, DOCUMENT_STATUS, SEVERITY
from zhengchai.workbook.sheets import SHEETS, Col, Sheet

FORMATS = {"money": "#,##0.00", "percent": "0.00%", "int": "#,##0", "number": "#,##0.00", "mu": "#,##0.00",
           "year": "0"}
LABELS = {**DOC_TYPES, **DOCUMENT_STATUS, **SEVERITY}
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MU_PER_M2 = 3 / 2000


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_value(col: Col, value):
    """A warehouse value as the analyst reads it: 万元, 亩, a fraction for % formats, text lists."""
    if col.kind == "list":
        items = [] if value is None or (not hasattr(value, "__iter__") and _missing(value)) else list(value)
        return "、".join(LABELS.get(str(v), str(v)) for v in items) or None
    if _missing(value):
        return None
    if col.kind == "money":
        return float(value) / 10000
    if col.kind == "percent":
        return float(value) / 100
    if col.kind == "mu":
        return float(value) * MU_PER_M2
    if col.kind in ("int", "year"):
        return int(value)
    if col.kind == "number":
        return float(value)
    if col.kind == "bool":
        return "是" if value else "否"
    if col.kind == "label":
        return LABELS.get(str(value), str(value))
    return str(value)


def _width(value) -> int:
    text = "" if value is None else (f"{value:,.2f}" if isinstance(value, float) else str(value))
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_sheet(wb: Workbook, sheet: Sheet, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(sheet.name)
    ws.append([c.header for c in sheet.columns])
    for row in frame.itertuples(index=False):
        record = row._asdict()
        ws.append([cell_value(c, record.get(c.field)) for c in sheet.columns])
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        header = ws.cell(row=1, column=i)
        header.font, header.fill = Font(bold=True), HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        widths = [_width(col.header) // 2 + 2]
        for cell in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if col.kind in FORMATS:
                cell[0].number_format = FORMATS[col.kind]
            widths.append(_width(cell[0].value) + 2)
        ws.column_dimensions[letter].width = max(8, min(60, max(widths)))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_guide(wb: Workbook, run_id: str | None) -> None:
    ws = wb.active
    ws.title = "说明"
    ws.append(["征拆绩效自评数据 · 分析用工作簿"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"生成于 {datetime.now():%Y-%m-%d %H:%M}；数据仓库运行 {run_id or '—'}"])
    ws.append(["单位：金额为万元（报告原文的元已换算），面积为亩或平方米（列名注明），户数为户，比率为百分比。"
               "空白表示报告未列此项，不是0。被隔离的文档不进入区县年度、趋势、排名和各事实表，见“问题文档”。"])
    ws.append(["每个数字都可追溯到文件、页码和原文：预算执行、征收签约、面积表的“页码”“原文”列。"])
    ws.append([])
    ws.append(["工作表", "内容", "来源（数据仓库中的表）", "一行代表", "排序"])
    order = {"排名": "区县、年度、指标", "趋势": "区县、指标、年度"}
    for sheet in SHEETS:
        ws.append([sheet.name, sheet.about, sheet.source, sheet.grain, order.get(sheet.name, "区县、年度")])
    ws.append([])
    ws.append(["数据字典"])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
    ws.append(["工作表", "列", "单位或格式", "说明", "来源字段"])
    for sheet in SHEETS:
        for col in sheet.columns:
            unit = col.header[len(col.label):].strip("（）")
            ws.append([sheet.name, col.label, unit, col.note, col.field])
    for row in (6, 8 + len(SHEETS) + 1):
        for cell in ws[row]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for letter, width in zip("ABCDE", (14, 40, 30, 40, 28), strict=True):
        ws.column_dimensions[letter].width = width


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    from zhengchai.workbook.problems import problem_frame

    run = con.execute("select run_id from raw.runs where status = 'published' order by finished_at desc limit 1").fetchone()
    wb = Workbook()
    write_guide(wb, run[0] if run else None)
    for sheet in SHEETS:
        frame = problem_frame(con) if not sheet.sql else con.execute(sheet.sql).df()
        write_sheet(wb, sheet, frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    wb.save(partial)
    partial.replace(path)
    return path



