"""DOCX reader: paragraphs and tables in body order. Word has no pages, so page is None."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable

from zhengchai.read.errors import ReadError
from zhengchai.read.model import DEFAULT_OPTIONS, Page, Problem, ReadOptions, Table


def read_docx(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as e:
        raise ReadError("corrupt", f"the DOCX package is damaged: {type(e).__name__}: {e}") from e
    except Exception as e:
        raise ReadError("corrupt", f"the DOCX cannot be opened: {type(e).__name__}: {e}") from e
    lines: list[str] = []
    tables: list[Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            tables.append(Table(rows=_rows(block), page=None))
        else:
            lines.append(block.text)
    return (Page(number=None, text="\n".join(lines), tables=tuple(tables)),), ()


def _rows(table: DocxTable) -> tuple[tuple[str | None, ...], ...]:
    """Cells of a table; a merged cell repeats its text in python-docx, so mark repeats None
    (as pdfplumber and openpyxl do) to keep one convention downstream."""
    rows = []
    above: list = []
    for r, row in enumerate(table.rows):
        cells, out, previous = row.cells, [], None
        for c, cell in enumerate(cells):
            tc = cell._tc
            spans_left = previous is not None and tc is previous
            spans_up = r > 0 and c < len(above) and above[c] is tc
            out.append(None if (spans_left or spans_up) else cell.text)
            previous = tc
        above = [cell._tc for cell in cells]
        rows.append(tuple(out))
    return tuple(rows)
