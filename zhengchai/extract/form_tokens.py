"""A self-evaluation form read from its words alone, whatever became of its ruling: cells in a
table, separated by tabs or `|`, one cell per line, or all on one line (a document-sharing site's
preview). The form is found by the national template's closed vocabulary — level-1/level-2
indicator names, the header sequences, the labels of the funds block — never by position on a page.

Two indicator layouts are read:
- the national template: 一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分 (偏差原因…), rows under
  level-1/level-2 names (产出指标 / 数量指标 …);
- numbered items of older provincial forms: a group name, then `N.item(W分) W S` per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhengchai.extract.form_columns import funds_labels, level_names, token_columns, total_row
from zhengchai.extract.funds import HEADER_COLUMNS, UNIT_FACTORS, stated_unit
from zhengchai.extract.funds import TOTAL_ROW as FUNDS_TOTAL_ROW
from zhengchai.extract.model import Fact, Indicator
from zhengchai.extract.numbers import normalize, parse_cell_number

POINTS = r"(?:[(（]\d+(?:\.\d+)?分[)）])?"  # 产出指标（50分）
LEVEL1 = re.compile(rf"^(?:{level_names(1)}){POINTS}$")
LEVEL2 = re.compile(rf"^(?:{level_names(2)}){POINTS}$")
# the header of the indicator table, by role: a token that is (or starts with) a word of the
# template's vocabulary (form_columns.yaml)
HEADER_ROLES = token_columns()
TOTAL_ROW = total_row()
# the funds block: label (with its unit) then the figure (form_columns.yaml: funds)
FUNDS_LABELS = funds_labels()
UNIT_SUFFIX = re.compile(r"[(（]\s*(万元|元|亿元)\s*[)）]$")
FIELD_LABELS = re.compile(r"^(?:项目单位|主管部门|项目负责人|实施单位|预算单位|评价类型|联系电话|项目起止时间)$")
# 3.方案审批( 2 分) 2 2 — an item of a numbered form, its weight repeated in the weight column
NUMBERED_ITEM = re.compile(r"(?<![\d.])(\d{1,2})\s*[.、．]\s*([^\d\s(（][^(（]{0,30}?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]"
                           r"\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?![\d.])")
TOTALS_AFTER_HEADER = re.compile(r"(?:指标)?分值\s+(?:评价)?得分\s+(?:一级\S*\s+二级\S*\s+三级\S*\s+)?"
                                 r"(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)(?![\d.])")


@dataclass
class FlatForm:
    facts: list[Fact] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # the runs of words that are the form's grid, not prose (header, row label, values)
    grid_runs: list[list[str]] = field(default_factory=list)


# the roles of a funds header's columns and how each figure is stated
FUNDS_HEADER_UNITS = {"budget_initial": "money", "budget": "money", "expenditure_total": "money",
                      "execution_rate": "percent", "weight_budget_execution": "point",
                      "score_budget_execution": "point"}


def tokens(text: str) -> list[str]:
    """The words of a form in reading order: cells, tab and `|` fields, lines and spaced runs alike.
    `( 1 分)` is one token, as printed inside a cell."""
    text = normalize(text)
    text = re.sub(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]", r"(\1分)", text)
    text = re.sub(r"[（(]\s*(万元|元|亿元)\s*[)）]", r"(\1)", text)
    return [t for t in re.split(r"[\s|｜]+", text) if t]


def _is_points(token: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:\.\d+)?", token)) and float(token) <= 100


def read_flat_form(text: str, page: int | None = None) -> FlatForm:
    """Indicators, scores and the funds block of a form given as text in any layout."""
    words = tokens(text)
    form = FlatForm()
    scope = _project_name(words)
    header_row, run = _funds_header_row(words, scope, page, stated_unit(text) or "万元")
    form.facts += header_row
    if run:
        form.grid_runs.append(run)
    have = {f.measure for f in form.facts}
    form.facts += [f for f in _funds(words, scope, page) if f.measure not in have]
    form.indicators += _numbered_items(" ".join(words), page)
    if not form.indicators:
        indicators, total, grid = _template_rows(words, page)
        form.indicators += indicators
        if total is not None:
            form.facts.append(total)
        if grid:
            form.grid_runs.append(grid)
    total = _total_after_header(" ".join(words), page)
    if total and not any(f.measure == "score_total" for f in form.facts):
        form.facts.append(total)
    return form


def _project_name(words: list[str]) -> str | None:
    """项目名称 X 项目单位 …: a form about one project scopes its figures by that project."""
    for i, w in enumerate(words):
        if re.fullmatch(r"项目名称[:：]?", w):
            name = []
            for x in words[i + 1:i + 12]:
                if FIELD_LABELS.match(x):
                    break
                name.append(x)
            return "".join(name) or None
    return None


def _funds(words: list[str], scope: str | None, page: int | None) -> list[Fact]:
    facts: list[Fact] = []
    seen: set[str] = set()
    for i, w in enumerate(words[:-1]):
        unit = UNIT_SUFFIX.search(w)
        label = UNIT_SUFFIX.sub("", w).rstrip(":：")
        measure = next((m for m, p in FUNDS_LABELS if p.match(label)), None)
        raw = words[i + 1]
        value = parse_cell_number(raw)
        if measure is None or measure in seen or value is None:
            continue
        seen.add(measure)
        text = f"{w} {raw}"
        if measure == "execution_rate":
            facts.append(Fact(measure, value, "percent", scope, None, raw, page, text))
            continue
        unit_text = unit.group(1) if unit else "万元"  # the template states its money in 万元
        facts.append(Fact(measure, round(value * UNIT_FACTORS[unit_text], 4), "yuan", scope, None,
                          f"{raw}{unit_text}", page, text))
    return facts


def _header_role(word: str) -> str | None:
    """The funds-header column a word names (年初预算数, 全年执行数, 执行率, 分值, 得分), if it is a label."""
    label = UNIT_SUFFIX.sub("", word)
    if len(label) > 8 or parse_cell_number(label) is not None:
        return None
    return next((role for role, p in HEADER_COLUMNS if p.search(label)), None)


def _funds_header_row(words: list[str], scope: str | None, page: int | None,
                      unit_text: str) -> tuple[list[Fact], list[str]]:
    """年初预算数 全年预算数 全年执行数 分值 执行率 得分 年度资金总额 612.4 1,286.7 …: the funds block
    as a header row, its total row's label, then one figure per column — the words of a ruled
    header whose ruling was lost. The facts and the words they came from."""
    for i in range(len(words)):
        roles: list[str] = []
        j = i
        while j < len(words) and (role := _header_role(words[j])) and role not in roles:
            roles.append(role)
            j += 1
        if len(roles) < 3 or "expenditure_total" not in roles or j >= len(words) \
                or not FUNDS_TOTAL_ROW.search(words[j]):
            continue
        values = words[j + 1:j + 1 + len(roles)]
        numbers = [parse_cell_number(v) for v in values]
        if len(values) < len(roles) or any(n is None for n in numbers):
            continue
        run = words[i:j + 1 + len(roles)]
        text = " ".join(run)
        facts = []
        for role, raw, value in zip(roles, values, numbers, strict=True):
            kind = FUNDS_HEADER_UNITS.get(role)
            if kind == "money":
                facts.append(Fact(role, round(value * UNIT_FACTORS[unit_text], 4), "yuan", scope, None,
                                  f"{raw}{unit_text}", page, text))
            elif kind is not None:
                facts.append(Fact(role, value, kind, scope, None, raw, page, text))
        return facts, run
    return [], []


def _numbered_items(joined: str, page: int | None) -> list[Indicator]:
    """`group 1.item(1分) 1 1 2.item(2分) 2 2 …`: the group name before an item is its level 1."""
    out: list[Indicator] = []
    expected, level1, last_end = 1, None, None
    for m in NUMBERED_ITEM.finditer(joined):
        number, name, weight_named, weight, score = m.groups()
        if int(number) != expected or float(weight_named) != float(weight):
            continue
        between = joined[last_end:m.start()] if last_end is not None else _before_first(joined, m.start())
        group = "".join(w for w in between.split() if not re.fullmatch(r"[\d.%]+", w))
        if group:
            level1 = group
        out.append(Indicator(level1=level1, level2=name.strip(), level3=None, content=None, target=None,
                             actual=None, weight=float(weight), score=float(score), reason=None,
                             improvement=None, page=page))
        expected, last_end = expected + 1, m.end()
    return out if len(out) >= 2 else []


def _before_first(joined: str, start: int) -> str:
    """The group name of the first item: the words between the last number and the item."""
    head = joined[:start].split()
    words: list[str] = []
    for w in reversed(head):
        if re.fullmatch(r"[\d.%]+", w) or re.search(r"指标|得分|分值|一级|二级|三级", w):
            break
        words.insert(0, w)
    return " ".join(words[-3:])


def _total_after_header(joined: str, page: int | None) -> Fact | None:
    """评价指标 指标分值 评价得分 一级 二级 三级 100 91: the form's total weight and score."""
    m = TOTALS_AFTER_HEADER.search(joined)
    if not m or float(m.group(1)) != 100:
        return None
    score = float(m.group(2))
    return Fact("score_total", score, "point", None, None, m.group(2), page, m.group(0))


def _header(words: list[str]) -> tuple[int, int, list[str]] | None:
    """Where the indicator header starts and ends, and the roles of its columns, in order."""
    for i, w in enumerate(words):
        if not re.match(r"^一级指标$", w):
            continue
        roles: list[str] = []
        j = i
        while j < len(words):
            role = next((r for r, p in HEADER_ROLES if p.match(words[j])), None)
            if role is None or role in roles:
                break
            roles.append(role)
            j += 1
        if {"level2", "weight", "score"} <= set(roles):
            return i, j, roles
    return None


def _template_rows(words: list[str], page: int | None) -> tuple[list[Indicator], Fact | None, list[str]]:
    """Rows under 一级指标 二级指标 三级指标 …: level names from the closed vocabulary; each row
    ends with two bare numbers, its weight and score; what stands between is its name and values.
    Also the words from the header to the total row: the grid, when the table closes."""
    found = _header(words)
    if found is None:
        return [], None, []
    header_start, start, roles = found
    values = [r for r in roles if r in ("target", "actual")]
    has_reason = "reason" in roles
    out: list[Indicator] = []
    level1 = level2 = None
    pending: list[str] = []
    i = start
    while i < len(words):
        w = words[i]
        if TOTAL_ROW.match(w):
            nums = [x for x in words[i + 1:i + 3] if parse_cell_number(x) is not None]
            total = Fact("score_total", float(nums[-1]), "point", None, None, nums[-1], page,
                         " ".join([w, *nums])) if nums else None
            return out, total, words[header_start:i + 1 + len(nums)]
        if LEVEL1.match(w) or LEVEL2.match(w):
            name = re.sub(r"[(（].*$", "", w)
            level1, level2 = (name, None) if LEVEL1.match(w) else (level1, name)
            pending, i = [], i + 1  # words left before a level name belong to no row
            continue
        if _is_points(w) and i + 1 < len(words) and _is_points(words[i + 1]) and pending:
            row, i = _close_row(pending, words, i, values)
            if has_reason and i < len(words) and _is_reason(words, i, len(values)):
                row["reason"], i = words[i], i + 1
            out.append(Indicator(level1=level1, level2=level2, level3=row.get("level3"), content=None,
                                 target=row.get("target"), actual=row.get("actual"), weight=row["weight"],
                                 score=row["score"], reason=row.get("reason"), improvement=None, page=page))
            pending = []
            continue
        pending.append(w)
        i += 1
    return out, None, []


def _close_row(pending: list[str], words: list[str], i: int, values: list[str]) -> tuple[dict, int]:
    """The weight and score are the last two of the run of numbers that starts at i."""
    j = i
    while j < len(words) and _is_points(words[j]):
        j += 1
    run = words[i:j]
    cells = pending + run[:-2]
    row: dict = {"weight": float(run[-2]), "score": float(run[-1])}
    for role in reversed(values):
        if len(cells) > 1:
            row[role] = cells.pop()
    row["level3"] = "".join(cells) or None
    return row, j


def _is_anchor(word: str) -> bool:
    return bool(LEVEL1.match(word) or LEVEL2.match(word) or TOTAL_ROW.match(word))


VALUE_LIKE = re.compile(r"\d|%|％|[≥≤><=]|^(?:是|否|完成|按时|达标|合格|良好|优|满意)")


def _is_reason(words: list[str], i: int, n_values: int) -> bool:
    """After a row's score: its reason, unless the word starts the next row (a name followed by
    its values) or is a level name."""
    if _is_anchor(words[i]):
        return False
    nxt = words[i + 1:i + 1 + n_values]
    if not nxt or _is_anchor(nxt[0]):
        return True
    starts_row = len(nxt) == n_values and n_values > 0 and VALUE_LIKE.search(nxt[0] or "")
    return not starts_row


def without_grid(text: str, runs: list[list[str]]) -> str:
    """The text with each run of grid words blanked (same length, so positions hold): what is left
    is the form's prose (预期目标, 实际完成情况 …) for the sentence reader. A run not found as
    printed — its words rewritten by tokens() — is left in place."""
    normal = normalize(text)
    if len(normal) != len(text):
        return text
    for run in runs:
        pattern = r"[\s|｜]*".join(re.escape(w) for w in run)
        m = re.search(pattern, normal)
        if m:
            text = text[:m.start()] + re.sub(r"\S", " ", text[m.start():m.end()]) + text[m.end():]
    return text


__all__ = ["FlatForm", "read_flat_form", "tokens", "without_grid"]
