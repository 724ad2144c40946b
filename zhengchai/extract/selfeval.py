"""The ruled self-evaluation form (部门整体自评表) read table by table, row by row: each row is an
indicator header or row (indicators.py), a funds header and its block (funds.py), a row of column
labels, a row of a grid of measures (grid.py), or labels beside values and narrative cells — the
cells left become sentences for the narrative rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from zhengchai.extract.form_columns import cells_of, column_map, is_number
from zhengchai.extract.funds import HEADER_COLUMNS, header_block, money_unit, table_unit
from zhengchai.extract.grid import COLUMN_YEAR, LABEL_UNIT, MONEY_WORDS, grid_facts
from zhengchai.extract.indicators import IndicatorState, finish, header_columns, indicator_row
from zhengchai.extract.model import Fact, Indicator
from zhengchai.extract.narrative import SANGONG_ITEM
from zhengchai.extract.numbers import normalize, parse_cell_number
from zhengchai.extract.segment import Sentence, cell_sentences
from zhengchai.read.model import Table

TARGET_HEADER = re.compile(r"目标(?!完成)|设定|计划|预期|指标值")
ACTUAL_HEADER = re.compile(r"完成|实际")
FUNDS_ROLES = frozenset({"budget", "expenditure_total", "execution_rate", "score_budget_execution"})
FUNCTION_CLASS = re.compile(r"功能分类|支出科目|科目名称")
AMOUNT = re.compile(r"金额|决算数|支出数")


@dataclass
class FormResult:
    facts: list[Fact] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)  # cell text left for the narrative rules
    is_form: bool = False


@dataclass
class _Table:
    """One table being read, and what its rows so far have said."""
    rows: list[list[str | None]]
    page: int | None
    unit: str | None  # 单位：万元 of the table, else of its page
    page_unit: str | None
    sangong: bool  # a table of the “三公” items
    header_labels: dict[int, str] = field(default_factory=dict)
    block: str | None = None  # the label of a block of rows (a vertically merged first cell)


def read_form(tables: list[Table], page_units: dict[int | None, str] | None = None) -> FormResult:
    """Everything a self-evaluation form's tables hold; cells not consumed become sentences.
    page_units: the money unit each page states outside its tables, for tables that state none."""
    page_units = page_units or {}
    result = FormResult()
    state = IndicatorState()
    for table in tables:
        rows = [cells_of(r) for r in table.rows]
        sangong = sum(1 for r in rows if any(c and SANGONG_ITEM.search(c) for c in r)) >= 2
        t = _Table(rows, table.page, table_unit(rows) or page_units.get(table.page), page_units.get(table.page),
                   sangong)
        i = 0
        while i < len(rows):
            i = _read_row(t, i, state, result)
    finish(state, result.indicators, result.facts)
    result.sentences += _indicator_sentences(result.indicators)
    return result


def _read_row(t: _Table, i: int, state: IndicatorState, result: FormResult) -> int:
    """Read row i of a table; where the next row to read starts."""
    cells = t.rows[i]
    columns = header_columns(cells)
    if columns is not None:
        finish(state, result.indicators, result.facts)
        if columns != state.columns:  # a header repeated on a new page keeps the merged cells
            state.last = {}
        state.columns, state.width = columns, len(cells)
        result.is_form = True
        return i + 1
    money_cols = _funds_columns(cells)
    if money_cols is not None and not any(is_number(c) for c in cells):
        factor, unit_text = money_unit(t.rows, i, t.page_unit)
        facts, end = header_block(t.rows, i, money_cols, factor, unit_text, t.page)
        result.facts += facts
        result.is_form = result.is_form or bool(facts)
        return end
    if state.columns is not None and len(cells) == state.width:
        if not indicator_row(cells, state, t.page, result.indicators, result.facts):
            state.columns = None  # the 总分 row closed the indicator table
        return i + 1
    _other_row(t, i, result)
    joined = " ".join(c for c in cells if c)
    if "自评表" in joined or "绩效指标" in joined:
        result.is_form = True
    return i + 1


def _funds_columns(cells: list[str | None]) -> dict[str, int] | None:
    """The columns of a funds header (two of 预算 / 执行数 / 执行率 / 得分), or of a table of spending
    by function class (功能分类科目 | 金额（万元） | 占比); None for any other row."""
    money_cols = column_map(cells, HEADER_COLUMNS)
    if len(FUNDS_ROLES & set(money_cols)) >= 2:
        return money_cols
    if any(c and FUNCTION_CLASS.search(c) for c in cells):
        amount = next((j for j, c in enumerate(cells) if c and AMOUNT.search(c)), None)
        if amount is not None:
            return {"expenditure_total": amount}
    return None


def _other_row(t: _Table, i: int, result: FormResult) -> None:
    """Any other row: labels make column headers, a row of a grid of measures gives its facts,
    labels beside values give theirs, long cells are narrative."""
    cells = t.rows[i]
    if _header_row(cells):
        new = {j: c for j, c in enumerate(cells) if c}
        if i > 0 and _header_row(t.rows[i - 1]):
            # a header over two rows (征收任务 / 户数/面积（平方米）) names each column by both
            new = {j: t.header_labels.get(j, "") + new.get(j, "") for j in sorted(set(t.header_labels) | set(new))}
        t.header_labels = new
    elif (grid := grid_facts(cells, t.header_labels, t.unit, t.page, t.sangong)):
        result.facts += grid
    else:
        _labels_and_narrative(t, cells, result)


def _labels_and_narrative(t: _Table, cells: list[str | None], result: FormResult) -> None:
    """年初预算数（万元） | 1,380.00 | 调整后预算数（万元） | 1,526.40: labels beside values; the other
    long cells are narrative, read under their label or column header."""
    if cells and cells[0]:  # 预算资金（万元） over rows below it: a block with its unit and its scores
        t.block = cells[0]
    block = t.block
    block_unit = (m.group(1) if (m := LABEL_UNIT.search(block)) and "元" in m.group(1) else None) \
        if block else None
    funds_block = bool(block and re.search(r"预算|资金", block))
    pairs = _label_value_pairs(cells, t.unit or block_unit)
    points = [_point_fact(label, raw, t.page, funds_block) for label, raw, _ in pairs]
    result.facts += [f for f in points if f]
    result.sentences += [s for (_, _, text), point in zip(pairs, points, strict=True) if not point
                         for s in cell_sentences(text, t.page, None, None)]
    paired = {j for j, c in enumerate(cells) if c and any(c in (lab, raw) for lab, raw, _ in pairs)}
    for j, c in enumerate(cells):
        if c and len(c) > 4 and not is_number(c) and j not in paired:
            header = _left_label(cells, j) or t.header_labels.get(j)
            stance = _stance_of(header)
            result.sentences += _goal_then_result(list(cell_sentences(c, t.page, header, stance)))


def _indicator_sentences(indicators: list[Indicator]) -> list[Sentence]:
    """An indicator's content, target and actual as sentences, for the facts they state."""
    sentences: list[Sentence] = []
    for ind in indicators:
        name = ind.level3 or ind.content or ""
        for role, stance in (("content", "target"), ("target", "target"), ("actual", "actual")):
            text = getattr(ind, role)
            if text:
                # the row's name gives a bare cell (≥600户, 8,236.42亩) the words it lacks
                labelled = f"{name}：{text}" if name and role != "content" else text
                sentences += list(cell_sentences(labelled, ind.page, f"指标{role}", stance))
    return sentences


def _label_value_pairs(cells: list[str | None], unit_of_table: str | None) -> list[tuple[str, str, str]]:
    """(label, value, sentence) for each short label cell followed by a bare number; the unit comes
    from the label (年初预算数（万元）) or the table (单位：万元)."""
    pairs = []
    present = [(j, c) for j, c in enumerate(cells) if c]
    # a unit named by one label of the row serves the labels beside it (… | 其中：基本支出 | 386.2)
    row_unit = next((m.group(1) for _, c in present if (m := LABEL_UNIT.search(c)) and "元" in m.group(1)), None)
    for (_, label), (_, raw) in zip(present, present[1:], strict=False):
        if is_number(label) or not is_number(raw) or len(label) > 24:
            continue
        unit = LABEL_UNIT.search(label)
        if unit:
            suffix = unit.group(1)
        elif "%" in raw or "％" in raw:
            suffix = ""
        elif MONEY_WORDS.search(label) and (row_unit or unit_of_table):
            suffix = row_unit or unit_of_table
        elif re.search(r"分值|得分|总分", label):
            suffix = ""
        else:
            continue
        name = LABEL_UNIT.sub("", label)
        pairs.append((name, raw, f"{name}{raw.strip()}{suffix}"))
    return pairs


def _header_row(cells: list[str | None]) -> bool:
    """Short labels without figures (a year may name a column: 2024年预算)."""
    def label(c: str) -> bool:
        c = COLUMN_YEAR.sub("", c)
        return len(c) <= 12 and not re.search(r"\d", c)
    return bool(cells) and all((not c) or label(c) for c in cells)


def _point_fact(label: str, raw: str, page: int | None, funds_block: bool = False) -> Fact | None:
    """预算执行分值 | 10, 预算执行得分 | 9.9, 总分 | 95: the form's scores, which have no unit.
    In the funds block, a bare 得分 is the budget-execution score."""
    value = parse_cell_number(raw)
    text = f"{label} {raw}"
    if re.search(r"预算执行.*分值|^分值$", label):
        return Fact("weight_budget_execution", value, "point", None, None, raw, page, text)
    if re.search(r"预算执行.*得分", label) or (funds_block and label == "得分"):
        return Fact("score_budget_execution", value, "point", None, None, raw, page, text)
    if re.search(r"^(?:总分|自评总分|综合得分|自评得分)$", label):
        return Fact("score_total", value, "point", None, None, raw, page, text)
    return None


GOAL_MARK = re.compile(r"^\s*(?:年初|年度|绩效)?(?:目标|计划)(?:任务)?[：:]")
RESULT_MARK = re.compile(r"^\s*(?:实际|完成情况|完成结果|执行情况)")


def _goal_then_result(sentences: list[Sentence]) -> list[Sentence]:
    """A cell that says the goal, then the result: 年初目标：…。完成情况：…, or …。实际完成…:
    what comes before the result is the goal."""
    if any(GOAL_MARK.match(x.text) for x in sentences):
        out, goal = [], False
        for x in sentences:
            goal = bool(GOAL_MARK.match(x.text)) or (goal and not RESULT_MARK.match(x.text))
            out.append(replace(x, stance=x.stance or "target") if goal else x)
        return out
    actual = next((k for k, x in enumerate(sentences) if k and RESULT_MARK.match(x.text)), None)
    if actual is None:
        return sentences
    return [replace(x, stance=x.stance or "target") if k < actual else x for k, x in enumerate(sentences)]


def _left_label(cells: list[str | None], j: int) -> str | None:
    for c in reversed(cells[:j]):
        if c:
            return c if len(c) <= 12 else None
    return None


def _stance_of(header: str | None) -> str | None:
    if not header:
        return None
    if TARGET_HEADER.search(header) and not ACTUAL_HEADER.search(header):
        return "target"
    return None


def iter_cells(tables: list[Table]) -> Iterator[str]:
    for t in tables:
        for row in t.rows:
            for c in row:
                if c:
                    yield normalize(c)
