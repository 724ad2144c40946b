"""Plain-text reader (text exports, copied pages). Tab or bar separated runs become tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from zhengchai.read.errors import ReadError
from zhengchai.read.model import DEFAULT_OPTIONS, Page, Problem, ReadOptions, Table

ENCODINGS = ("utf-8-sig", "gb18030", "big5")


def decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("undecodable", "the text is in no encoding tried (UTF-8, GB18030, Big5)")


def read_text(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    text = decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    # a form feed marks a page break in text exports
    parts = text.split("\f")
    pages = []
    wrap = wrap_width(text.split("\n"))
    for i, part in enumerate(parts):
        number = i + 1 if len(parts) > 1 else None
        body, tables = split_tables(part.split("\n"), number)
        if wrap:
            body = unwrap(body.split("\n"), wrap)
        pages.append(Page(number=number, text=body, tables=tuple(tables)))
    return tuple(pages), ()


def display_width(line: str) -> int:
    return sum(1 if ord(c) < 0x2E80 else 2 for c in line)


Measure = Callable[[str], int]


def wrap_width(lines: list[str]) -> tuple[Measure, int] | None:
    """How a text export was hard-wrapped (the text layer of a PDF saved as text), or None: many
    long lines that stop, without a full stop, at one width — counted in characters or in columns
    (a CJK character is two)."""
    for measure, slack in ((len, 1), (display_width, 4)):
        widths = [measure(x.rstrip()) for x in lines
                  if not x.rstrip().endswith(SENTENCE_STOPS) and _cells(x) is None]
        widths = [w for w in widths if w >= 20]
        if len(widths) < 3:
            continue
        widest = max(widths)
        near = [w for w in widths if w >= widest - slack]
        if len(near) >= 3 and len(near) * 2 >= len(widths):
            return measure, widest - slack
    return None


SENTENCE_STOPS = ("。", "！", "？", "；", "：", ":", "”", "）")
NEW_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[①-⑳]|第.{1,3}[部章节])")


def unwrap(lines: list[str], wrap: tuple[Measure, int]) -> str:
    """Join each line that runs to the wrap width with the next (its sentence, or its number —
    2,856.5 / 6万元 — goes on there), unless the next starts a new item."""
    out: list[str] = []
    carry = False
    for line in lines:
        if carry and out and line.strip() and not NEW_ITEM.match(line):
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
        measure, width = wrap
        carry = measure(line.rstrip()) >= width and not line.rstrip().endswith(SENTENCE_STOPS)
    return "\n".join(out)


def _cells(line: str) -> list[str] | None:
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    if line.count("|") >= 3:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return None


def split_tables(lines: list[str], page: int | None = None) -> tuple[str, list[Table]]:
    """Lines with three or more tab- or bar-separated cells form table rows; the rest is text."""
    body, tables, current = [], [], []
    for line in lines:
        cells = _cells(line)
        if cells is not None and not re.fullmatch(r"[-|:\s]*", line):
            row = tuple(c if c else "" for c in cells)
            if current and _wrapped(current, row):
                # a cell wrapped onto the next line (43.6万平方\n米\t10\t10): one row, not two
                previous = current.pop()
                row = (*previous[:-1], previous[-1] + row[0], *row[1:])
            elif current and _continues(current[-1], row):
                # cells wrapped in place: a row of a few words under the cells they finish
                previous = current.pop()
                row = tuple(a + b for a, b in zip(previous, row + ("",) * (len(previous) - len(row)), strict=True))
            current.append(row)
            continue
        if cells is not None:  # a markdown rule line |---|---|
            continue
        if current:
            tables.append(_square(current, page))
            current = []
        body.append(line)
    if current:
        tables.append(_square(current, page))
    return "\n".join(body), tables


def _wrapped(rows: list[tuple[str, ...]], row: tuple[str, ...]) -> bool:
    width = max(len(r) for r in rows)
    previous = rows[-1]
    return len(previous) < width and len(row) < width and len(previous) + len(row) - 1 in (width, width + 1)


NUMBER = re.compile(r"[\d０-９]")
FIGURE = re.compile(r"[\d０-９.,，%％]+")


def _continues(previous: tuple[str, ...], row: tuple[str, ...]) -> bool:
    """A row whose few, number-free words all sit under non-empty cells of the row above: the rest
    of those cells' text, not a row of its own (a row of a merged-cell table has its figures)."""
    filled = [i for i, c in enumerate(row) if c]
    if not filled or len(filled) * 2 > len(row) or len(row) > len(previous):
        return False
    # a bare figure above (10, 99.37%) does not run on into words: that row is a row of labels
    return all(previous[i] and not FIGURE.fullmatch(previous[i].strip()) and not NUMBER.search(row[i])
               for i in filled)


def _square(rows: list[tuple[str, ...]], page: int | None) -> Table:
    width = max(len(r) for r in rows)
    return Table(rows=tuple(r + ("",) * (width - len(r)) for r in rows), page=page)
