"""Figures in running text: which measure a number with a unit is, from the words around it.

The rules are general, not keyed to any report: a figure's *label* (the words between the
previous figure or clause break and the number) names what it counts (lexicon.yaml); the stance
layer (stance.py) tells the task from a result, a part of the period or a plan; 其中 opens a
breakdown whose parts inherit the measure before it and take their label as scope (money.py);
counts and areas are read in counts.py. This module walks the sentences and keeps the context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from zhengchai.extract import stance
from zhengchai.extract.counts import LAND_UNIT, area, households, persons, projects, rate
from zhengchai.extract.lexicon import stance_words, words
from zhengchai.extract.model import Fact
from zhengchai.extract.money import (
    MONEY_RULES,
    SANGONG_ITEM,
    Breakdown,
    find_breakdown,
    heading_parent,
    money,
    names_a_measure,
    part_of,
    parts_of_their_sum,
)
from zhengchai.extract.numbers import YEAR, Quantity, find_quantities
from zhengchai.extract.segment import HEADING, Sentence
from zhengchai.extract.spot import Spot, clean_label, nearest, spot_of, stance_of
from zhengchai.extract.vocabulary import unit_of

__all__ = ["Context", "SANGONG_ITEM", "classify", "facts_in", "names_a_measure", "scope_repeats"]
COMPARISON = stance_words("comparison")
PER_UNIT = re.compile(r"\s*(?:[/／每]\s*(?:平方米|平米|平方|m2|㎡|人|户|套|亩|年|月|间|栋|个|次|天)|每)")
SCORE = re.compile(r"(?:自评总分|自评得分|综合得分|总得分|总分|评价得分|自评分|自评[，,]\s*(?:总)?得分)\s*(?:为|是|：|:)?\s*(\d{1,3}(?:\.\d+)?)\s*分?")
PROJECT_NOUN = r"(?:项目|工程|地块|片区|棚改|站点|小区|安置区|社区|村)"  # the word that ends a project's name
PROJECT_NAME = re.compile(
    r"([\u4e00-\u9fa5A-Za-z0-9·\-]{2,30}?" + PROJECT_NOUN +
    r"(?:[（(][^）)]{1,8}[)）])*)"
    r"(?=已|共|累计|完成|签约|签订|实现|拆除|腾地|交地|征收|涉及|需|在|年内|全年|今年|本年|：|:)"
)
NOT_A_NAME = words(r"启动", r"新增", r"完成", r"等\d*个?$", r"^(?:征收|拆迁|各|全部|所有|重点)?项目$", r"开展", r"推进",
                 r"的", r"^(?:全年|本年|今年|年度|全部|所有|各|历年)",  # 全年报批的征地项目 describes, not names
                 r"^(?:我|全|本)(?:区|县|市)", r"^20\d\d年",  # 我区九大片区棚改项目, 2020年…项目: the whole programme
                 r"等(?:\d+个)?项目$", r"^[两二三四五六七八九十\d]+个项目$")


@dataclass
class Context:
    fiscal_year: int | None
    last_by_unit: dict[str, Fact] = field(default_factory=dict)  # the latest total of each unit
    last_headings: tuple[str, ...] | None = None  # the section of the sentence that gave them
    totals: dict[str, Fact] = field(default_factory=dict)  # the first total of each measure
    split_spending: bool = False  # the last sentence gave basic and project spending
    open_breakdown: Fact | None = None  # the parent of a list whose items run on in the next sentences
    previous: tuple[Fact, ...] = ()  # the totals of the last sentence that gave any
    last_text: str = ""
    count_kept: bool = False  # the last count of households or organisations was read as a measure
    land_tasks: list[Fact] = field(default_factory=list)  # task areas of land (涉及总征地量) just read
    superseded: set[Fact] = field(default_factory=set)  # task areas a completed area of land replaces


def _other_year(spot: Spot, fiscal_year: int | None) -> bool:
    """A figure whose own clause names another year is that year's (上年 comparisons, plans)."""
    if fiscal_year is None:
        return False
    for m in YEAR.finditer(spot.clause):
        year = int(m.group(1))
        after = spot.clause[m.end():m.end() + 2]
        if year != fiscal_year and not after.startswith("月") and not re.search(r"截至|截止|至$", spot.clause[:m.start()]):
            return True
    return False


EXPLAINED = re.compile(r"主要(?:是|原因是?|因为|由于|系)")


def _explains_a_change(segment: str) -> bool:
    found = list(EXPLAINED.finditer(segment))
    return bool(found) and bool(COMPARISON.search(segment[:found[-1].start()]))


def classify(sentence: Sentence, q: Quantity, spot: Spot, ctx: Context, breakdown: Fact | None,
             subject: str | None, strict: bool = False) -> tuple[str, str | None] | None:
    """(measure, scope) of one figure, or None when it is not a measure of this year."""
    kind = q.unit.kind
    label = spot.label
    if PER_UNIT.match(sentence.text, q.end):
        return None  # a unit price (元/平方米), not an amount
    if stance.MULTI_YEAR_CLAUSE.search(spot.clause):
        return None  # 历年累计达57家: several years' figure
    if _explains_a_change(spot.segment):
        return None  # 收入较去年增加X万元，主要是项目经费拨款Y万元: the parts of a change
    if COMPARISON.search(label) and not (kind == "money" and nearest(MONEY_RULES, label)
                                          and nearest(MONEY_RULES, label).measure == "balance_carried_in"):
        return None
    if _other_year(spot, ctx.fiscal_year):
        return None
    if breakdown is not None:
        part = part_of(breakdown, q, spot, subject, strict)
        if part is not None:
            return part
    if kind == "money":
        return money(sentence, spot, q, subject)
    if stance.pending(spot.label, spot.right):
        return None
    if kind in ("household", "unit"):
        return households(kind, spot, sentence, subject)
    if kind == "area":
        return area(spot, sentence, q, subject)
    if kind == "person":
        return persons(spot, sentence, subject)
    if kind == "building":
        if re.search(r"新建|建成|在建|开工|竣工|安置房|安置小区|共\d+套|住宅楼", spot.clause + spot.right):
            return None  # resettlement housing built, not houses demolished
        if sentence.stance == "target":
            return None  # no measure holds a goal for buildings
        # a form's result cell is labelled by its indicator: 拆除房屋：463栋
        named = sentence.text.split("：")[0] if sentence.stance == "actual" else ""
        if re.search(r"拆", spot.clause + spot.right + named):
            return "buildings_demolished", subject
        return None
    if kind == "count":
        return projects(sentence, q, spot, subject)
    if kind == "percent":
        return rate(spot, q, ctx.count_kept, subject)
    return None


def _subject(segment: str) -> str | None:
    """The project a clause is about: 某某项目（二期）已签约…"""
    names = [m.group(1) for m in PROJECT_NAME.finditer(segment)]
    for name in reversed(names):
        name = re.sub(r"^.*?(?:年度内|年内|其中|另外|此外|同时)", "", name)
        if not NOT_A_NAME.search(name) and len(name) >= 4:
            return name
    return None
ENUMERATED = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]是)")


# a sentence that opens with another time is about that time: 2024年，计划… / 下一年度，…
OTHER_TIME = re.compile(r"^\s*(?:(20[0-4]\d)\s*年(?:度)?|下一?年度?|明年|来年|今后|下一步)\s*"
                        r"(?:[，,：:]|(?=计划|将|拟|力争|预计|争取|要))")


def _opening_parent(ctx: Context, q: Quantity) -> Fact | None:
    """The total a sentence-opening list (其中… / 按功能分类…) breaks down: the last total of its
    unit — but after a basic/project split, a second list divides the whole spending."""
    last = ctx.last_by_unit.get(q.unit.canonical)
    if last is not None and ctx.split_spending and last.measure in ("expenditure_basic", "expenditure_project"):
        return ctx.totals.get("expenditure_total") or Fact("expenditure_total", float("nan"), "yuan", None, None,
                                                          "", None, "")
    return last
PERIOD_SCOPED = ("households", "units", "area", "land_cleared")


def _with_increment(measure: str, scope: str | None, spot: Spot) -> str | None:
    """本周新签约14户, 9月签约86户, 本期完成收储23亩: a part of the period is scoped by it."""
    inc = stance.increment_in(spot.clause) if measure.startswith(PERIOD_SCOPED) else None
    if inc is None or (scope and inc in scope):
        return scope
    return f"{scope}（{inc}）" if scope else inc


def _note_land(ctx: Context, fact: Fact, q: Quantity, spot: Spot) -> None:
    """涉及总征地量X亩 … 完成征地面积Y亩: where a land task and the land acquired are both printed
    (in one sentence or the next), the acquired area is kept."""
    if fact.measure != "area_scope" or not LAND_UNIT.match(q.raw):
        return
    if stance_of(spot) == "target":
        ctx.land_tasks.append(fact)
    else:
        ctx.superseded.update(ctx.land_tasks)
        ctx.land_tasks.clear()


def _out_of_year(sentence: Sentence, ctx: Context) -> bool:
    """Plans for next year, corrective measures, several years' figures, another year's sentence."""
    if sentence.skipped or stance.MULTI_YEAR.search(sentence.text):
        return True  # 2016至2018年度…: figures of several years
    time = OTHER_TIME.match(sentence.text)
    return bool(time and (time.group(1) is None or int(time.group(1)) != ctx.fiscal_year))


def _list_in(sentence: Sentence, ctx: Context, quantities: list[Quantity]) -> tuple[Breakdown | None, Fact | None, bool]:
    """The list of parts in a sentence, its parent when known before reading, and whether the list
    opens the sentence (its parent is then the last total read)."""
    text = sentence.text
    breakdown = find_breakdown(text)
    parent: Fact | None = None
    if breakdown and breakdown.named:
        parent = Fact(breakdown.named, float("nan"), unit_of(breakdown.named), None, None, "", None, "")
    elif breakdown and not breakdown.strict and not any(q.start < breakdown.start for q in quantities) \
            and ctx.last_headings != sentence.headings:
        # the breakdown opens the sentence in a new section: the heading may name its total
        parent = heading_parent(sentence)
    elif breakdown is None and ctx.open_breakdown is not None and ENUMERATED.match(text):
        # 其中：\n1.…；\n2.…: the list goes on in its own lines
        parent, breakdown = ctx.open_breakdown, Breakdown(0, len(text))
    ctx.open_breakdown = None
    opens = breakdown is not None and parent is None and not breakdown.strict and not breakdown.named and \
        not any(q.start < breakdown.start for q in quantities)
    return breakdown, parent, opens


def _fact(sentence: Sentence, q: Quantity, spot: Spot, found: tuple[str, str | None], in_list: bool) -> Fact | None:
    measure, scope = found
    scope = _with_increment(measure, scope, spot)
    unit = unit_of(measure)
    if unit != q.unit.canonical and not (unit == "unit" and q.unit.kind in ("household", "count")):  # 企业1户
        return None
    sure, why = stance.confidence(measure, q.unit.kind, spot.label, spot.right, in_list)
    return Fact(measure=measure, value=q.value, unit=unit, scope=scope, qualifier=q.qualifier, raw=q.raw,
                page=sentence.page_at(q.start), text=sentence.text.strip(), confidence=sure, confidence_reason=why)


def _remember(ctx: Context, sentence: Sentence, found: list[tuple[int, Fact]], used_parent: Fact | None,
              breakdown: Breakdown | None) -> list[tuple[int, Fact]]:
    """Keep what the next sentences need (the last totals, an open list); parts take the measure
    of the total they sum to."""
    earlier = ctx.previous
    totals = tuple(f for _, f in found if f.scope is None)
    if totals:
        ctx.previous = totals
    found = parts_of_their_sum(found, used_parent, earlier + totals)
    ctx.split_spending = {"expenditure_basic", "expenditure_project"} <= {f.measure for _, f in found if f.scope is None}
    parts = [f for pos, f in found if pos > (breakdown.start if breakdown else -1)]
    if used_parent is not None and breakdown and not breakdown.strict and parts and all(f.scope for f in parts):
        ctx.open_breakdown = used_parent  # a list of parts may go on in the next, numbered sentence
    return found


def facts_in(sentence: Sentence, ctx: Context) -> Iterator[Fact]:
    """All facts in one sentence."""
    if _out_of_year(sentence, ctx):
        return
    text = sentence.text
    quantities = find_quantities(text)
    ctx.land_tasks = [f for f in ctx.land_tasks if f.text == ctx.last_text]
    ctx.last_text = text.strip()
    breakdown, parent, opens = _list_in(sentence, ctx, quantities)
    prev_end = 0
    used_parent: Fact | None = None
    found_here: list[tuple[int, Fact]] = []
    for q in quantities:
        spot = spot_of(text, q, prev_end)
        prev_end = q.end
        in_breakdown = breakdown is not None and breakdown.start < q.start <= breakdown.end
        if in_breakdown and parent is None:
            before = [f for pos, f in found_here if pos < breakdown.start and f.scope is None]
            parent = before[-1] if before else None
        subject = sentence.subject or _subject(spot.segment) or sentence.lead
        candidate = _opening_parent(ctx, q) if (in_breakdown and opens) else parent
        parent_here = candidate if (in_breakdown and candidate is not None
                                    and unit_of(candidate.measure) == q.unit.canonical) else None
        used_parent = parent_here or used_parent
        found = classify(sentence, q, spot, ctx, parent_here, subject, strict=bool(in_breakdown and breakdown.strict))
        if q.unit.kind in ("household", "unit"):
            ctx.count_kept = found is not None
        fact = _fact(sentence, q, spot, found, parent_here is not None) if found else None
        if fact is None:
            continue
        found_here.append((q.start, fact))
        _note_land(ctx, fact, q, spot)
        if fact.scope is None:
            ctx.last_by_unit[fact.unit] = fact
            ctx.last_headings = sentence.headings
            ctx.totals.setdefault(fact.measure, fact)
    yield from (f for _, f in _remember(ctx, sentence, found_here, used_parent, breakdown))
    for m in SCORE.finditer(text):
        yield Fact("score_total", float(m.group(1)), "point", None, None, m.group(0),
                   sentence.page_at(m.start()), text.strip(), confidence="high")


ANY_PROJECT = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9·]{2,24}?(?:项目|工程|棚改)(?![\u4e00-\u9fa5]{0,2}(?:部|组|办))")
WHOLE_BODY = re.compile(r"全区|全县|全市|全镇|我区|我县|我市|本部门|本单位|我办|我局|我中心|各项目|\d+个项目|[两三四五六七八九十]大|"
                        r"部门|自评|绩效|决算|预算|工作总结")


def single_project(text: str) -> str | None:
    """A text about one project (a bulletin on one 棚改, a project evaluation): the one project it
    names — a name inside another counts as the same —, unless it speaks of a whole body's work."""
    if WHOLE_BODY.search(text):
        return None
    names = {re.sub(r"^.*(?:对|政府|的|将|在)", "", m.group(0)) for m in ANY_PROJECT.finditer(text)}
    names = {n for n in names if len(n) >= 5 and not NOT_A_NAME.search(n) and not re.match(r"[该本此各这]", n)}
    longest = sorted(names, key=len, reverse=True)
    distinct = [n for i, n in enumerate(longest) if not any(n in m for m in longest[:i])]
    return distinct[0] if len(distinct) == 1 else None


def scoped_by_project(facts: list[Fact], project: str | None) -> list[Fact]:
    """In a single-project text the project's figures are scoped by it (a score stays the form's)."""
    if project is None:
        return facts
    return [replace(f, scope=project) if f.scope is None and not f.measure.startswith("score") else f
            for f in facts]


def scope_repeats(facts: list[Fact], sentences_by_text: dict[str, Sentence]) -> list[Fact]:
    """A department has one total per measure: a later, different unscoped value of the same
    measure is a part (a group of projects, a phase), so it gets the context as its scope."""
    first: dict[str, float] = {}
    out = []
    for f in facts:
        if f.scope is not None or f.measure in ("execution_rate", "score_total"):
            out.append(f)
            continue
        if f.measure not in first:
            first[f.measure] = f.value
            out.append(f)
            continue
        if abs(first[f.measure] - f.value) < 0.01:
            out.append(f)
            continue
        sentence = sentences_by_text.get(f.text)
        scope = _group_scope(f.text) or section_scope(sentence.section if sentence else None) or "其他"
        out.append(replace(f, scope=clean_label(scope)[:60] or "其他"))
    return out


# a heading that names a project: its name ends in a project noun (a phase may follow), then perhaps 情况
PROJECT_HEADING = re.compile(PROJECT_NOUN + r"(?:[（(][^）)]{1,8}[)）])*(?:征收|拆迁|征拆|征迁)?(?:工作)?"
                             r"(?:情况|进展|进度)?[：:]?$")


def section_scope(heading: str | None) -> str | None:
    """The heading a figure sits under as its scope. A numbered heading (（二）拆除交地和项目结算, 3.扫尾工作)
    is a section of the report, a topic, unless its name ends in a project noun (（一）滨江路拓宽工程):
    then the name, without its numbering, is the project."""
    if heading is None:
        return None
    numbering = HEADING.match(heading)
    if numbering is None:
        return heading
    name = heading[numbering.end():].strip()
    return name if PROJECT_HEADING.search(name) else None


def _group_scope(text: str) -> str | None:
    m = re.search(r"([^，；。]{2,60}?等\s*\d+\s*个项目)", text)
    return m.group(1) if m else None
