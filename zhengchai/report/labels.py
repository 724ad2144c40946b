"""What the report shows and how analysts name it: measures in their units, topics, statuses, rules.

Kept as data so a page, a chart and the workbook say the same thing the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

WAN = 1e-4  # yuan → 万元
MU = 3 / 2000  # m² → 亩 (1 亩 = 2000/3 m²)


def is_missing(value) -> bool:
    """None, NaN and pandas' NA alike."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True)
class Measure:
    key: str  # column of mart_district_year and measure of the long marts (values in yuan, m², …)
    label: str
    unit: str  # as analysts write it: 万元, 亩, 户, %, 平方米
    factor: float = 1.0  # stored value × factor = value in `unit`
    decimals: int = 2

    def convert(self, value):
        if is_missing(value):
            return None
        return round(float(value) * self.factor, self.decimals + 2)

    def format(self, value, *, converted: bool = True) -> str:
        v = value if converted else self.convert(value)
        if is_missing(v):
            return "—"
        return f"{v:,.{self.decimals}f}"

    @property
    def heading(self) -> str:
        return f"{self.label}（{self.unit}）"


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("budget", "全年预算数", "万元", WAN),
    Measure("expenditure_total", "实际支出", "万元", WAN),
    Measure("execution_rate", "预算执行率（报告所列）", "%"),
    Measure("execution_rate_computed", "预算执行率（支出÷预算）", "%"),
    Measure("households_signed", "签约户数", "户", decimals=0),
    Measure("households_target", "征收任务户数", "户", decimals=0),
    Measure("land_cleared", "腾地面积", "亩", MU),
    Measure("area_demolished", "拆除面积", "平方米"),
    Measure("compensation_paid", "拨付征收补偿资金", "万元", WAN),
)}


@dataclass(frozen=True)
class Topic:
    slug: str  # file name part: trend-<slug>.html, ranking-<slug>.html
    title: str
    main: str  # measure drawn per district and ranked
    companion: str | None = None  # drawn beside it in the small multiples (target, budget…)
    note: str = ""

    @property
    def measure(self) -> Measure:
        return MEASURES[self.main]


TOPICS: tuple[Topic, ...] = (
    Topic("budget", "预算与支出", "expenditure_total", "budget",
          "实线为实际支出，虚线为全年预算数。"),
    Topic("execution", "预算执行率", "execution_rate", "execution_rate_computed",
          "实线为报告所列执行率，虚线为实际支出÷全年预算数。"),
    Topic("households", "签约户数与任务", "households_signed", "households_target",
          "实线为签约户数，虚线为征收任务户数。"),
    Topic("land", "腾地面积", "land_cleared"),
    Topic("area", "拆除面积", "area_demolished"),
    Topic("compensation", "拨付征收补偿资金", "compensation_paid"),
)

DOCUMENT_STATUS = {
    "ok": "已入库",
    "accepted": "已接受（人工确认）",
    "quarantined": "已隔离",
    "failed_extraction": "无法读取",
}

DOC_TYPES = {"narrative_report": "自评报告", "selfeval_table": "自评表"}

RULES = {
    "expenditure_identity": "支出恒等：基本支出＋项目支出＝支出合计",
    "funds_identity": "资金恒等：到位资金＋上年结余＝支出＋本年结余",
    "breakdown_within_total": "分项之和不超过合计",
    "breakdown_equals_total": "“其中”分项之和等于合计",
    "execution_rate_matches": "报告执行率与支出÷预算一致",
    "over_budget": "支出超预算",
    "score_within_weight": "指标得分不超过分值",
    "score_sum": "指标得分之和等于总分",
    "weight_sum": "指标分值之和等于100",
    "signed_within_target": "签约户数不超过任务户数",
    "units_signed_within_target": "签约单位数不超过任务单位数",
    "target_lost_wan": "完成数与目标相差百倍（漏写“万”）",
    "one_current_document": "同一部门同一年度只有一份现行文档",
    "fiscal_year_range": "年度在合理范围内",
    "non_negative": "数值不为负",
    "has_provenance": "每个数字都有出处（页码与原文）",
}

PROBLEM_CODES = {
    "corrupt": "文件损坏",
    "encrypted": "文件加密",
    "empty": "空文件",
    "no_text_layer": "扫描件（无文字层）",
    "not_a_report": "不是绩效自评报告",
    "timeout": "读取超时",
    "too_many_pages": "页数过多",
    "duplicate_file": "重复文件",
    "removed": "文件已删除",
}

SEVERITY = {"error": "错误", "warning": "提示"}

FILE_STATUS = {"new": "新增", "unchanged": "未变", "moved": "移动或改名", "duplicate": "重复", "removed": "删除"}


def rule_label(rule: str | None) -> str:
    return RULES.get(rule or "", rule or "")


def code_label(code: str | None) -> str:
    return PROBLEM_CODES.get(code or "", code or "")

# How a figure of raw.facts is shown, by its stored unit: (unit shown, factor, decimals)
UNITS = {
    "yuan": ("万元", WAN, 2), "m2": ("平方米", 1.0, 2), "percent": ("%", 1.0, 2), "household": ("户", 1.0, 0),
    "person": ("人", 1.0, 0), "unit": ("个", 1.0, 0), "building": ("栋", 1.0, 0), "project": ("个", 1.0, 0),
    "point": ("分", 1.0, 2),
}


def display_unit(unit: str | None, measure: str = "") -> Measure:
    if unit == "m2" and measure.startswith(("land_cleared", "area_scope")):  # land in 亩, floor area in m²
        return Measure(measure, "", "亩", MU)
    shown, factor, decimals = UNITS.get(unit or "", (unit or "", 1.0, 2))
    return Measure(unit or "", "", shown, factor, decimals)
