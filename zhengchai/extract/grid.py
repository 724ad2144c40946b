"""Tables of a report whose rows are projects, areas or categories and whose columns are measures
(项目名称 | 征收任务 | 已签约户数（户） | 拨付补偿款（万元）): each figure is read from (row label,
column header, cell) through the lexicon — the header names the measure and its stance, the row
names the scope (none for a 合计 row) — with no sentence made up for the prose rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhengchai.extract import stance
from zhengchai.extract.counts import AREA_RULES, ORGANISATIONS, PERSON_RULES, PROJECT_RULES, RATE_RULES
from zhengchai.extract.model import Fact
from zhengchai.extract.money import MONEY_RULES, names_a_measure, sangong
from zhengchai.extract.numbers import Quantity, find_quantities, normalize, parse_cell_number
from zhengchai.extract.segment import cell_text
from zhengchai.extract.spot import nearest
from zhengchai.extract.vocabulary import unit_of

ROW_NAMES_HEADER = re.compile(r"项目|片区|名称|地块|区域|街道|乡镇|社区|单位|类别|类型|科目|内容|范围|工程|地区|批次")
OTHER_YEAR_COLUMN = re.compile(r"上年|去年|同期|增减|变动|增幅|同比")
GRID_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|总数|全区|全县|全市)$")
COLUMN_YEAR = re.compile(r"(20[0-4]\d)\s*年(?:度)?")  # a column named by its year: 2024年预算
LABEL_UNIT = re.compile(r"[（(]\s*(万元|元|亿元|人|户|家|亩|平方米|万平方米|个|%|％)\s*[)）]")
MONEY_WORDS = re.compile(r"预算|决算|支出|经费|资金|收入|金额|执行数|结余|结转|补偿|资产")
SPENDING = re.compile(r"支出|决算|执行数|使用")
KIND_RULES = {"area": AREA_RULES, "person": PERSON_RULES, "count": PROJECT_RULES, "percent": RATE_RULES}


@dataclass(frozen=True)
class Cell:
    row: str  # the row's label (a project, a 片区, a category, 合计)
    column: str  # the column's header without its unit and year
    printed: str  # the figure with its unit (from the cell, the header or the table)
    total: bool  # a 合计 row
    project_row: bool  # a row of a table of projects (its spending is project spending)
    sangong: bool  # a row of a “三公” table


def grid_facts(cells: list[str | None], headers: dict[int, str], table_unit: str | None,
               page: int | None, sangong_table: bool = False) -> list[Fact]:
    """The facts of one row of a table of projects (or areas, categories) by measure."""
    first = min(headers, default=None)
    if first is None or not ROW_NAMES_HEADER.search(headers[first]):
        return []
    label_at = next((j for j, c in enumerate(cells) if c and parse_cell_number(c) is None), None)
    if label_at is None or label_at > first + 1 or len(cells[label_at]) > 30:
        return []
    label = cell_text(cells[label_at])
    projects = bool(re.search(r"(?:项目|工程)名称", headers[first])) and not sangong_table
    this_year = max((int(y) for h in headers.values() for y in COLUMN_YEAR.findall(h)), default=None)
    out: list[Fact] = []
    for j in range(label_at + 1, len(cells)):
        value, header = cell_text(cells[j]), headers.get(j)
        if value and not re.search(r"\d", value) and ROW_NAMES_HEADER.search(header or ""):
            label = value  # 收入 | 金额 | 支出 | 金额: a second column of row names
            continue
        cell = _cell(label, header, value, table_unit, projects, sangong_table, this_year)
        if cell is not None:
            out += cell_facts(cell, page)
    return out


def _cell(label: str, header: str | None, value: str, table_unit: str | None, projects: bool,
          sangong_table: bool, this_year: int | None) -> Cell | None:
    if not value or not header or not re.search(r"\d", value):
        return None
    if OTHER_YEAR_COLUMN.search(header) or any(int(y) != this_year for y in COLUMN_YEAR.findall(header)):
        return None  # 2023年决算, 比上年增减: last year's figures, quoted for comparison
    total = bool(GRID_TOTAL_ROW.match(label) or re.search(r"合计|总计|小计", label))
    unit = LABEL_UNIT.search(header)
    name = COLUMN_YEAR.sub("", LABEL_UNIT.sub("", header))  # this year's, checked above
    percent = "%" in value or "％" in value
    money = bool(MONEY_WORDS.search(name) or (unit and "元" in unit.group(1)) or percent)
    if projects and total and money and re.search(r"预算|支出|决算|执行|%|％", name + value):
        return None  # the sum of the listed projects' budgets and spending, not the department's
    if parse_cell_number(value) is None:
        suffix = ""  # the cell carries its units: 146户/23,815.60平方米
    elif unit:
        suffix = unit.group(1)
    elif percent or not MONEY_WORDS.search(name) or not table_unit:
        if not percent:
            return None  # a bare number of unknown unit
        suffix = ""
    else:
        suffix = table_unit
    return Cell(label, name, value + suffix, total, projects and not total, sangong_table)


def cell_facts(cell: Cell, page: int | None) -> list[Fact]:
    scope = None if cell.total or names_a_measure(cell.row) else cell.row
    text = f"{cell.row} {cell.column} {cell.printed}"
    out = []
    for q in find_quantities(normalize(cell.printed)):
        found = _measure(cell, q, scope)
        if found is None:
            continue
        measure, scoped = found
        if unit_of(measure) != q.unit.canonical and not (unit_of(measure) == "unit" and q.unit.kind == "household"):
            continue
        out.append(Fact(measure, q.value, unit_of(measure), scoped, q.qualifier, q.raw, page, text,
                        confidence="high", confidence_reason=None))
    return out


def _measure(cell: Cell, q: Quantity, scope: str | None) -> tuple[str, str | None] | None:
    """The column names the measure and its stance; a row that names a measure (基本支出, 财政拨款
    收入 in an income/spending table) names it where the column says only 金额."""
    kind = q.unit.kind
    column = cell.column
    if kind == "money":
        return _money(cell, scope)
    if kind in ("household", "unit"):
        if ORGANISATIONS.search(column + cell.row):
            kind = "unit"
        if stance.TARGET.search(column):
            return f"{kind}s_target", scope  # 征收任务, 应签约户数
        if stance.SIGNING.search(column) or stance.RESULT.search(column):
            return f"{kind}s_signed", scope  # 已签约户数
        return None
    rule = nearest(KIND_RULES.get(kind, ()), column)
    if kind == "area" and rule is None and stance.TARGET.search(column):
        return "area_scope", scope  # 征收任务 | 户数/面积: the area of the task
    if rule is None:
        return None
    if rule.measure == "area_demolished" and stance.TARGET.search(column):
        return "area_scope", scope
    return rule.measure, scope


def _money(cell: Cell, scope: str | None) -> tuple[str, str | None] | None:
    if cell.sangong:
        row = "“三公”经费合计" if cell.total else cell.row
        found = sangong(cell.column, row + "：" + cell.column, None if cell.total else cell.row)
        if found:
            return found
    rule = nearest(MONEY_RULES, cell.column)
    if (rule is None or rule.measure in ("budget", "expenditure_total")) and names_a_measure(cell.row):
        rule = nearest(MONEY_RULES, cell.row) or rule  # 收入 | 金额: the row names the money
    if cell.project_row and SPENDING.search(cell.column) and "项目" not in cell.column \
            and not names_a_measure(cell.row):
        return "expenditure_project", scope  # a project's spending is project spending
    if rule is None:
        return None
    return rule.measure, (scope if rule.measure not in ("budget_initial",) or scope else None)
