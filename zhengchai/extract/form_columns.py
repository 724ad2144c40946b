"""The indicator table's vocabulary (form_columns.yaml: column headers by role, level names), as
every form reader uses it; the cells of a form's table as the readers see them; which column of a
header row plays which role."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

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


WHERE = ("cell", "whole", "start")


@cache
def _data() -> dict:
    text = resources.files("zhengchai.extract").joinpath("form_columns.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _columns() -> tuple[tuple[str, dict[str, str]], ...]:
    """(role, {word: where it counts}) in the order roles are tried."""
    out = []
    for column in _data()["columns"]:
        unknown = set(column["words"].values()) - set(WHERE)
        if unknown:
            raise ValueError(f"form_columns.yaml: {column['role']}: {sorted(unknown)} is not one of {WHERE}")
        out.append((column["role"], column["words"]))
    return tuple(out)


@cache
def cell_columns() -> tuple[tuple[str, re.Pattern], ...]:
    """(role, pattern) for a ruled table's header cell: the cell holds one of the role's words."""
    return tuple((role, re.compile("|".join(words))) for role, words in _columns())


@cache
def token_columns() -> tuple[tuple[str, re.Pattern], ...]:
    """(role, pattern) for a flattened form's token: it is one of the role's whole words or starts
    with one of its start words. Roles named only in ruled cells are left out."""
    out = []
    for role, words in _columns():
        whole = [w for w, at in words.items() if at == "whole"]
        start = [w for w, at in words.items() if at == "start"]
        parts = ([f"^(?:{'|'.join(whole)})$"] if whole else []) + ([f"^(?:{'|'.join(start)})"] if start else [])
        if parts:
            out.append((role, re.compile("|".join(parts))))
    return tuple(out)


@cache
def funds_header_columns() -> tuple[tuple[str, re.Pattern], ...]:
    """(role, pattern) for a funds header cell (全年预算数(A), 执行率, 分值 …): the cell holds a word."""
    return tuple((f["role"], re.compile("|".join(f["header"]))) for f in _data()["funds"] if f.get("header"))


@cache
def funds_labels() -> tuple[tuple[str, re.Pattern], ...]:
    """(role, pattern) for a label printed before its figure (计划安排资金, 其中：基本支出): the whole label."""
    return tuple((f["role"], re.compile(f"^(?:{'|'.join(f['label'])})$")) for f in _data()["funds"] if f.get("label"))


def level_names(level: int) -> str:
    """The template's level-1 or level-2 indicator names as one alternation (产出指标|效益指标|…)."""
    return "|".join(_data()[f"level{level}"])


@cache
def total_row() -> re.Pattern:
    """总分 / 合计 / 自评总分 …: the row that closes the indicator table with the form's total."""
    return re.compile(f"^(?:{'|'.join(_data()['total_row'])})$")
