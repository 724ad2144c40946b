"""The stance layer: how a figure stands to the year's work, for every kind of measure.

target (需/涉及/应/总任务: the size of the task), result (已/完成/签订), increment (上周新签订,
本期: a part of the period, scoped), pending (正在/尚未: not done), planned (确保/力争/计划…前: a goal,
left out except the land-clearing targets), comparison (上年, 较…增加: another period). The words
are lexicon data (lexicon.yaml, section stance); this module only decides which one governs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from zhengchai.extract.lexicon import rules, stance_words
from zhengchai.extract.model import Fact

TARGET = stance_words("target")
RESULT = stance_words("result")
PENDING = stance_words("pending")
GOAL = stance_words("goal")
INCREMENT = stance_words("increment")
MULTI_YEAR = stance_words("multi_year")
MULTI_YEAR_CLAUSE = stance_words("multi_year_clause")
SIGNING = stance_words("signing")
MOVING = stance_words("moving")
PLANNED = stance_words("planned")
STRETCH = stance_words("stretch")
# 需拆迁, 应签订, 共需征收: a result verb right after a target word names the task, not a result
GOVERNED = 2


def _ends(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _last_result(text: str) -> int:
    """Where the last result word ends, not counting one a target word governs (需拆迁)."""
    targets = _ends(TARGET, text)
    ends = [e for s, e in _ends(RESULT, text) if not any(0 <= s - te <= GOVERNED for _, te in targets)]
    return ends[-1] if ends else -1


def _last_target(text: str) -> int:
    ends = _ends(TARGET, text)
    return ends[-1][1] if ends else -1


def stance_in(clause: str, segment: str, right: str) -> str | None:
    """target | result from the words nearest the figure: just after it (431户已签订协议), in its
    clause (a goal word governs the verbs after it: 需拆迁…), then in its segment."""
    first_result, first_target = RESULT.search(right), TARGET.search(right)
    if first_result and (first_result.start() == 0 or first_target is None):
        return "result"  # 431户已签订协议; 27户拆迁户全部签订协议: the verb after the count decides
    if first_target and first_target.start() == 0:
        return "target"
    if _last_target(clause) >= 0:
        return "target"
    target, done = _last_target(segment), _last_result(segment)
    if first_result and first_result.start() <= 8 and target < 0 and done < 0:
        return "result"
    if target < 0 and done < 0:
        return None
    return "target" if target >= done else "result"


def verb_of(left: str, right: str) -> str | None:
    """signing | moving: the verb of a result, nearest the figure on its left, else just after it."""
    best: tuple[int, str] | None = None
    for name, pattern in (("signing", SIGNING), ("moving", MOVING)):
        ends = [e for _, e in _ends(pattern, left)]
        if ends and (best is None or ends[-1] > best[0]):
            best = (ends[-1], name)
    if best:
        return best[1]
    for name, pattern in (("signing", SIGNING), ("moving", MOVING)):
        m = pattern.search(right)
        if m:
            return name
    return None


def settled(segment: str) -> str:
    """The segment without its pending clauses (未达成补偿协议的23户…): their verbs say nothing done."""
    return "，".join(c for c in re.split(r"[，,；;：:]", segment) if not PENDING.search(c))


def increment_in(clause: str) -> str | None:
    """本周新签约14户 / 9月签约86户: the sub-period a figure is of (its scope)."""
    if re.search(r"\d{1,2}月\s*(?:份)?\s*(?:底|末)|至\s*\d{1,2}月|截[至止]", clause):
        return None  # 截至7月底, 1至7月累计: the year so far, not a part of it
    m = INCREMENT.search(clause)
    return m.group(0) if m else None


def pending(label: str, right: str) -> bool:
    return bool(PENDING.search(label) or PENDING.search(right))


PLANNED_DOCUMENT = stance_words("planned_document")
NOT_PLANNED_DOCUMENT = stance_words("not_planned_document")
BUDGETED_MONEY = ("budget", "funds_received", "expenditure_total", "expenditure_basic", "expenditure_project")


def planned_document(head: str) -> bool:
    """单位预算情况说明, 部门预算: a title line of a budget statement (not of a 决算 or an evaluation)."""
    for line in head.split("\n"):
        if len(line.strip()) > 60 or "|" in line:
            continue  # a sentence, or a site's metadata row (体裁分类 | 财政预算、决算)
        if NOT_PLANNED_DOCUMENT.search(line):
            return False
        if PLANNED_DOCUMENT.search(line):
            return True
    return False


def as_planned(facts: list[Fact]) -> list[Fact]:
    """In a budget statement every amount is budgeted: its income and spending lines are the initial
    budget (the total unscoped, the sources and categories scoped); zero lines say nothing."""
    out = []
    for f in facts:
        if f.measure in BUDGETED_MONEY:
            if f.value == 0 and f.scope is not None:
                continue
            f = replace(f, measure="budget_initial")
        elif f.measure == "budget_initial" and f.value == 0 and f.scope is not None:
            continue
        out.append(f)
    return out


def confidence(measure: str, kind: str, label: str, right: str, in_list: bool) -> tuple[str, str | None]:
    """high when the figure's own label (or, number first, the words just after it) names the
    measure with a plain lexicon word; low, with the reason, when a rule had to guess."""
    near = label + "|" + right[:8]
    if kind in ("household", "unit"):
        named = bool(TARGET.search(near) or SIGNING.search(near))
    else:
        named = any(r.measure == measure and not r.weak and r.pattern.search(near) for r in rules(kind))
    if named:
        return "high", None
    if in_list:
        return "low", "a part of a list: measure taken from its total"
    return "low", "measure read from the sentence around the figure, not its label"
