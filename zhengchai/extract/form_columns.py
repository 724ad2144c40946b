"""The cells of a form's table as the form readers see them, and which column of a header row
plays which role."""

from __future__ import annotations

import re

from zhengchai.extract.numbers import parse_cell_number
from zhengchai.extract.segment import cell_text


def cells_of(row: tuple[str | None, ...]) -> list[str | None]:
    return [None if c is None else cell_text(c) for c in row]


def is_number(cell: str | None) -> bool:
    return parse_cell_number(cell) is not None


def column_map(cells: list[str | None], spec: tuple[tuple[str, re.Pattern], ...]) -> dict[str, int]:
    """role → column: the first role whose words a cell holds, each role once, left to right."""
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        if not c:
            continue
        for role, pattern in spec:
            if role not in found and pattern.search(c):
                found[role] = i
                break
    return found
