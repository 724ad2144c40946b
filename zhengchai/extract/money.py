"""Money in prose: which money measure a figure is (lexicon), the 三公 items, and the lists of parts
(其中…, （含…）, 按…分为) whose items inherit the measure of their total and take their label as scope."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from zhengchai.extract import stance
from zhengchai.extract.counts import (
    AREA_RULES,
    ORGANISATIONS,
    PERSON_RULES,
    PROJECT_RULES,
    names_projects,
)
from zhengchai.extract.lexicon import rules
from zhengchai.extract.model import Fact
from zhengchai.extract.numbers import Quantity
from zhengchai.extract.segment import Sentence
from zhengchai.extract.spot import BARE_CLAUSE, Spot, clean_label, first_rule, nearest, stance_of

MONEY_RULES = rules("money")
CLASS_BUDGET = re.compile(r"(基本支出|项目支出|人员经费|公用经费|项目经费)预算(?:数|为|安排)?$")
SANGONG_ITEM = re.compile(r"因公出国|公务用车|公务接待")


def mentions_sangong(text: str) -> bool:
    return "三公" in text or bool(SANGONG_ITEM.search(text))


def sangong(label: str, segment: str, row: str | None) -> tuple[str, str | None] | None:
    """The one reading of “三公”经费: an item (因公出国, 公务用车, 公务接待) named by the figure's label or
    its table row is scoped by it, whatever sentence it sits in; a figure after 三公 in its segment
    is the total (unless the segment moved on to the department's spending); 预算 makes it the budget."""
    cleaned = clean_label(label)
    item = cleaned if SANGONG_ITEM.search(cleaned) else row if row and SANGONG_ITEM.search(row) else None
    if item:
        return ("sangong_budget" if "预算" in label else "sangong_actual"), item
    if "三公" not in segment:
        return None
    after = segment[segment.rfind("三公"):]
    if re.search(r"基本支出|项目支出|部门|单位(?:总)?支出", after):
        return None
    if re.search(r"决算|实际|支出(?!预算)|使用", label) and not re.search(r"预算(?:数|为|安排)?\s*$", label):
        return "sangong_actual", None
    return ("sangong_budget" if "预算" in label or "预算" in after else "sangong_actual"), None
BUDGETS = ("budget", "budget_initial")  # a budget's parts are budget, whatever they are called (人员经费…)
BALANCE_IN = re.compile(r"(?:上年|年初|以前年度)结[转余](?:和?结[余转])?(?:项目)?(?:资金)?")
KIND_RULES = {"money": MONEY_RULES, "area": AREA_RULES, "person": PERSON_RULES, "count": PROJECT_RULES}


def part_of(parent: Fact, q: Quantity, spot: Spot, subject: str | None, strict: bool):
    """A figure inside a breakdown of `parent`: the same measure, scoped by its label, unless its
    label names another measure (基本支出 after 实际支出…其中) or it restates the total."""
    label = clean_label(spot.label)
    scope = subject or label
    if not scope or abs(q.value - parent.value) < 0.01:
        return None
    kind = q.unit.kind
    if kind in ("percent", "point") or parent.measure == "staff_established":
        return None  # rates are not parts of rates; （含借调2人） remarks on a head count
    if mentions_sangong(label) and not parent.measure.startswith("sangong"):
        return None
    if kind == "count" and not names_projects(spot):
        return None  # 其中3个项目部6个工作组: teams, not parts of a count of projects
    if kind in ("household", "unit") and ORGANISATIONS.search(label):
        return None  # 企业1户 among households: organisations, read on their own
    if kind in ("household", "unit"):
        # 其中A项目签约236户 is a part of the signed total; 其中需征收… would not be
        own = stance_of(spot) if (stance.TARGET.search(label) or stance.RESULT.search(label)) else None
        same = own is None or own == ("target" if parent.measure.endswith("_target") else "done")
        return (parent.measure, scope) if (strict or same) else None
    # a category's own remark in brackets (…——征地和拆迁补偿支出) does not rename it
    head = re.sub(r"[（(][^）)]*[）)]", "", label)
    rule = nearest(KIND_RULES.get(kind, ()), head)
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


def money(sentence: Sentence, spot: Spot, q: Quantity, subject: str | None):
    label = spot.label
    cleaned = clean_label(label)
    budgeted = CLASS_BUDGET.search(cleaned)
    if budgeted:  # 基本支出预算498.36万元: the budget of one class of spending
        return "budget", budgeted.group(1)
    found = sangong(label, spot.segment, sentence.subject)
    if found:
        return found
    rule = nearest(MONEY_RULES, label)
    if rule is None:
        rule = nearest(MONEY_RULES, spot.context) if BARE_CLAUSE.match(cleaned) else None
    if rule is None and not cleaned:
        rule = first_rule(MONEY_RULES, spot.right[:12])  # number first: 2.53亿元社保资金已解缴
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


def names_a_measure(label: str) -> bool:
    """基本支出, 年末结转和结余, 已签约户数: a label that says what its figure measures, not whose it is."""
    return any(r.pattern.search(label) for r in (*MONEY_RULES, *AREA_RULES, *PERSON_RULES))
INCLUDED = re.compile(r"[（(]\s*(?:其中|含|包括)")  # 1,860万元（含上年结转160万元）


# 执行数中区级资金… / 项目支出构成：①…: the parent is named before the list
NAMED_PARENT = re.compile(r"^\s*(?:[（(]?\d{1,2}[）)、.．]|[①-⑳])?\s*([^，；。\d]{1,12}?)"
                          r"(?:中(?=[\u4e00-\u9fa5])|(?:构成|组成|明细)[：:，,]|按[^，；。]{1,6}分(?:类|为)?[：:，,]|"
                          r"(?:主要)?(?:包括|用于|有)[：:]?)")
BREAKDOWN = re.compile(r"其中|包括|分别为|分别是|具体为|明细如下|按[^，；。]{1,8}分(?:类|为)?(?=[，,：:])")


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
    if m and (rule := nearest(MONEY_RULES, m.group(1))):
        return Breakdown(m.end(), len(text), named=rule.measure)
    m = BREAKDOWN.search(text)
    return Breakdown(m.start(), len(text)) if m else None


def parts_of_their_sum(facts: list[tuple[int, Fact]], parent: Fact | None,
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


def heading_parent(sentence: Sentence) -> Fact | None:
    """（二）基本支出 / 2、项目支出情况: a heading naming a money measure is the parent of the
    unlabelled breakdown under it."""
    for heading in reversed(sentence.headings):
        if mentions_sangong(heading):
            return Fact("sangong_actual", float("nan"), "yuan", None, None, "", None, heading)
        rule = nearest(MONEY_RULES, re.sub(r"情况|分析|说明", "", heading))
        if rule is not None:
            return Fact(rule.measure, float("nan"), "yuan", None, None, "", None, heading)
    return None
