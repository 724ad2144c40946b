"""Forms exported one cell per line (TXT/HTML exports of a ruled form): known header labels on
consecutive lines mark such a table, and its rows are rebuilt from what the labels say each row
holds, for the ruled-form reader (selfeval.py).

Kept beside the flattened-form reader (form_tokens.py) on purpose: such an export lists the funds
block's column labels first and then each row's values (年初预算数 全年预算数 全年执行数 … then
年度资金总额 980.00 1,206.35 …), which form_tokens, pairing a label with the word after it, does not
read. Without this path three texts of the test corpora lose their funds block (budget, spending,
execution rate, budget-execution weight and score) and fail the score checks: the style texts
t04_xingqing_2019_zhengchai_selfeval.txt and u14_qinzhou_2018_zhengdi_selfeval.txt, and a held-out
text written for the project and kept outside the repository (22_guilin_lingui_2024.txt). tests/extract/test_cell_lines.py pins it."""

from __future__ import annotations

import re

from zhengchai.extract.form_columns import column_map, level_names
from zhengchai.extract.funds import HEADER_COLUMNS
from zhengchai.extract.indicators import INDICATOR_COLUMNS, SCORE_TOTAL_ROW
from zhengchai.extract.numbers import parse_cell_number
from zhengchai.extract.segment import cell_text
from zhengchai.read.model import Table

LEVEL1_NAMES = re.compile(rf"^(?:{level_names(1)})$")


def _is_value(line: str) -> bool:
    return parse_cell_number(line) is not None or line in ("--", "—", "-", "/")


def _is_points(line: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d+)?", line))


def cell_per_line_tables(text: str) -> list[Table]:
    lines = [cell_text(x) for x in text.split("\n") if x.strip()]
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        money = _labels_at(lines, i, HEADER_COLUMNS)
        indicators = _labels_at(lines, i, INDICATOR_COLUMNS)
        if len(indicators) >= 5 and lines[i].startswith(("一级指标", "二级指标")):
            table, i = _indicator_lines(lines, i, indicators)
            tables.append(table)
        elif len(money) >= 3:
            table, i = _money_lines(lines, i, money)
            tables.append(table)
        else:
            i += 1
    return tables


def _labels_at(lines: list[str], i: int, spec) -> list[str]:
    labels = []
    while i < len(lines) and len(lines[i]) <= 16 and any(p.search(lines[i]) for _, p in spec):
        labels.append(lines[i])
        i += 1
    return labels


def _money_lines(lines: list[str], i: int, labels: list[str]) -> tuple[Table, int]:
    rows = [("资金来源", *labels)]
    i += len(labels)
    while i + len(labels) < len(lines) + 1 and i < len(lines) and not _is_value(lines[i]):
        values = lines[i + 1:i + 1 + len(labels)]
        if len(values) < len(labels) or not all(_is_value(v) for v in values):
            break
        rows.append((lines[i], *values))
        i += 1 + len(labels)
    return Table(rows=tuple(rows)), i


def _indicator_lines(lines: list[str], i: int, labels: list[str]) -> tuple[Table, int]:
    columns = column_map(labels, INDICATOR_COLUMNS)
    rows: list[tuple[str | None, ...]] = [tuple(labels)]
    i += len(labels)
    pending: list[str] = []
    while i < len(lines):
        line = lines[i]
        if SCORE_TOTAL_ROW.match(line):
            numbers = [x for x in lines[i + 1:i + 3] if _is_value(x)]
            rows.append(_row(columns, len(labels), {"level1": line, "weight": numbers[0] if numbers else "",
                                                    "score": numbers[-1] if numbers else ""}))
            i += 1 + len(numbers)
            break
        pending.append(line)
        i += 1
        # a row ends with its weight and score: two bare numbers (not percentages), no third after
        following = lines[i] if i < len(lines) else ""
        if len(pending) >= 5 and _is_points(pending[-1]) and _is_points(pending[-2]) and not _is_points(following):
            rows.append(_row(columns, len(labels), _assign(pending, columns)))
            pending = []
    return Table(rows=tuple(rows)), i


def _assign(cells: list[str], columns: dict[str, int]) -> dict[str, str]:
    """From the end: score, weight, then the value columns the header has; what is left are the
    indicator levels, the rest of them merged into the rows above."""
    cells = list(cells)
    out = {"score": cells.pop(), "weight": cells.pop()}
    for role in sorted((r for r in ("content", "target", "actual") if r in columns), key=columns.get, reverse=True):
        if cells:
            out[role] = cells.pop()
    levels = cells
    if levels:
        out["level3"] = levels.pop()
    if len(levels) == 2:
        out["level1"], out["level2"] = levels
    elif levels:  # one level left: a level-1 name, else the level 2 under a merged level 1
        out["level1" if LEVEL1_NAMES.match(levels[0]) and levels[0] != "成本指标" else "level2"] = levels[0]
    return out


def _row(columns: dict[str, int], width: int, values: dict[str, str]) -> tuple[str | None, ...]:
    row: list[str | None] = [""] * width
    for role, text in values.items():
        if role in columns:
            row[columns[role]] = text
    return tuple(row)
