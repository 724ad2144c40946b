"""Figures in running text: which measure a number with a unit is, from the words around it.

The rules are general, not keyed to any report: a figure's *label* (the words between the
previous figure or clause break and the number) names what it counts; the nearest *stance*
word (需/任务 vs 已/签约/完成) tells a target from a result; 其中 opens a breakdown whose parts
inherit the measure before it and take their label as scope; comparison words (上年, 较…增加)
and pending words (未, 正在, 亟待) mean the figure is not this year's result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from zhengchai.extract import stance
from zhengchai.extract.lexicon import Rule, rules, stance_words, words
from zhengchai.extract.model import Fact
from zhengchai.extract.numbers import YEAR, Quantity, find_quantities
from zhengchai.extract.segment import Sentence
from zhengchai.extract.vocabulary import unit_of

CLAUSE_BREAK = "，,；;：:。！？!?\n"
STRONG_BREAK = "；;。！？!?\n"


_rx = words


MONEY_RULES = rules("money")

HOUSEHOLD_TARGET = stance_words("target")
HOUSEHOLD_DONE = stance_words("result")
PENDING = stance_words("pending")
COMPARISON = stance_words("comparison")
NOT_HOUSEHOLDS = _rx(r"坟", r"墓", r"寺", r"庙", r"学校", r"教堂", r"祠堂")

AREA_RULES = rules("area")
TARGET_WORDS = stance_words("planned")
STRETCH_WORDS = stance_words("stretch")
PERSON_RULES = rules("person")
PROJECT_RULES = rules("count")
RATE_RULES = rules("percent")
STAFF_WORDS = _rx(r"编制", r"编外", r"聘用", r"雇员", r"职工", r"干部", r"工作人员", r"公益性岗位", r"临聘", r"借调",
                  r"派遣")
CLASS_BUDGET = re.compile(r"(基本支出|项目支出|人员经费|公用经费|项目经费)预算(?:数|为|安排)?$")
SANGONG_ITEM = re.compile(r"因公出国|公务用车|公务接待")
SHARE_OF_TARGET = stance_words("share_of_task")
PROJECT_NOUN = r"(?:项目|地块|工程)"
PER_UNIT = re.compile(r"\s*(?:[/／每]\s*(?:平方米|平米|平方|m2|㎡|人|户|套|亩|年|月|间|栋|个|次|天)|每)")
SCORE = re.compile(r"(?:自评总分|自评得分|综合得分|总得分|总分|评价得分|自评分|自评[，,]\s*(?:总)?得分)\s*(?:为|是|：|:)?\s*(\d{1,3}(?:\.\d+)?)\s*分?")

PROJECT_NAME = re.compile(
    r"([\u4e00-\u9fa5A-Za-z0-9·\-]{2,30}?(?:项目|工程|地块|片区|棚改|站点|小区|安置区|社区|村)"
    r"(?:[（(][^）)]{1,8}[)）])*)"
    r"(?=已|共|累计|完成|签约|签订|实现|拆除|腾地|交地|征收|涉及|需|在|年内|全年|今年|本年|：|:)"
)
NOT_A_NAME = _rx(r"启动", r"新增", r"完成", r"等\d*个?$", r"^(?:征收|拆迁|各|全部|所有|重点)?项目$", r"开展", r"推进",
                 r"的", r"^(?:全年|本年|今年|年度|全部|所有|各|历年)",  # 全年报批的征地项目 describes, not names
                 r"^(?:我|全|本)(?:区|县|市)", r"^20\d\d年",  # 我区九大片区棚改项目, 2020年…项目: the whole programme
                 r"等(?:\d+个)?项目$", r"^[两二三四五六七八九十\d]+个项目$")
GROUP_AFTER_HOUSEHOLDS = re.compile(r"^([\u4e00-\u9fa5]{2,10}?(?:对象|户主|被征收人|被拆迁人|居民|农户|商户|住户|钉子户))")
ENUMERATORS = re.compile(r"^(?:其中|包括|以及|及|和|与|、|，|：|:|分别为|分别是|主要是|主要为|含|共|另|还有|"
                         r"[①-⑳]|\d{1,2}[.、．]|[（(]?\d{1,2}[)）]|[一二三四五六七八九十]是|\s)+")
LABEL_TAIL = re.compile(r"(?:为|是|共|共计|合计|总计|达到?|约|近|计|金额|资金|了|累计|亦为|均为|\s)+$")


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


def _is_break(text: str, i: int, breaks: str) -> bool:
    """A clause break, but not the thousands separator inside 3,500."""
    if text[i] not in breaks:
        return False
    return not (text[i] in ",，" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit())


def _last_break(text: str, end: int, breaks: str = CLAUSE_BREAK) -> int:
    for i in range(end - 1, -1, -1):
        if _is_break(text, i, breaks):
            return i + 1
    return 0


def _next_break(text: str, start: int, breaks: str = CLAUSE_BREAK) -> int:
    for i in range(start, len(text)):
        if _is_break(text, i, breaks):
            return i
    return len(text)


def _nearest(rules: Iterable[Rule], text: str) -> Rule | None:
    """The rule whose keyword ends nearest the end of `text`; a subject noun beats a verb."""
    best: tuple[int, int, Rule] | None = None
    for rule in rules:
        ends = [m.end() for m in rule.pattern.finditer(text)]
        if ends:
            key = (1 if rule.subject else 0, ends[-1])
            if best is None or key > best[:2]:
                best = (*key, rule)
    return best[2] if best else None


def _first_rule(rules: Iterable[Rule], text: str) -> Rule | None:
    """The rule whose keyword starts first in `text` (for words after a number)."""
    best: tuple[int, Rule] | None = None
    for rule in rules:
        m = rule.pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), rule)
    return best[1] if best else None


def _last_pos(pattern: re.Pattern, text: str) -> int:
    ends = [m.end() for m in pattern.finditer(text)]
    return ends[-1] if ends else -1


def _first_pos(pattern: re.Pattern, text: str) -> int:
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


def _spot(text: str, q: Quantity, prev_end: int) -> Spot:
    clause_start = _last_break(text, q.start)
    clause = text[clause_start:q.start]
    segment = text[_last_break(text, q.start, STRONG_BREAK):q.start]
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
        right=text[q.end:_next_break(text, q.end)],
        after=text[q.end:_next_break(text, q.end, STRONG_BREAK)],
    )


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


def _stance(spot: Spot) -> str | None:
    """target | done for a count (the stance layer's target / result)."""
    found = stance.stance_in(spot.clause, spot.segment, spot.right)
    return {"result": "done"}.get(found, found)


def classify(sentence: Sentence, q: Quantity, spot: Spot, ctx: Context, breakdown: Fact | None,
             subject: str | None, strict: bool = False) -> tuple[str, str | None] | None:
    """(measure, scope) of one figure, or None when it is not a measure of this year."""
    kind = q.unit.kind
    label = spot.label
    if PER_UNIT.match(sentence.text, q.end):
        return None  # a unit price (元/平方米), not an amount
    if stance.MULTI_YEAR_CLAUSE.search(spot.clause):
        return None  # 历年累计达34家: several years' figure
    if COMPARISON.search(label) and not (kind == "money" and _nearest(MONEY_RULES, label)
                                          and _nearest(MONEY_RULES, label).measure == "balance_carried_in"):
        return None
    if _other_year(spot, ctx.fiscal_year):
        return None
    if breakdown is not None:
        part = _part_of(breakdown, q, spot, subject, strict)
        if part is not None:
            return part
    if kind == "money":
        return _money(sentence, spot, q, subject)
    if PENDING.search(spot.label) or PENDING.search(spot.right):
        return None
    if kind in ("household", "unit"):
        return _households(kind, spot, sentence, subject)
    if kind == "area":
        return _area(spot, sentence, q, subject)
    if kind == "person":
        return _persons(spot, sentence, subject)
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
        after = sentence.text[q.end:q.end + 8]
        if re.search(r"(?:单位|企业|公司)$", clean_label(spot.label)):
            return _households("unit", spot, sentence, subject)  # 企事业单位72个: organisations
        if not re.match(rf"[^，；。\d]{{0,10}}?{PROJECT_NOUN}", after):
            if re.match(r"[\u4e00-\u9fa5]", after):
                return None  # 4个科室, 5个步骤: something else is counted
            if not re.search(rf"{PROJECT_NOUN}[^，；。\d]{{0,6}}$", spot.segment) and not (
                    re.search(PROJECT_NOUN, spot.segment) and _nearest(PROJECT_RULES, spot.clause)):
                return None  # 项目4个 / 完成项目结算4个 / 项目11个，其中新启动5个: projects named before
        own = _stance(spot) if clean_label(spot.label) else None  # 其中5个新增…项目: its own verb
        if sentence.stance == "target" or own == "target" and not re.search(r"启动", spot.clause):
            return None
        rule = _nearest(PROJECT_RULES, spot.right) or _nearest(PROJECT_RULES, spot.context)
        return (rule.measure, None) if rule else None
    if kind == "percent":
        return _rate(spot, q, ctx, subject)
    return None


def _previous_clause(spot: Spot) -> str:
    head = spot.segment[:len(spot.segment) - len(spot.clause)].rstrip(CLAUSE_BREAK)
    return head[_last_break(head, len(head)):]


def _rate(spot: Spot, q: Quantity, ctx: Context, subject: str | None):
    rule = _nearest(RATE_RULES, spot.context)
    if rule is not None and rule.weak:
        named = [m.start() for m in rule.pattern.finditer(spot.segment)]
        before = spot.segment[:_last_break(spot.segment, named[-1])] if named else ""
        if not stance.SIGNING.search(before) or q.value > 100 or not ctx.count_kept:
            return None  # 完成进度 of work that is not signing; 108%: a share of a target, not of households
    if rule is None and SHARE_OF_TARGET.search(spot.clause) and re.search(r"签", _previous_clause(spot) + spot.clause):
        return "signing_rate", subject  # 872户已签订协议，占总任务879户的99.2% (not 完成清零9户，占任务数的100%)
    if rule is None and re.match(r"(?:的)?(?:签约|签订)", spot.right):
        return "signing_rate", subject  # 协议100%签约, 完成100%签约任务
    return (rule.measure, subject) if rule else None


BUDGETS = ("budget", "budget_initial")  # a budget's parts are budget, whatever they are called (人员经费…)
BALANCE_IN = re.compile(r"(?:上年|年初|以前年度)结[转余](?:和?结[余转])?(?:项目)?(?:资金)?")
KIND_RULES = {"money": MONEY_RULES, "area": AREA_RULES, "person": PERSON_RULES, "count": PROJECT_RULES}


def _part_of(parent: Fact, q: Quantity, spot: Spot, subject: str | None, strict: bool):
    """A figure inside a breakdown of `parent`: the same measure, scoped by its label, unless its
    label names another measure (基本支出 after 实际支出…其中) or it restates the total."""
    label = clean_label(spot.label)
    scope = subject or label
    if not scope or abs(q.value - parent.value) < 0.01:
        return None
    kind = q.unit.kind
    if kind in ("percent", "point") or parent.measure == "staff_established":
        return None  # rates are not parts of rates; （含借调2人） remarks on a head count
    if ("三公" in label or SANGONG_ITEM.search(label)) and not parent.measure.startswith("sangong"):
        return None
    if kind in ("household", "unit") and ORGANISATIONS.search(label):
        return None  # 企业1户 among households: organisations, read on their own
    if kind in ("household", "unit"):
        # 其中A项目签约236户 is a part of the signed total; 其中需征收… would not be
        own = _stance(spot) if (HOUSEHOLD_TARGET.search(label) or HOUSEHOLD_DONE.search(label)) else None
        same = own is None or own == ("target" if parent.measure.endswith("_target") else "done")
        return (parent.measure, scope) if (strict or same) else None
    # a category's own remark in brackets (…——征地和拆迁补偿支出) does not rename it
    head = re.sub(r"[（(][^）)]*[）)]", "", label)
    rule = _nearest(KIND_RULES.get(kind, ()), head)
    if kind == "money" and BALANCE_IN.fullmatch(label):
        return "balance_carried_in", None  # （含上年结转…X万元）: the balance brought forward
    if strict or parent.measure in BUDGETS or rule is None or rule.measure == parent.measure:
        return parent.measure, scope
    if rule.measure == "expenditure_basic":
        basic = rule.pattern.search(head)
        if basic.group(0) != "基本支出":
            return "expenditure_basic", head[basic.start():]  # 人员经费 / 公用经费: parts of basic spending
    if parent.measure.startswith("expenditure") and re.search(r"(?:支出|经费|费用?)$", head) and not (
            rule.measure in ("expenditure_basic", "expenditure_project") and rule.pattern.fullmatch(head)):
        return parent.measure, scope  # a line of spending (征地拆迁补偿支出, 过渡费) under a spending total
    return None


def _money(sentence: Sentence, spot: Spot, q: Quantity, subject: str | None):
    label = spot.label
    cleaned = clean_label(label)
    budgeted = CLASS_BUDGET.search(cleaned)
    if budgeted:  # 基本支出预算498.36万元: the budget of one class of spending
        return "budget", budgeted.group(1)
    item = SANGONG_ITEM.search(cleaned)
    if item:  # 公务接待费0.46万元: a 三公 item, whatever sentence it sits in
        return ("sangong_budget" if re.search(r"预算", label) else "sangong_actual"), cleaned
    if sentence.subject and SANGONG_ITEM.search(sentence.subject):  # a 三公 table's row
        return ("sangong_budget" if re.search(r"预算", label) else "sangong_actual"), sentence.subject
    if "三公" in spot.segment:
        after = spot.segment[spot.segment.rfind("三公"):]
        if not re.search(r"基本支出|项目支出|部门|单位(?:总)?支出", after):
            if re.search(r"决算|实际|支出(?!预算)|使用", label) and not re.search(r"预算(?:数|为|安排)?\s*$", label):
                return "sangong_actual", None
            if "预算" in label or "预算" in after:
                return "sangong_budget", None
            return "sangong_actual", None
    rule = _nearest(MONEY_RULES, label)
    if rule is None:
        rule = _nearest(MONEY_RULES, spot.context) if BARE_CLAUSE.match(cleaned) else None
    if rule is None and not cleaned:
        rule = _first_rule(MONEY_RULES, spot.right[:12])  # number first: 2.53亿元社保资金已解缴
    if rule is None:
        return None
    if rule.measure == "compensation_paid" and re.search(r"预算|标准|测算", label):
        return None
    if rule.measure == "budget" and not re.search(r"调整|全年|批复", label) and \
            re.search(r"调整[^，；。]{0,4}预算|预算[^，；。]{0,4}调整", sentence.text[q.end:]):
        return "budget_initial", None  # 部门预算安排X万元，年中调整后预算为Y万元: X was the initial budget
    if rule.measure == "expenditure_basic" and cleaned and not re.search(r"基本支出", cleaned):
        return "expenditure_basic", cleaned
    return rule.measure, (subject if rule.measure in ("compensation_paid", "funds_recovered") else None)


def _plain_elsewhere(rules: Iterable[Rule], rule: Rule, text: str, label: str) -> bool:
    return any(other.measure == rule.measure and not other.weak and other.pattern.search(text)
               and not other.pattern.search(label) for other in rules)


def _persons(spot: Spot, sentence: Sentence, subject: str | None):
    rule = _nearest(PERSON_RULES, spot.context) or _nearest(PERSON_RULES, spot.right)
    if not clean_label(spot.label) and (after := _first_rule(PERSON_RULES, spot.right[:12])):
        rule = after  # number first: 2,156名被征地农民纳入社保
    if rule is None:
        return None
    if rule.measure == "staff_established":
        filled = [m.end() for m in rule.pattern.finditer(spot.label)]
        if not filled or STAFF_WORDS.search(spot.label[filled[-1]:]):
            return None  # 核定编制9名 (the quota), （含借调2人）: not the filled count
        if rule.weak and _plain_elsewhere(PERSON_RULES, rule, sentence.text, spot.label):
            return None  # 实有人数11人，其中在编在岗10人: the 在编 count is the established staff
        return rule.measure, None
    if sentence.stance == "target":
        return None  # a goal for people: no measure holds it
    if STAFF_WORDS.search(spot.clause):
        return None  # 核定编制9名, 聘用人员12人: the office's own staff, not people moved
    if rule.measure == "living_subsidy_recipients" and not re.search(r"生活(?:补助|补贴)", spot.left):
        return None
    if rule.measure == "persons_relocated" and _stance(spot) == "target" and not re.search(r"涉及", spot.clause):
        return None  # no measure holds a goal for people moved
    return rule.measure, subject


ORGANISATIONS = re.compile(r"企业|单位|公司|门店|商铺|非住宅")


def _households(kind: str, spot: Spot, sentence: Sentence, subject: str | None):
    if NOT_HOUSEHOLDS.search(clean_label(spot.label)) or NOT_HOUSEHOLDS.match(spot.right):
        return None
    if kind == "household" and (ORGANISATIONS.search(clean_label(spot.label)) or
                                re.search(r"非住宅", spot.segment) and not re.search(r"(?<!非)住宅", spot.segment)):
        kind = "unit"  # 企业1户; 某项目(非住宅)，涉及114户
    if kind == "unit" and not re.search(r"单位|企业|公司|机构|国有|集体|厂|非住宅", spot.segment + spot.right[:4]):
        return None
    # in a form's target column, 完成签约N户 states the target, not a result
    found = {"target": "target", "actual": "done"}.get(sentence.stance or "") or _stance(spot)
    if found is None and re.search(r"已?签约|已签订", spot.after):
        found = "target"  # 征迁企业27家，已签约25家: the first count is the total to sign
    if found is None or (sentence.stance is None and stance.GOAL.search(spot.clause)):
        return None  # 力争年底前完成签约600户: a goal, not the task's size nor a result
    verb = stance.verb_of(spot.clause, spot.right) or stance.verb_of(spot.segment, "")
    if found == "done" and verb != "signing" and sentence.source == "body":
        return None  # 已拆迁648户, 已裁定准予执行6户: households moved out or other acts, not signatures
    measure = {"household": {"target": "households_target", "done": "households_signed"},
               "unit": {"target": "units_target", "done": "units_signed"}}[kind][found]
    scope = subject
    group = GROUP_AFTER_HOUSEHOLDS.match(spot.right)
    if group and kind == "household":
        scope = group.group(1)
    return measure, scope


LAND_UNIT = re.compile(r"\s*(?:[\d.,，]+)\s*(?:余|多)?\s*(?:万亩|亩|公顷)")


def _area_rule(spot: Spot) -> Rule | None:
    rule = _nearest(AREA_RULES, spot.context)
    if rule is None and re.match(r"^\s*[/／]?\s*$", spot.label):
        rule = _nearest(AREA_RULES, spot.segment)  # 35户/8195.24平方米: the area of the households before
    if rule is None and not clean_label(spot.clause).strip("已完成率先全面"):
        rule = _first_rule(AREA_RULES, spot.right[:4])  # number first: 完成2.4亩征地任务
    return rule


def _stated_elsewhere(rule: Rule, sentence: Sentence, q: Quantity) -> bool:
    """A plain word of the same measure reads another land figure (亩/公顷) of the sentence."""
    for other in AREA_RULES:
        if other.measure != rule.measure or other.weak:
            continue
        for m in other.pattern.finditer(sentence.text):
            land = LAND_UNIT.match(sentence.text, m.end()) or re.match(r"面积", sentence.text[m.end():]) and \
                LAND_UNIT.match(sentence.text, m.end() + 2)
            if not land or land.start() <= q.start < land.end():
                continue
            return True
    return False


def _area(spot: Spot, sentence: Sentence, q: Quantity, subject: str | None):
    rule = _area_rule(spot)
    if rule is None:
        return None
    if rule.measure == "land_cleared":
        # 确保…亩、力争…亩: the nearest goal word before the figure decides
        stretch, sure = _last_pos(STRETCH_WORDS, spot.clause), _last_pos(TARGET_WORDS, spot.clause)
        if re.match(r"的?(?:年度)?(?:目标|任务)", spot.right):
            sure = max(sure, 0)  # 明确全年交付土地900亩的目标
        if stretch > sure:
            return "land_cleared_target_stretch", None
        if sure >= 0 or sentence.stance == "target":
            return "land_cleared_target", None
        return "land_cleared", subject
    if sentence.stance == "target" or q.qualifier == "不少于" or STRETCH_WORDS.search(spot.clause):
        return None  # a goal (a form's goal cell, 不少于, 力争): only land clearing has targets
    if rule.weak and _stated_elsewhere(rule, sentence, q):
        return None  # 收储 beside 征收土地 in one sentence: the expropriated land is the area covered
    found = _stance(spot)
    if rule.measure == "area_demolished":
        if re.search(r"确保|计划|目标", spot.clause):
            return None  # no measure holds a target for demolition
        if found == "target":
            return "area_scope", subject  # 需拆迁…共31万平方米, 涉及总拆迁量: the size of the task
        if re.search(r"签[订约](?!.*拆除)", spot.clause):
            return None  # 已签订拆迁房屋面积: an area signed for has no measure
    return rule.measure, subject


def names_a_measure(label: str) -> bool:
    """基本支出, 年末结转和结余, 已签约户数: a label that says what its figure measures, not whose it is."""
    return any(r.pattern.search(label) for r in (*MONEY_RULES, *AREA_RULES, *PERSON_RULES))


def _subject(segment: str) -> str | None:
    """The project a clause is about: 某某项目（二期）已签约…"""
    names = [m.group(1) for m in PROJECT_NAME.finditer(segment)]
    for name in reversed(names):
        name = re.sub(r"^.*?(?:年度内|年内|其中|另外|此外|同时)", "", name)
        if not NOT_A_NAME.search(name) and len(name) >= 4:
            return name
    return None


BARE_CLAUSE = re.compile(r"^(?:实际|超过|超额)?(?:完成|实现|达到|达|拨付|共计|合计|累计|为|是|确保|力争|计划)?"
                         r"(?:年度|全年)?(?:目标|任务)?(?:达到?)?[（(]?$|^(?:房屋)?(?:建筑|占地)?面积$")
ENUMERATED = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]是)")
INCLUDED = re.compile(r"[（(]\s*(?:其中|含|包括)")  # 1,860万元（含上年结转160万元）
# 执行数中区级资金… / 项目支出构成：①…: the parent is named before the list
NAMED_PARENT = re.compile(r"^\s*(?:[（(]?\d{1,2}[）)、.．]|[①-⑳])?\s*([^，；。\d]{1,12}?)"
                          r"(?:中(?=[\u4e00-\u9fa5])|(?:构成|组成|明细)[：:，,]|按[^，；。]{1,6}分(?:类|为)?[：:，,]|"
                          r"(?:主要)?(?:包括|用于|有)[：:]?)")
BREAKDOWN = re.compile(r"其中|包括|分别为|分别是|具体为|明细如下|按[^，；。]{1,8}分(?:类|为)?(?=[，,：:])")
# a sentence that opens with another time is about that time: 2024年，计划… / 下一年度，…
OTHER_TIME = re.compile(r"^\s*(?:(20[0-4]\d)\s*年(?:度)?|下一?年度?|明年|来年|今后|下一步)\s*"
                        r"(?:[，,：:]|(?=计划|将|拟|力争|预计|争取|要))")


@dataclass(frozen=True)
class Breakdown:
    """Where a list of parts starts in a sentence, and what it is a part of when that is said."""

    start: int
    end: int  # where it stops (a closing bracket for （含…）), else the end of the sentence
    strict: bool = False  # （含…）: everything inside is a part, whatever it is called
    named: str | None = None  # 执行数中…: the parent measure named at the start


def find_breakdown(text: str) -> Breakdown | None:
    m = INCLUDED.search(text)
    if m:
        close = text.find("）" if m.group(0).startswith("（") else ")", m.end())
        return Breakdown(m.start(), close if close > 0 else len(text), strict=True)
    m = NAMED_PARENT.match(text)
    if m and (rule := _nearest(MONEY_RULES, m.group(1))):
        return Breakdown(m.end(), len(text), named=rule.measure)
    m = BREAKDOWN.search(text)
    return Breakdown(m.start(), len(text)) if m else None


def _parts_of_their_sum(facts: list[tuple[int, Fact]], parent: Fact | None,
                        candidates: tuple[Fact, ...]) -> list[tuple[int, Fact]]:
    """“三公”经费支出2.53万元（预算3.00万元）。其中：…2.35万元…0.18万元: the parts add up to the
    spending, not to the budget named last; they take the measure of the total they sum to."""
    if parent is None or parent.value != parent.value:  # no parent, or one named without a value
        return facts
    parts = [f for _, f in facts if f.scope is not None and f.measure == parent.measure]
    if len(parts) < 2:
        return facts
    total = sum(f.value for f in parts)
    if abs(total - parent.value) <= 0.005 * max(abs(total), 1.0):
        return facts
    match = next((c for c in reversed(candidates) if c.measure != parent.measure and c.unit == parent.unit
                  and abs(c.value - total) <= 0.005 * max(abs(total), 1.0)), None)
    if match is None:
        return facts
    return [(pos, replace(f, measure=match.measure) if f in parts else f) for pos, f in facts]


def _opening_parent(ctx: Context, q: Quantity) -> Fact | None:
    """The total a sentence-opening list (其中… / 按功能分类…) breaks down: the last total of its
    unit — but after a basic/project split, a second list divides the whole spending."""
    last = ctx.last_by_unit.get(q.unit.canonical)
    if last is not None and ctx.split_spending and last.measure in ("expenditure_basic", "expenditure_project"):
        return ctx.totals.get("expenditure_total") or Fact("expenditure_total", float("nan"), "yuan", None, None,
                                                          "", None, "")
    return last


def _heading_parent(sentence: Sentence) -> Fact | None:
    """（二）基本支出 / 2、项目支出情况: a heading naming a money measure is the parent of the
    unlabelled breakdown under it."""
    for heading in reversed(sentence.headings):
        if "三公" in heading:
            return Fact("sangong_actual", float("nan"), "yuan", None, None, "", None, heading)
        rule = _nearest(MONEY_RULES, re.sub(r"情况|分析|说明", "", heading))
        if rule is not None:
            return Fact(rule.measure, float("nan"), "yuan", None, None, "", None, heading)
    return None


PERIOD_SCOPED = ("households", "units", "area", "land_cleared")


def _with_increment(measure: str, scope: str | None, spot: Spot) -> str | None:
    """上周新签订31户, 7月签约199户, 本期完成收储58亩: a part of the period is scoped by it."""
    inc = stance.increment_in(spot.clause) if measure.startswith(PERIOD_SCOPED) else None
    if inc is None or (scope and inc in scope):
        return scope
    return f"{scope}（{inc}）" if scope else inc


def _note_land(ctx: Context, fact: Fact, q: Quantity, spot: Spot) -> None:
    """涉及总征地量X亩 … 完成征地面积Y亩: where a land task and the land acquired are both printed
    (in one sentence or the next), the acquired area is kept."""
    if fact.measure != "area_scope" or not LAND_UNIT.match(q.raw):
        return
    if _stance(spot) == "target":
        ctx.land_tasks.append(fact)
    else:
        ctx.superseded.update(ctx.land_tasks)
        ctx.land_tasks.clear()


def facts_in(sentence: Sentence, ctx: Context) -> Iterator[Fact]:
    """All facts in one sentence."""
    if sentence.skipped:
        return
    text = sentence.text
    if stance.MULTI_YEAR.search(text):
        return  # 2016至2018年度…: figures of several years
    time = OTHER_TIME.match(text)
    if time and (time.group(1) is None or int(time.group(1)) != ctx.fiscal_year):
        return
    quantities = find_quantities(text)
    ctx.land_tasks = [f for f in ctx.land_tasks if f.text == ctx.last_text]
    ctx.last_text = text.strip()
    breakdown = find_breakdown(text)
    parent: Fact | None = None
    if breakdown and breakdown.named:
        parent = Fact(breakdown.named, float("nan"), unit_of(breakdown.named), None, None, "", None, "")
    elif breakdown and not breakdown.strict and not any(q.start < breakdown.start for q in quantities) \
            and ctx.last_headings != sentence.headings:
        # the breakdown opens the sentence in a new section: the heading may name its total
        parent = _heading_parent(sentence)
    elif breakdown is None and ctx.open_breakdown is not None and ENUMERATED.match(text):
        # 其中：\n1.…；\n2.…: the list goes on in its own lines
        parent, breakdown = ctx.open_breakdown, Breakdown(0, len(text))
    ctx.open_breakdown = None
    breakdown_at = breakdown.start if breakdown else -1
    opens = breakdown is not None and parent is None and not breakdown.strict and not breakdown.named and \
        not any(q.start < breakdown.start for q in quantities)
    prev_end = 0
    used_parent: Fact | None = None
    sentence_facts: list[tuple[int, Fact]] = []
    for q in quantities:
        spot = _spot(text, q, prev_end)
        prev_end = q.end
        in_breakdown = breakdown is not None and breakdown.start < q.start <= breakdown.end
        if in_breakdown and parent is None:
            before = [f for pos, f in sentence_facts if pos < breakdown.start and f.scope is None]
            parent = before[-1] if before else None
        subject = sentence.subject or _subject(spot.segment) or sentence.lead
        candidate = _opening_parent(ctx, q) if (in_breakdown and opens) else parent
        parent_here = candidate if (in_breakdown and candidate is not None
                                    and unit_of(candidate.measure) == q.unit.canonical) else None
        used_parent = parent_here or used_parent
        found = classify(sentence, q, spot, ctx, parent_here, subject,
                         strict=bool(in_breakdown and breakdown.strict))
        if q.unit.kind in ("household", "unit"):
            ctx.count_kept = found is not None
        if found is None:
            continue
        measure, scope = found
        scope = _with_increment(measure, scope, spot)
        unit = unit_of(measure)
        if unit != q.unit.canonical and not (unit == "unit" and q.unit.kind in ("household", "count")):  # 企业1户
            continue
        sure, why = stance.confidence(measure, q.unit.kind if q.unit.kind != "count" else "count",
                                      spot.label, spot.right, parent_here is not None)
        fact = Fact(measure=measure, value=q.value, unit=unit, scope=scope, qualifier=q.qualifier,
                    raw=q.raw, page=sentence.page_at(q.start), text=text.strip(), confidence=sure,
                    confidence_reason=why)
        sentence_facts.append((q.start, fact))
        _note_land(ctx, fact, q, spot)
        if scope is None:
            ctx.last_by_unit[unit] = fact
            ctx.last_headings = sentence.headings
            ctx.totals.setdefault(measure, fact)
    earlier = ctx.previous
    totals = tuple(f for _, f in sentence_facts if f.scope is None)
    if totals:
        ctx.previous = totals
    sentence_facts = _parts_of_their_sum(sentence_facts, used_parent, earlier + totals)
    yield from (f for _, f in sentence_facts)
    measures = {f.measure for _, f in sentence_facts if f.scope is None}
    ctx.split_spending = {"expenditure_basic", "expenditure_project"} <= measures
    parts = [f for pos, f in sentence_facts if pos > breakdown_at]
    if used_parent is not None and breakdown and not breakdown.strict and parts and all(f.scope for f in parts):
        ctx.open_breakdown = used_parent  # a list of parts may go on in the next, numbered sentence
    for m in SCORE.finditer(text):
        yield Fact("score_total", float(m.group(1)), "point", None, None, m.group(0),
                   sentence.page_at(m.start()), text.strip(), confidence="high")


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
        scope = _group_scope(f.text) or (sentence.section if sentence else None) or "其他"
        out.append(replace(f, scope=clean_label(scope)[:60] or "其他"))
    return out


def _group_scope(text: str) -> str | None:
    m = re.search(r"([^，；。]{2,60}?等\s*\d+\s*个项目)", text)
    return m.group(1) if m else None
