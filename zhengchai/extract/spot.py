"""Where a figure sits in its sentence: its label, clause, segment and the words after it, and the
helpers that find the lexicon word nearest a figure. Shared by the readers of counts and money."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zhengchai.extract import stance
from zhengchai.extract.lexicon import Rule
from zhengchai.extract.numbers import Quantity

CLAUSE_BREAK = "，,；;：:。！？!?\n"
STRONG_BREAK = "；;。！？!?\n"
ENUMERATORS = re.compile(r"^(?:其中|包括|以及|及|和|与|、|，|：|:|分别为|分别是|主要是|主要为|含|共|另|还有|"
                         r"[①-⑳]|\d{1,2}[.、．]|[（(]?\d{1,2}[)）]|[一二三四五六七八九十]是|\s)+")
LABEL_TAIL = re.compile(r"(?:为|是|共|共计|合计|总计|达到?|约|近|计|金额|资金|了|累计|亦为|均为|\s)+$")
BARE_CLAUSE = re.compile(r"^(?:实际|超过|超额)?(?:完成|实现|达到|达|拨付|共计|合计|累计|为|是|确保|力争|计划)?"
                         r"(?:年度|全年)?(?:目标|任务)?(?:达到?)?[（(]?$|^(?:房屋)?(?:建筑|占地)?面积$")


def is_break(text: str, i: int, breaks: str) -> bool:
    """A clause break, but not the thousands separator inside 3,500."""
    if text[i] not in breaks:
        return False
    return not (text[i] in ",，" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())


def last_break(text: str, end: int, breaks: str = CLAUSE_BREAK) -> int:
    for i in range(end - 1, -1, -1):
        if is_break(text, i, breaks):
            return i + 1
    return 0


def next_break(text: str, start: int, breaks: str = CLAUSE_BREAK) -> int:
    for i in range(start, len(text)):
        if is_break(text, i, breaks):
            return i
    return len(text)


def nearest(rules: Iterable[Rule], text: str) -> Rule | None:
    """The rule whose keyword ends nearest the end of `text`; a subject noun beats a verb."""
    best: tuple[int, int, Rule] | None = None
    for rule in rules:
        ends = [m.end() for m in rule.pattern.finditer(text)]
        if ends:
            key = (1 if rule.subject else 0, ends[-1])
            if best is None or key > best[:2]:
                best = (*key, rule)
    return best[2] if best else None


def first_rule(rules: Iterable[Rule], text: str) -> Rule | None:
    """The rule whose keyword starts first in `text` (for words after a number)."""
    best: tuple[int, Rule] | None = None
    for rule in rules:
        m = rule.pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), rule)
    return best[1] if best else None


def last_pos(pattern: re.Pattern, text: str) -> int:
    ends = [m.end() for m in pattern.finditer(text)]
    return ends[-1] if ends else -1


def first_pos(pattern: re.Pattern, text: str) -> int:
    m = pattern.search(text)
    return m.start() if m else -1


def clean_label(label: str) -> str:
    label = ENUMERATORS.sub("", label.strip().lstrip("（("))
    label = LABEL_TAIL.sub("", label)
    return label.strip("，,、：:；; “”\"（(")


@dataclass(frozen=True)
class Spot:
    """Where a figure sits in its sentence: the words that decide what it is."""

    label: str  # from the previous figure or clause break to the number
    clause: str  # from the previous clause break to the number
    context: str  # the words naming what is counted: the clause, or the segment if the clause is a bare verb
    segment: str  # from the previous strong break (；。) to the number
    left: str  # the sentence up to the number
    right: str  # from the unit to the next clause break
    after: str  # from the unit to the next strong break


def spot_of(text: str, q: Quantity, prev_end: int) -> Spot:
    clause_start = last_break(text, q.start)
    clause = text[clause_start:q.start]
    segment = text[last_break(text, q.start, STRONG_BREAK):q.start]
    # 征收面积：目标3万平方米，完成3.26万平方米 / 签约率：95.43%: when the clause is only a verb,
    # the thing counted was named earlier in the segment
    label = text[max(clause_start, prev_end):q.start]
    bare = BARE_CLAUSE.match(clean_label(clause)) or BARE_CLAUSE.match(clean_label(label))
    context = segment if bare else clause
    return Spot(
        label=label,
        clause=clause,
        context=context,
        segment=segment,
        left=text[:q.start],
        right=text[q.end:next_break(text, q.end)],
        after=text[q.end:next_break(text, q.end, STRONG_BREAK)],
    )


def stance_of(spot: Spot) -> str | None:
    """target | done for a count (the stance layer's target / result)."""
    found = stance.stance_in(spot.clause, spot.segment, spot.right)
    return {"result": "done"}.get(found, found)


def previous_clause(spot: Spot) -> str:
    head = spot.segment[:len(spot.segment) - len(spot.clause)].rstrip(CLAUSE_BREAK)
    return head[last_break(head, len(head)):]
