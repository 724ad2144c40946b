"""XLSX reader: each sheet is a table; cells inside a merged range (but its first) are None."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl

from zhengchai.read.errors import ReadError
from zhengchai.read.model import DEFAULT_OPTIONS, Page, Problem, ReadOptions, Table


def read_xlsx(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    try:
        book = openpyxl.load_workbook(str(path), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise ReadError("corrupt", f"the XLSX workbook is damaged: {type(e).__name__}: {e}") from e
    except Exception as e:
        raise ReadError("corrupt", f"the XLSX cannot be opened: {type(e).__name__}: {e}") from e
    tables = []
    for sheet in book.worksheets:
        covered = {(r, c) for rng in sheet.merged_cells.ranges
                   for r in range(rng.min_row, rng.max_row + 1)
                   for c in range(rng.min_col, rng.max_col + 1)
                   if (r, c) != (rng.min_row, rng.min_col)}
        rows = []
        for row in sheet.iter_rows():
            cells = tuple(None if (cell.row, cell.column) in covered else _cell_text(cell) for cell in row)
            if any(cells):
                rows.append(cells)
        if rows:
            tables.append(Table(rows=tuple(rows), page=None))
    book.close()
    # the title lines of a form sheet sit in single cells above the table; keep them as text too
    title_lines = [c for t in tables for row in t.rows[:3] for c in row if c and sum(1 for x in row if x) == 1]
    return (Page(number=None, text="\n".join(title_lines), tables=tuple(tables)),), ()


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        fmt = cell.number_format or ""
        if fmt.endswith("%"):
            decimals = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
            return f"{value * 100:.{decimals}f}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, datetime | date):
        return value.strftime("%Y年%m月%d日")
    return str(value)
