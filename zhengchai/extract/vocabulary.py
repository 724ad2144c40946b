"""The measure vocabulary of SPEC.md section 3: names, canonical units, families."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    name: str
    unit: str  # canonical unit: yuan, m2, household, unit, person, building, project, percent, point
    family: str  # which warehouse fact it feeds: budget, households, area, score, other
    label: str  # a short Chinese label for people


MEASURES: tuple[Measure, ...] = (
    Measure("budget_initial", "yuan", "budget", "年初预算数"),
    Measure("budget", "yuan", "budget", "全年预算数"),
    Measure("funds_received", "yuan", "budget", "实际到位资金"),
    Measure("expenditure_total", "yuan", "budget", "实际支出"),
    Measure("expenditure_basic", "yuan", "budget", "基本支出"),
    Measure("expenditure_project", "yuan", "budget", "项目支出"),
    Measure("balance_carried_in", "yuan", "budget", "上年结余"),
    Measure("balance_carried_out", "yuan", "budget", "本年结余"),
    Measure("sangong_budget", "yuan", "budget", "“三公”经费预算"),
    Measure("sangong_actual", "yuan", "budget", "“三公”经费决算"),
    Measure("execution_rate", "percent", "budget", "预算执行率"),
    Measure("compensation_paid", "yuan", "other", "拨付征收补偿资金"),
    Measure("funds_recovered", "yuan", "other", "回笼资金"),
    Measure("fixed_assets", "yuan", "other", "固定资产"),
    Measure("staff_established", "person", "other", "在编人员"),
    Measure("households_target", "household", "households", "征收任务户数"),
    Measure("households_signed", "household", "households", "签约户数"),
    Measure("units_target", "unit", "households", "征收任务单位数"),
    Measure("units_signed", "unit", "households", "签约单位数"),
    Measure("signing_rate", "percent", "households", "签约率"),
    Measure("persons_relocated", "person", "households", "动迁人数"),
    Measure("buildings_demolished", "building", "households", "拆除栋数"),
    Measure("area_scope", "m2", "area", "征收面积"),
    Measure("area_demolished", "m2", "area", "拆除面积"),
    Measure("land_cleared", "m2", "area", "腾地面积"),
    Measure("land_cleared_target", "m2", "area", "腾地目标（确保）"),
    Measure("land_cleared_target_stretch", "m2", "area", "腾地目标（力争）"),
    Measure("projects_started", "project", "other", "新启动项目"),
    Measure("projects_cleared", "project", "other", "完成拆迁交地项目"),
    Measure("projects_settled", "project", "other", "完成结算项目"),
    Measure("social_security_enrolled", "person", "other", "纳入社保人数"),
    Measure("social_security_paid", "yuan", "other", "缴付社保资金"),
    Measure("living_subsidy_paid", "yuan", "other", "发放生活补助"),
    Measure("living_subsidy_recipients", "person", "other", "享受生活补助人数"),
    Measure("score_total", "point", "score", "自评总分"),
    Measure("score_budget_execution", "point", "score", "预算执行得分"),
    Measure("weight_budget_execution", "point", "score", "预算执行分值"),
)

BY_NAME: dict[str, Measure] = {m.name: m for m in MEASURES}


def unit_of(measure: str) -> str:
    return BY_NAME[measure].unit
