"""The indicator table of a self-evaluation form, row by row: merged cells take the value of the
row above, a row continued on the next page (or wrapped) joins the open row, 总分 closes the table,
and a 预算执行 row is the budget-execution score, not an indicator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhengchai.extract.form_columns import cell_columns, column_map, is_number, total_row
from zhengchai.extract.model import Fact, Indicator
from zhengchai.extract.numbers import parse_cell_number

INDICATOR_COLUMNS = cell_columns()  # the header's words by role (form_columns.yaml)
SCORE_TOTAL_ROW = total_row()
BUDGET_ROW = re.compile(r"^预算执行(?:率|情况)?$")
LEVELS = ("level1", "level2", "level3")
TEXT_ROLES = ("content", "target", "actual", "reason", "improvement")


@dataclass
class IndicatorState:
    columns: dict[str, int] | None = None
    width: int = 0
    last: dict[str, str | None] = field(default_factory=dict)
    open_row: dict | None = None
    page: int | None = None


def header_columns(cells: list[str | None]) -> dict[str, int] | None:
    """The columns of an indicator table's header row (a level, 分值 and 得分), or None."""
    columns = column_map(cells, INDICATOR_COLUMNS)
    if {"level1", "weight", "score"} <= set(columns) or {"level2", "weight", "score"} <= set(columns):
        return columns
    return None


def finish(state: IndicatorState, out: list[Indicator], facts: list[Fact] | None = None) -> None:
    """Close the open row: an indicator, the budget-execution score, or a heading row (dropped)."""
    row = state.open_row
    state.open_row = None
    if row is None:
        return
    weight, score = parse_cell_number(row.get("weight")), parse_cell_number(row.get("score"))
    if weight is None and score is None:
        return  # a heading row (产出指标（50分）) that only names the levels below it
    # the row is the budget-execution row when its first level names it (预算执行 | 预算执行率 | …)
    level1, level2 = row.get("level1") or "", row.get("level2") or ""
    if BUDGET_ROW.match(level1) or (BUDGET_ROW.match(level2) and not level1):
        # 预算执行率 as the first indicator row (newer forms): the budget-execution score, not an indicator
        if facts is not None:
            facts += _budget_execution(row, weight, score)
        return
    out.append(Indicator(
        level1=row.get("level1"), level2=row.get("level2"), level3=row.get("level3"),
        content=row.get("content") or None, target=row.get("target") or None, actual=row.get("actual") or None,
        weight=parse_cell_number(row.get("weight")), score=parse_cell_number(row.get("score")),
        reason=row.get("reason") or None, improvement=row.get("improvement") or None, page=row.get("page"),
    ))


def _budget_execution(row: dict, weight: float | None, score: float | None) -> list[Fact]:
    text = " ".join(str(v) for k, v in row.items() if v and k != "page")
    facts = []
    if weight is not None:
        facts.append(Fact("weight_budget_execution", weight, "point", None, None, f"分值 {weight:g}",
                          row.get("page"), text))
    if score is not None:
        facts.append(Fact("score_budget_execution", score, "point", None, None, f"得分 {score:g}",
                          row.get("page"), text))
    return facts


def indicator_row(cells: list[str | None], state: IndicatorState, page: int | None,
                  out: list[Indicator], facts: list[Fact]) -> bool:
    """Consume one row of the indicator table. False when the row ends the table."""
    cols = state.columns or {}

    def get(role: str) -> str | None:
        i = cols.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    first = next((c for c in cells if c), "")
    if SCORE_TOTAL_ROW.match(first or ""):
        finish(state, out, facts)
        facts += _score_total(cells, first, get("score"), page)
        return False
    levels = [get(r) for r in LEVELS]
    has_numbers = is_number(get("weight")) or is_number(get("score"))
    if not has_numbers and state.open_row is not None and all(not x for x in levels):
        # the same row continued on the next page (or a wrapped row): append its text
        for role in TEXT_ROLES:
            extra = get(role)
            if extra:
                state.open_row[role] = (state.open_row.get(role) or "") + extra
        return True
    if not has_numbers and not any(levels):
        return True
    finish(state, out, facts)
    row: dict = {"page": page}
    for role in LEVELS:
        value = get(role)
        if value is None or value == "":
            value = state.last.get(role)  # a merged cell: the value of the row above
        row[role] = value
        state.last[role] = value
    for role in ("content", "target", "actual", "weight", "score", "reason", "improvement"):
        row[role] = get(role) or ""
    state.open_row = row
    return True


def _score_total(cells: list[str | None], first: str, score_cell: str | None, page: int | None) -> list[Fact]:
    score = parse_cell_number(score_cell)
    if score is None:  # the total row's numbers may sit left of the score column
        numbers = [parse_cell_number(c) for c in cells if is_number(c)]
        score = numbers[-1] if numbers else None
    if score is None:
        return []
    return [Fact("score_total", score, "point", None, None, f"{first} {score:g}", page,
                 " ".join(c for c in cells if c))]
