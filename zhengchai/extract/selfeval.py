"""The ruled self-evaluation form (部门整体自评表): its money header block, its indicator table
(merged cells, wrapped cells, continued over pages) and the narrative inside its cells."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from zhengchai.extract.grid import COLUMN_YEAR, LABEL_UNIT, MONEY_WORDS, grid_facts
from zhengchai.extract.model import Fact, Indicator
from zhengchai.extract.narrative import SANGONG_ITEM
from zhengchai.extract.numbers import normalize, parse_cell_number
from zhengchai.extract.segment import Sentence, cell_sentences, cell_text
from zhengchai.read.model import Table

HEADER_COLUMNS: tuple[tuple[str, re.Pattern], ...] = (
    ("budget_initial", re.compile(r"年初预算")),
    ("budget", re.compile(r"全年预算|调整后预算|调整预算|预算数|预算总额|批复预算")),
    ("transfer", re.compile(r"上级|移动支付|转移支付|\(C\)|（C）")),
    ("expenditure_total", re.compile(r"执行数|实际支出|决算数|支出数|支出金额")),
    ("execution_rate", re.compile(r"执行率")),
    ("weight_budget_execution", re.compile(r"分值|权重")),
    ("score_budget_execution", re.compile(r"得分")),
)
CLASS_ROWS = (("expenditure_basic", re.compile(r"(?:^|[：:])基本支出$")),
              ("expenditure_project", re.compile(r"(?:^|[：:])项目支出$")))
BASIC_PARTS = re.compile(r"人员经费|公用经费|人员支出|公用支出")
TOTAL_ROW = re.compile(r"资金总额|年度资金|合计|总计|总额|小计")
MONEY_UNIT = re.compile(r"[（(]\s*(万元|元|亿元)\s*[)）]")

INDICATOR_COLUMNS: tuple[tuple[str, re.Pattern], ...] = (
    ("level1", re.compile(r"一级指标")),
    ("level2", re.compile(r"二级指标")),
    ("level3", re.compile(r"三级指标")),
    ("content", re.compile(r"目标内容|指标内容|绩效目标")),
    ("target", re.compile(r"目标值|指标值|预期目标|年度目标|计划值")),
    ("actual", re.compile(r"完成值|实际完成|完成情况|实际值|实际达到")),
    ("weight", re.compile(r"分值|权重")),
    ("score", re.compile(r"得分|评分(?!标准|办法|依据|细则|说明)")),
    ("reason", re.compile(r"未完成原因|偏差原因|原因")),
    ("improvement", re.compile(r"改进措施|整改|改进")),
)
SCORE_TOTAL_ROW = re.compile(r"^(?:总\s*分|合\s*计|总\s*计|自评总分|综合得分)$")
BUDGET_ROW = re.compile(r"^预算执行(?:率|情况)?$")
TARGET_HEADER = re.compile(r"目标(?!完成)|设定|计划|预期|指标值")
ACTUAL_HEADER = re.compile(r"完成|实际")


def _cells(row: tuple[str | None, ...]) -> list[str | None]:
    return [None if c is None else cell_text(c) for c in row]


def _is_number(cell: str | None) -> bool:
    return parse_cell_number(cell) is not None


@dataclass
class FormResult:
    facts: list[Fact] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)  # cell text left for the narrative rules
    is_form: bool = False


def _column_map(cells: list[str | None], spec) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        if not c:
            continue
        for role, pattern in spec:
            if role not in found and pattern.search(c):
                found[role] = i
                break
    return found


def _header_block(rows: list[list[str | None]], start: int, columns: dict[str, int], unit_factor: float,
                  unit_text: str, page: int | None) -> tuple[list[Fact], int]:
    """Rows under a funds header (全年预算数 | 全年执行数 | 执行率 …): the total row gives the
    department's figures; the other rows are parts — funding sources (财政拨款), spending classes
    (基本支出, 人员经费), project items — or special rows (“三公”经费, 上年结转)."""
    facts: list[Fact] = []
    header = rows[start]
    end = start + 1
    while end < len(rows) and any(col < len(rows[end]) and _is_number(rows[end][col]) for col in columns.values()):
        end += 1
    first_value_col = min(columns.values())
    labels = [_row_label(rows[i], first_value_col) for i in range(start + 1, end)]
    # a table that lists 基本支出 beside named items: the items are project spending
    items_are_projects = any(CLASS_ROWS[0][1].search(x) for x in labels) and \
        not any(CLASS_ROWS[1][1].search(x) for x in labels)
    # 项目名称 | 预算数 | 支出数 | 执行率 listing named projects only: a report's table of project
    # spending, whose 合计 is the projects' sum, not the department's budget and spending
    header_label = " ".join(c for c in header[:first_value_col] if c)
    project_table = bool(re.search(r"项目名称|项目$", header_label)) and \
        any(x and not TOTAL_ROW.search(x) for x in labels) and \
        not any(re.search(r"基本支出|项目支出|人员|公用|拨款|结[转余]|三公|其他资金|资金来源", x) for x in labels)
    items_are_projects = items_are_projects or project_table
    money = {"budget_initial", "budget", "expenditure_total"}
    for i, label in zip(range(start + 1, end), labels, strict=True):
        cells = rows[i]
        values = [(role, col) for role, col in columns.items() if col < len(cells) and _is_number(cells[col])]
        scope = None if (not label or TOTAL_ROW.search(label)) else label

        def fact(measure: str, col: int, scoped: str | None, cells=cells, label=label) -> Fact:
            raw = cells[col]
            text = f"{label} {header[col]} {raw}"
            if measure == "execution_rate":
                return Fact(measure, parse_cell_number(raw), "percent", scoped, None, raw, page, text)
            if measure in ("weight_budget_execution", "score_budget_execution"):
                return Fact(measure, parse_cell_number(raw), "point", None, None, raw, page, text)
            return Fact(measure, round(parse_cell_number(raw) * unit_factor, 4), "yuan", scoped, None,
                        f"{raw}{unit_text}", page, text + unit_text)

        if project_table and scope is None:
            continue
        both = _weight_and_score(cells, header, columns)
        if both and scope is None:  # 分值/得分 | 10/9.61: one cell holds both
            text = f"{label} {header[columns['weight_budget_execution']]} {both[2]}"
            facts += [Fact("weight_budget_execution", both[0], "point", None, None, both[2], page, text),
                      Fact("score_budget_execution", both[1], "point", None, None, both[2], page, text)]
        if scope and "三公" in scope:
            named = {"budget": "sangong_budget", "expenditure_total": "sangong_actual"}
            facts += [fact(named[role], col, None) for role, col in values if role in named]
            continue
        if scope and re.search(r"(?:上年|年初)结[转余]", scope):
            col = columns.get("budget", columns.get("budget_initial"))
            if col is not None and col < len(cells) and _is_number(cells[col]):
                facts.append(fact("balance_carried_in", col, None))
        spent_as, spent_scope = "expenditure_total", scope
        for measure, pattern in CLASS_ROWS:
            if scope and pattern.search(scope):
                spent_as, spent_scope = measure, None  # 基本支出 / 项目支出: that class's own total
        if scope and BASIC_PARTS.search(scope):
            spent_as = "expenditure_basic"  # 人员经费 / 公用经费: parts of basic spending
        elif scope and spent_as == "expenditure_total" and items_are_projects:
            spent_as = "expenditure_project"
        for role, col in values:
            if role == "transfer" or (scope and role not in money | {"execution_rate"}):
                continue
            facts.append(fact(spent_as, col, spent_scope) if role == "expenditure_total" else fact(role, col, scope))
    return facts, end


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
    label = next((c for c in cells[:first_value_col] if c and not _is_number(c) and "资金情况" not in c), "")
    return re.sub(r"^(?:其中|含)[：:]?", "", label.replace(" ", "")).strip()


UNIT_FACTORS = {"万元": 1e4, "元": 1.0, "亿元": 1e8}
STATED_UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|亿元)")


def stated_unit(text: str) -> str | None:
    """The money unit a page states outside its tables (部门名称：… 单位：元)."""
    m = STATED_UNIT.search(text)
    return m.group(1) if m else None


def _money_unit(rows: list[list[str | None]], upto: int, page_unit: str | None = None) -> tuple[float, str]:
    for cells in rows[:upto + 1]:
        for c in cells:
            m = MONEY_UNIT.search(c or "")
            if m:
                return UNIT_FACTORS[m.group(1)], m.group(1)
    if page_unit:
        return UNIT_FACTORS[page_unit], page_unit
    return 1e4, "万元"  # the standard form is in 万元


@dataclass
class IndicatorState:
    columns: dict[str, int] | None = None
    width: int = 0
    last: dict[str, str | None] = field(default_factory=dict)
    open_row: dict | None = None
    page: int | None = None


def _finish(state: IndicatorState, out: list[Indicator], facts: list[Fact] | None = None) -> None:
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
            text = " ".join(str(v) for k, v in row.items() if v and k != "page")
            if weight is not None:
                facts.append(Fact("weight_budget_execution", weight, "point", None, None, f"分值 {weight:g}",
                                  row.get("page"), text))
            if score is not None:
                facts.append(Fact("score_budget_execution", score, "point", None, None, f"得分 {score:g}",
                                  row.get("page"), text))
        return
    out.append(Indicator(
        level1=row.get("level1"), level2=row.get("level2"), level3=row.get("level3"),
        content=row.get("content") or None, target=row.get("target") or None, actual=row.get("actual") or None,
        weight=parse_cell_number(row.get("weight")), score=parse_cell_number(row.get("score")),
        reason=row.get("reason") or None, improvement=row.get("improvement") or None, page=row.get("page"),
    ))


def _indicator_row(cells: list[str | None], state: IndicatorState, page: int | None,
                   out: list[Indicator], facts: list[Fact]) -> bool:
    """Consume one row of the indicator table. False when the row ends the table."""
    cols = state.columns or {}

    def get(role: str) -> str | None:
        i = cols.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    first = next((c for c in cells if c), "")
    if SCORE_TOTAL_ROW.match(first or ""):
        _finish(state, out, facts)
        score = parse_cell_number(get("score"))
        if score is None:  # the total row's numbers may sit left of the score column
            numbers = [parse_cell_number(c) for c in cells if _is_number(c)]
            score = numbers[-1] if numbers else None
        if score is not None:
            facts.append(Fact("score_total", score, "point", None, None, f"{first} {score:g}", page,
                              " ".join(c for c in cells if c)))
        return False
    levels = [get(r) for r in ("level1", "level2", "level3")]
    weight, score = get("weight"), get("score")
    has_numbers = _is_number(weight) or _is_number(score)
    if not has_numbers and state.open_row is not None and all(not x for x in levels):
        # the same row continued on the next page (or a wrapped row): append its text
        for role in ("content", "target", "actual", "reason", "improvement"):
            extra = get(role)
            if extra:
                state.open_row[role] = (state.open_row.get(role) or "") + extra
        return True
    if not has_numbers and not any(levels):
        return True
    _finish(state, out, facts)
    row: dict = {"page": page}
    for role in ("level1", "level2", "level3"):
        value = get(role)
        if value is None or value == "":
            value = state.last.get(role)  # a merged cell: the value of the row above
        row[role] = value
        state.last[role] = value
    for role in ("content", "target", "actual", "weight", "score", "reason", "improvement"):
        row[role] = get(role) or ""
    state.open_row = row
    return True


def read_form(tables: list[Table], page_units: dict[int | None, str] | None = None) -> FormResult:
    """Everything a self-evaluation form's tables hold; cells not consumed become sentences.
    page_units: the money unit each page states outside its tables, for tables that state none."""
    page_units = page_units or {}
    result = FormResult()
    state = IndicatorState()
    for table in tables:
        rows = [_cells(r) for r in table.rows]
        page = table.page
        i = 0
        header_labels: dict[int, str] = {}
        block: str | None = None  # the label of a block of rows (a vertically merged first cell)
        table_unit = _table_unit(rows) or page_units.get(page)
        sangong_table = sum(1 for r in rows if any(c and SANGONG_ITEM.search(c) for c in r)) >= 2
        while i < len(rows):
            cells = rows[i]
            joined = " ".join(c for c in cells if c)
            indicator_cols = _column_map(cells, INDICATOR_COLUMNS)
            if {"level1", "weight", "score"} <= set(indicator_cols) or \
                    ({"level2", "weight", "score"} <= set(indicator_cols)):
                _finish(state, result.indicators, result.facts)
                if indicator_cols != state.columns:  # a header repeated on a new page keeps the merged cells
                    state.last = {}
                state.columns, state.width = indicator_cols, len(cells)
                result.is_form = True
                i += 1
                continue
            money_cols = _column_map(cells, HEADER_COLUMNS)
            funds_header = len({"budget", "expenditure_total", "execution_rate", "score_budget_execution"}
                               & set(money_cols)) >= 2
            if not funds_header and any(c and re.search(r"功能分类|支出科目|科目名称", c) for c in cells):
                amount = next((j for j, c in enumerate(cells) if c and re.search(r"金额|决算数|支出数", c)), None)
                if amount is not None:  # 功能分类科目 | 金额（万元） | 占比: spending by function class
                    money_cols, funds_header = {"expenditure_total": amount}, True
            if funds_header and not any(_is_number(c) for c in cells):
                factor, unit_text = _money_unit(rows, i, page_units.get(page))
                facts, i = _header_block(rows, i, money_cols, factor, unit_text, page)
                result.facts += facts
                result.is_form = result.is_form or bool(facts)
                continue
            if state.columns is not None and len(cells) == state.width and \
                    _indicator_row(cells, state, page, result.indicators, result.facts):
                i += 1
                continue
            if state.columns is not None and len(cells) == state.width:
                state.columns = None  # the 总分 row closed the indicator table
                i += 1
                continue
            # any other row: labels make column headers, long cells are narrative
            if _header_row(cells):
                new = {j: c for j, c in enumerate(cells) if c}
                if i > 0 and _header_row(rows[i - 1]):
                    # a header over two rows (征收任务 / 户数/面积（平方米）) names each column by both
                    new = {j: header_labels.get(j, "") + new.get(j, "") for j in sorted(set(header_labels) | set(new))}
                header_labels = new
            elif (grid := grid_facts(cells, header_labels, table_unit, page, sangong_table)):
                result.facts += grid
            else:
                # 年初预算数（万元） | 1,380.00 | 调整后预算数（万元） | 1,526.40: labels beside values
                if cells and cells[0]:  # 预算资金（万元） over rows below it: a block with its unit and its scores
                    block = cells[0]
                block_unit = (m.group(1) if (m := LABEL_UNIT.search(block)) and "元" in m.group(1) else None) \
                    if block else None
                funds_block = bool(block and re.search(r"预算|资金", block))
                pairs = _label_value_pairs(cells, table_unit or block_unit)
                points = [_point_fact(label, raw, page, funds_block) for label, raw, _ in pairs]
                result.facts += [f for f in points if f]
                result.sentences += [s for (_, _, text), point in zip(pairs, points, strict=True) if not point
                                     for s in cell_sentences(text, page, None, None)]
                paired = {j for j, c in enumerate(cells) if c and any(c in (lab, raw) for lab, raw, _ in pairs)}
                for j, c in enumerate(cells):
                    if c and len(c) > 4 and not _is_number(c) and j not in paired:
                        header = _left_label(cells, j) or header_labels.get(j)
                        stance = _stance_of(header)
                        result.sentences += _goal_then_result(list(cell_sentences(c, page, header, stance)))
            if "自评表" in joined or "绩效指标" in joined:
                result.is_form = True
            i += 1
    _finish(state, result.indicators, result.facts)
    for ind in result.indicators:
        name = ind.level3 or ind.content or ""
        for role, stance in (("content", "target"), ("target", "target"), ("actual", "actual")):
            text = getattr(ind, role)
            if text:
                # the row's name gives a bare cell (≥600户, 8,236.42亩) the words it lacks
                labelled = f"{name}：{text}" if name and role != "content" else text
                result.sentences += list(cell_sentences(labelled, ind.page, f"指标{role}", stance))
    return result




def _table_unit(rows: list[list[str | None]]) -> str | None:
    for cells in rows[:3]:
        for c in cells:
            m = re.search(r"单位[：:]\s*(万元|元|亿元)", c or "")
            if m:
                return m.group(1)
    return None


def _label_value_pairs(cells: list[str | None], table_unit: str | None) -> list[tuple[str, str, str]]:
    """(label, value, sentence) for each short label cell followed by a bare number; the unit comes
    from the label (年初预算数（万元）) or the table (单位：万元)."""
    pairs = []
    present = [(j, c) for j, c in enumerate(cells) if c]
    # a unit named by one label of the row serves the labels beside it (… | 其中：基本支出 | 386.2)
    row_unit = next((m.group(1) for _, c in present if (m := LABEL_UNIT.search(c)) and "元" in m.group(1)), None)
    for (_, label), (_, raw) in zip(present, present[1:], strict=False):
        if _is_number(label) or not _is_number(raw) or len(label) > 24:
            continue
        unit = LABEL_UNIT.search(label)
        if unit:
            suffix = unit.group(1)
        elif "%" in raw or "％" in raw:
            suffix = ""
        elif MONEY_WORDS.search(label) and (row_unit or table_unit):
            suffix = row_unit or table_unit
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


# Some text exports put every cell of a form on its own line. Known header labels on
# consecutive lines mark such a table; rows are rebuilt from what the labels say each row holds.
LEVEL1_NAMES = re.compile(r"^(?:产出指标|效益指标|满意度指标|成本指标)$")


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
    columns = _column_map(labels, INDICATOR_COLUMNS)
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
