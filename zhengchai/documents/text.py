"""Plain-text reader (text exports, copied pages). Tab or bar separated runs become tables."""

from __future__ import annotations

import re
from pathlib import Path

from zhengchai.documents.errors import ReadError
from zhengchai.documents.model import Page, ReadProblem, Table

ENCODINGS = ("utf-8-sig", "gb18030", "big5")


def decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("undecodable", "the text is in no encoding tried (UTF-8, GB18030, Big5)")


def read_text(path: Path) -> tuple[tuple[Page, ...], tuple[ReadProblem, ...]]:
    text = decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    body, tables = split_tables(text.split("\n"))
    # a form feed marks a page break in text exports
    pages = body.split("\f")
    if len(pages) > 1:
        return tuple(Page(number=i + 1, text=t) for i, t in enumerate(pages)), ()
    return (Page(number=None, text=body, tables=tuple(tables)),), ()


def _cells(line: str) -> list[str] | None:
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    if line.count("|") >= 3:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return None


def split_tables(lines: list[str]) -> tuple[str, list[Table]]:
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
            current.append(row)
            continue
        if cells is not None:  # a markdown rule line |---|---|
            continue
        if current:
            tables.append(_square(current))
            current = []
        body.append(line)
    if current:
        tables.append(_square(current))
    return "\n".join(body), tables


def _wrapped(rows: list[tuple[str, ...]], row: tuple[str, ...]) -> bool:
    width = max(len(r) for r in rows)
    previous = rows[-1]
    return len(previous) < width and len(row) < width and len(previous) + len(row) - 1 in (width, width + 1)


def _square(rows: list[tuple[str, ...]]) -> Table:
    width = max(len(r) for r in rows)
    return Table(rows=tuple(r + ("",) * (width - len(r)) for r in rows), page=None)
