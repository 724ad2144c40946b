"""The funds block of a self-evaluation form (资金情况: 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |
分值 | 得分) and the money unit of a form's tables. The total row gives the department's figures;
the other rows are parts — funding sources (财政拨款), spending classes (基本支出, 人员经费),
project items — or special rows (“三公”经费, 上年结转)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from zhengchai.extract.form_columns import funds_header_columns, is_number
from zhengchai.extract.model import Fact
from zhengchai.extract.numbers import normalize, parse_cell_number

HEADER_COLUMNS = funds_header_columns()  # form_columns.yaml: funds
CLASS_ROWS = (("expenditure_basic", re.compile(r"(?:^|[：:])基本支出$")),
              ("expenditure_project", re.compile(r"(?:^|[：:])项目支出$")))
BASIC_PARTS = re.compile(r"人员经费|公用经费|人员支出|公用支出")
# 按收入性质分 / 按支出性质分 under the total row: label | figure pairs side by side, not under the header
FUNDING_SOURCE = re.compile(r"一般公共预算|财政拨款|政府性基金|其他资金|上级补助|专户")
TOTAL_ROW = re.compile(r"资金总额|年度资金|合计|总计|总额|小计")
MONEY_UNIT = re.compile(r"[（(]\s*(万元|元|亿元)\s*[)）]")
PROJECT_HEADER = re.compile(r"项目名称|项目$")
NOT_A_PROJECT = re.compile(r"基本支出|项目支出|人员|公用|拨款|结[转余]|三公|其他资金|资金来源")
CARRIED_IN = re.compile(r"(?:上年|年初)结[转余]")
MONEY_ROLES = frozenset({"budget_initial", "budget", "expenditure_total"})
SANGONG_ROLES = {"budget": "sangong_budget", "expenditure_total": "sangong_actual"}
UNIT_FACTORS = {"万元": 1e4, "元": 1.0, "亿元": 1e8}
STATED_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|亿元)")


@dataclass(frozen=True)
class Block:
    """A funds header and what its rows share."""
    header: list[str | None]
    columns: dict[str, int]
    unit_factor: float
    unit_text: str
    page: int | None
    items_are_projects: bool  # a row that names no spending class is project spending
    project_table: bool  # a table of named projects only: its 合计 is theirs, not the department's


def header_block(rows: list[list[str | None]], start: int, columns: dict[str, int], unit_factor: float,
                 unit_text: str, page: int | None) -> tuple[list[Fact], int]:
    """Rows under a funds header (全年预算数 | 全年执行数 | 执行率 …): their facts, and where they end."""
    end = _block_end(rows, start, columns)
    first_value_col = min(columns.values())
    labels = [_row_label(rows[i], first_value_col) for i in range(start + 1, end)]
    header = rows[start]
    project_table = _project_table(header[:first_value_col], labels)
    block = Block(header, columns, unit_factor, unit_text, page,
                  _items_beside_basic(labels) or project_table, project_table)
    facts: list[Fact] = []
    for i, label in zip(range(start + 1, end), labels, strict=True):
        facts += _row_facts(block, rows[i], label)
    return facts, end


def _block_end(rows: list[list[str | None]], start: int, columns: dict[str, int]) -> int:
    def has_figures(i: int) -> bool:
        return i < len(rows) and any(col < len(rows[i]) and is_number(rows[i][col]) for col in columns.values())

    def subheading(i: int) -> bool:
        """按收入性质分 | 按支出性质分: a row of labels inside the block, no header of its own."""
        return i < len(rows) and not any(is_number(c) or (c and any(p.search(c) for _, p in HEADER_COLUMNS))
                                         for c in rows[i])

    end = start + 1
    while has_figures(end) or (subheading(end) and has_figures(end + 1)):
        end += 1
    return end


def _items_beside_basic(labels: list[str]) -> bool:
    """A table that lists 基本支出 beside named items: the items are project spending."""
    return any(CLASS_ROWS[0][1].search(x) for x in labels) and not any(CLASS_ROWS[1][1].search(x) for x in labels)


def _project_table(row_headers: list[str | None], labels: list[str]) -> bool:
    """项目名称 | 预算数 | 支出数 | 执行率 listing named projects only: a report's table of project
    spending, whose 合计 is the projects' sum, not the department's budget and spending."""
    header_label = " ".join(c for c in row_headers if c)
    return bool(PROJECT_HEADER.search(header_label)) and any(x and not TOTAL_ROW.search(x) for x in labels) and \
        not any(NOT_A_PROJECT.search(x) for x in labels)


def _row_facts(block: Block, cells: list[str | None], label: str) -> list[Fact]:
    pairs = _side_by_side(cells, min(block.columns.values()))
    if pairs:
        return [f for lab, col in pairs if (f := _pair_fact(block, cells, lab, col))]
    values = [(role, col) for role, col in block.columns.items() if col < len(cells) and is_number(cells[col])]
    scope = None if (not label or TOTAL_ROW.search(label)) else label
    if block.project_table and scope is None:
        return []
    facts = _weight_and_score_facts(block, cells, label) if scope is None else []
    if scope and "三公" in scope:
        return facts + [_cell_fact(block, cells, label, SANGONG_ROLES[role], col, None)
                        for role, col in values if role in SANGONG_ROLES]
    if scope and CARRIED_IN.search(scope):
        col = block.columns.get("budget", block.columns.get("budget_initial"))
        if col is not None and col < len(cells) and is_number(cells[col]):
            facts.append(_cell_fact(block, cells, label, "balance_carried_in", col, None))
    spent_as, spent_scope = _spending_class(scope, block.items_are_projects)
    for role, col in values:
        if role == "transfer" or (scope and role not in MONEY_ROLES | {"execution_rate"}):
            continue
        facts.append(_cell_fact(block, cells, label, spent_as, col, spent_scope) if role == "expenditure_total"
                     else _cell_fact(block, cells, label, role, col, scope))
    return facts


def _side_by_side(cells: list[str | None], first_value_col: int) -> list[tuple[str, int]]:
    """(label, column of its figure) when a row pairs labels with the figure after each and one label
    stands among the value columns (其中：一般公共预算 | 786.3 | 其中：基本支出 | 402.6): a breakdown
    written beside the header, whose figures are not the columns' above."""
    present = [(j, c) for j, c in enumerate(cells) if c and c.strip()]
    pairs = [(a, j) for (i, a), (j, b) in zip(present, present[1:], strict=False)
             if re.search(r"[\u4e00-\u9fff]", a) and not is_number(a) and is_number(b) and len(a) <= 24]
    among_values = any(cells.index(lab) >= first_value_col for lab, _ in pairs if lab in cells)
    return pairs if len(pairs) >= 2 and among_values else []


def _pair_fact(block: Block, cells: list[str | None], label: str, col: int) -> Fact | None:
    name = re.sub(r"^(?:其中|含)[：:]?", "", label.replace(" ", "")).strip()
    measure, scope = next(((m, None) for m, pattern in CLASS_ROWS if pattern.search(name)), (None, None))
    if measure is None and FUNDING_SOURCE.search(name):
        measure, scope = "budget", name
    if measure is None:
        return None
    fact = _cell_fact(block, cells, name, measure, col, scope)
    return replace(fact, text=f"{label} {cells[col]}{block.unit_text}")  # its own label, not the column's


def _spending_class(scope: str | None, items_are_projects: bool) -> tuple[str, str | None]:
    """The measure a row's spending is, and its scope."""
    spent_as, spent_scope = "expenditure_total", scope
    for measure, pattern in CLASS_ROWS:
        if scope and pattern.search(scope):
            spent_as, spent_scope = measure, None  # 基本支出 / 项目支出: that class's own total
    if scope and BASIC_PARTS.search(scope):
        spent_as = "expenditure_basic"  # 人员经费 / 公用经费: parts of basic spending
    elif scope and spent_as == "expenditure_total" and items_are_projects:
        spent_as = "expenditure_project"
    return spent_as, spent_scope


def _cell_fact(block: Block, cells: list[str | None], label: str, measure: str, col: int,
               scoped: str | None) -> Fact:
    raw = cells[col]
    text = f"{label} {block.header[col]} {raw}"
    if measure == "execution_rate":
        return Fact(measure, parse_cell_number(raw), "percent", scoped, None, raw, block.page, text)
    if measure in ("weight_budget_execution", "score_budget_execution"):
        return Fact(measure, parse_cell_number(raw), "point", None, None, raw, block.page, text)
    return Fact(measure, round(parse_cell_number(raw) * block.unit_factor, 4), "yuan", scoped, None,
                f"{raw}{block.unit_text}", block.page, text + block.unit_text)


def _weight_and_score_facts(block: Block, cells: list[str | None], label: str) -> list[Fact]:
    """分值/得分 | 10/8.75: one cell holds both."""
    both = _weight_and_score(cells, block.header, block.columns)
    if not both:
        return []
    text = f"{label} {block.header[block.columns['weight_budget_execution']]} {both[2]}"
    return [Fact("weight_budget_execution", both[0], "point", None, None, both[2], block.page, text),
            Fact("score_budget_execution", both[1], "point", None, None, both[2], block.page, text)]


def _weight_and_score(cells: list[str | None], header: list[str | None],
                      columns: dict[str, int]) -> tuple[float, float, str] | None:
    col = columns.get("weight_budget_execution")
    if col is None or "score_budget_execution" in columns or col >= len(cells) or not cells[col]:
        return None
    if not re.search(r"得分", header[col] or ""):
        return None
    m = re.fullmatch(r"\s*([\d.]+)\s*[/／]\s*([\d.]+)\s*", normalize(cells[col]))
    return (float(m.group(1)), float(m.group(2)), cells[col]) if m else None


def _row_label(cells: list[str | None], first_value_col: int) -> str:
    label = next((c for c in cells[:first_value_col] if c and not is_number(c) and "资金情况" not in c), "")
    return re.sub(r"^(?:其中|含)[：:]?", "", label.replace(" ", "")).strip()


def stated_unit(text: str) -> str | None:
    """The money unit a page states outside its tables (部门名称：… 单位：元)."""
    m = STATED_UNIT.search(text)
    return m.group(1) if m else None


def money_unit(rows: list[list[str | None]], upto: int, page_unit: str | None = None) -> tuple[float, str]:
    """The factor and unit of a funds header's figures: named in a header cell, else by the page."""
    for cells in rows[:upto + 1]:
        for c in cells:
            m = MONEY_UNIT.search(c or "")
            if m:
                return UNIT_FACTORS[m.group(1)], m.group(1)
    if page_unit:
        return UNIT_FACTORS[page_unit], page_unit
    return 1e4, "万元"  # the standard form is in 万元


def table_unit(rows: list[list[str | None]]) -> str | None:
    """单位：万元 in the first rows of a table."""
    for cells in rows[:3]:
        for c in cells:
            m = re.search(r"单位[：:]\s*(万元|元|亿元)", c or "")
            if m:
                return m.group(1)
    return None
