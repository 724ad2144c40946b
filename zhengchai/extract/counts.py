"""Counts and areas in prose: households and organisations (target / signed), areas (covered /
demolished / cleared), people, projects and rates. The stance layer (stance.py) says whether a
figure is the task, a result, a part of the period or left out; the lexicon names the measure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from zhengchai.extract import stance
from zhengchai.extract.lexicon import Rule, rules, stance_words, words
from zhengchai.extract.numbers import Quantity
from zhengchai.extract.segment import Sentence
from zhengchai.extract.spot import (
    Spot,
    clean_label,
    first_rule,
    last_break,
    last_pos,
    nearest,
    previous_clause,
    stance_of,
)

NOT_HOUSEHOLDS = words(r"坟", r"墓", r"寺", r"庙", r"学校", r"教堂", r"祠堂")
AREA_RULES = rules("area")
PERSON_RULES = rules("person")
PROJECT_RULES = rules("count")
RATE_RULES = rules("percent")
STAFF_WORDS = words(r"编制", r"编外", r"聘用", r"雇员", r"职工", r"干部", r"工作人员", r"公益性岗位", r"临聘", r"借调",
                  r"派遣")
SHARE_OF_TARGET = stance_words("share_of_task")
PROJECT_NOUN = r"(?:项目(?!部|组|办)|地块|工程(?!师))"
GROUP_AFTER_HOUSEHOLDS = re.compile(r"^([\u4e00-\u9fa5]{2,10}?(?:对象|户主|被征收人|被拆迁人|居民|农户|商户|住户|钉子户))")


def rate(spot: Spot, q: Quantity, count_kept: bool, subject: str | None):
    if re.search(r"(?:超|超过|逾|高于|低于)\s*$", spot.label):
        return None  # 签约率超90%: a bound (a headline's), not the rate
    rule = nearest(RATE_RULES, spot.context)
    if rule is not None and rule.weak:
        named = [m.start() for m in rule.pattern.finditer(spot.segment)]
        before = spot.segment[:last_break(spot.segment, named[-1])] if named else ""
        if not stance.SIGNING.search(before) or q.value > 100 or not count_kept:
            return None  # 完成进度 of work that is not signing; 108%: a share of a target, not of households
    if rule is None and SHARE_OF_TARGET.search(spot.clause) and re.search(r"签", previous_clause(spot) + spot.clause):
        return "signing_rate", subject  # 431户已签订协议，占总任务460户的93.7% (not 完成清零5户，占任务数的100%)
    if rule is None and re.match(r"(?:的)?(?:签约|签订)", spot.right):
        return "signing_rate", subject  # 协议100%签约, 实现100%签约任务
    return (rule.measure, subject) if rule else None


def plain_elsewhere(rules: Iterable[Rule], rule: Rule, text: str, label: str) -> bool:
    return any(other.measure == rule.measure and not other.weak and other.pattern.search(text)
               and not other.pattern.search(label) for other in rules)


def persons(spot: Spot, sentence: Sentence, subject: str | None):
    rule = nearest(PERSON_RULES, spot.context) or nearest(PERSON_RULES, spot.right)
    if not clean_label(spot.label) and (after := first_rule(PERSON_RULES, spot.right[:12])):
        rule = after  # number first: 2,156名被征地农民纳入社保
    if rule is None:
        return None
    if rule.measure == "staff_established":
        filled = [m.end() for m in rule.pattern.finditer(spot.label)]
        if not filled or STAFF_WORDS.search(spot.label[filled[-1]:]):
            return None  # 核定编制9名 (the quota), （含借调2人）: not the filled count
        if rule.weak and plain_elsewhere(PERSON_RULES, rule, sentence.text, spot.label):
            return None  # 实有人数11人，其中在编在岗10人: the 在编 count is the established staff
        return rule.measure, None
    if sentence.stance == "target":
        return None  # a goal for people: no measure holds it
    if STAFF_WORDS.search(spot.clause):
        return None  # 核定编制9名, 聘用人员12人: the office's own staff, not people moved
    if rule.measure == "living_subsidy_recipients" and not re.search(r"生活(?:补助|补贴)", spot.left):
        return None
    if rule.measure == "persons_relocated" and stance_of(spot) == "target" and not re.search(r"涉及", spot.clause):
        return None  # no measure holds a goal for people moved
    return rule.measure, subject
ORGANISATIONS = re.compile(r"企业|单位|公司|门店|商铺|非住宅")


def households(kind: str, spot: Spot, sentence: Sentence, subject: str | None):
    if NOT_HOUSEHOLDS.search(clean_label(spot.label)) or NOT_HOUSEHOLDS.match(spot.right):
        return None
    if kind == "household" and (ORGANISATIONS.search(clean_label(spot.label)) or
                                re.search(r"非住宅", spot.segment) and not re.search(r"(?<!非)住宅", spot.segment)):
        kind = "unit"  # 企业1户; 某项目(非住宅)，涉及114户
    if kind == "unit" and not re.search(r"单位|企业|公司|机构|国有|集体|厂|非住宅", spot.segment + spot.right[:4]):
        return None
    # in a form's target column, 完成签约N户 states the target, not a result
    found = {"target": "target", "actual": "done"}.get(sentence.stance or "") or stance_of(spot)
    if found is None and re.search(r"已?签约|已签订", spot.after):
        found = "target"  # 征迁企业27家，已签约25家: the first count is the total to sign
    if found is None or (sentence.stance is None and stance.GOAL.search(spot.clause)):
        return None  # 力争年底前完成签约600户: a goal, not the task's size nor a result
    if re.search(r"拆除|拆房", spot.clause) and not stance.SIGNING.search(spot.clause):
        return None  # 需拆除房屋户数为12户, 完成房屋拆除2,406户: demolitions counted in households
    verb = stance.verb_of(spot.clause, spot.right) or stance.verb_of(stance.settled(spot.segment), "")
    if found == "done" and verb != "signing" and sentence.source == "body":
        return None  # 已拆迁315户, 已裁定准予执行4户: households moved out or other acts, not signatures
    measure = {"household": {"target": "households_target", "done": "households_signed"},
               "unit": {"target": "units_target", "done": "units_signed"}}[kind][found]
    scope = subject
    group = GROUP_AFTER_HOUSEHOLDS.match(spot.right)
    if group and kind == "household":
        scope = group.group(1)
    return measure, scope


LAND_UNIT = re.compile(r"\s*(?:[\d.,，]+)\s*(?:余|多)?\s*(?:万亩|亩|公顷)")


def area_rule(spot: Spot) -> Rule | None:
    rule = nearest(AREA_RULES, spot.context)
    if rule is None and re.match(r"^\s*[/／]?\s*$", spot.label):
        rule = nearest(AREA_RULES, spot.segment)  # 35户/8195.24平方米: the area of the households before
    if rule is None and not clean_label(spot.clause).strip("已完成率先全面"):
        rule = first_rule(AREA_RULES, spot.right[:4])  # number first: 完成6.8亩征地任务
    return rule


def stated_elsewhere(rule: Rule, sentence: Sentence, q: Quantity) -> bool:
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


def area(spot: Spot, sentence: Sentence, q: Quantity, subject: str | None):
    rule = area_rule(spot)
    if rule is None:
        return None
    if rule.measure == "land_cleared":
        # 确保…亩、力争…亩: the nearest goal word before the figure decides
        stretch, sure = last_pos(stance.STRETCH, spot.clause), last_pos(stance.PLANNED, spot.clause)
        if re.match(r"的?(?:年度)?(?:目标|任务)", spot.right):
            sure = max(sure, 0)  # 明确全年交付土地900亩的目标
        if stretch > sure:
            return "land_cleared_target_stretch", None
        if sure >= 0 or sentence.stance == "target":
            return "land_cleared_target", None
        return "land_cleared", subject
    if sentence.stance == "target" or q.qualifier == "不少于" or stance.STRETCH.search(spot.clause):
        return None  # a goal (a form's goal cell, 不少于, 力争): only land clearing has targets
    if rule.weak and stated_elsewhere(rule, sentence, q):
        return None  # 收储 beside 征收土地 in one sentence: the expropriated land is the area covered
    found = stance_of(spot)
    if rule.measure == "area_demolished":
        if re.search(r"确保|计划|目标", spot.clause):
            return None  # no measure holds a target for demolition
        if found == "target":
            return "area_scope", subject  # 需拆迁…共26万平方米, 涉及总拆迁量: the size of the task
        if re.search(r"签[订约](?!.*拆除)", spot.clause):
            return None  # 已签订拆迁房屋面积: an area signed for has no measure
    if rule.measure == "area_scope" and re.search(r"签[订约]", previous_clause(spot)) and \
            not re.search(r"征|腾|交|拆", spot.clause):
        return None  # 已完成签约83户，涉及面积9.4万方: the area of the households signed, signed for
    return rule.measure, subject


def names_projects(spot: Spot) -> bool:
    """20多个房屋征收工程, 项目9个: the thing counted is projects (not 5个项目部, 4个科室)."""
    return bool(re.match(rf"[^，,；;。\d]{{0,10}}?{PROJECT_NOUN}", spot.right) or
                re.search(rf"{PROJECT_NOUN}[^，,；;。\d]{{0,6}}$", spot.label))


def projects(sentence: Sentence, q: Quantity, spot: Spot, subject: str | None):
    """新启动征收项目4个, 清零地块6个, 企事业单位13个 (organisations, not projects)."""
    after = sentence.text[q.end:q.end + 14]
    if re.search(r"(?:单位|企业|公司)$", clean_label(spot.label)):
        return households("unit", spot, sentence, subject)  # 企事业单位41个: organisations
    if not re.match(rf"[^，,；;。\d]{{0,10}}?{PROJECT_NOUN}", after):
        if re.match(r"[\u4e00-\u9fa5]", after):
            return None  # 4个科室, 5个步骤: something else is counted
        if not re.search(rf"{PROJECT_NOUN}[^，；。\d]{{0,6}}$", spot.segment) and not (
                re.search(PROJECT_NOUN, spot.segment) and nearest(PROJECT_RULES, spot.clause)):
            return None  # 项目4个 / 完成项目结算4个 / 项目11个，其中新启动5个: projects named before
    own = stance_of(spot) if clean_label(spot.label) else None  # 其中5个新增…项目: its own verb
    if sentence.stance == "target" or own == "target" and not re.search(r"启动", spot.clause):
        return None
    rule = nearest(PROJECT_RULES, spot.right) or nearest(PROJECT_RULES, spot.context)
    return (rule.measure, None) if rule else None

