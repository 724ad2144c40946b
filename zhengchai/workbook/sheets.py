"""The analysts' workbook as data: each sheet's source query and its columns with Chinese
headers, units and formats. The writer (writer.py) knows nothing about the tables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Col:
    field: str
    label: str
    # money (yuan → 万元) | percent | int | number | mu (m² → 亩) | year | text | label (translated) | list | bool
    kind: str = "text"
    unit: str = ""
    note: str = ""

    @property
    def header(self) -> str:
        unit = self.unit or {"money": "万元", "percent": "%", "mu": "亩"}.get(self.kind, "")
        return f"{self.label}（{unit}）" if unit else self.label


@dataclass(frozen=True)
class Sheet:
    name: str
    about: str
    source: str  # the warehouse table(s) it comes from
    grain: str
    sql: str
    columns: tuple[Col, ...]


PLACE = (Col("district", "区县"), Col("fiscal_year", "年度", "year"))
DOCUMENT = (Col("doc_type", "文档类型", "label", note="自评报告 或 自评表"), Col("department", "部门"))
SCOPE = (Col("scope", "项目或范围", note="空为全年合计"), Col("is_total", "是否合计", "bool"))
SOURCE = (Col("page", "页码", "int", note="数字所在页（DOCX、XLSX 等无页码的为空）"),
          Col("source_text", "原文", note="数字所在的句子或表格行"))

FUNDS = (
        Col("budget_initial", "年初预算数", "money"), Col("budget", "全年预算数", "money"),
        Col("funds_received", "实际到位资金", "money"), Col("expenditure_total", "实际支出", "money"),
        Col("expenditure_basic", "基本支出", "money"), Col("expenditure_project", "项目支出", "money"),
        Col("balance_carried_in", "上年结余", "money"), Col("balance_carried_out", "本年结余", "money"),
        Col("sangong_budget", "“三公”经费预算", "money"), Col("sangong_actual", "“三公”经费决算", "money"),
)

# Long tables carry values of several units: the value is shown in the analyst's unit.
DISPLAY_VALUE = """case
    when {unit} = 'yuan' then {value} / 10000
    when {unit} = 'm2' and {measure} like 'land_cleared%' then {value} / (2000.0 / 3)
    else {value} end"""
DISPLAY_UNIT = """case {unit}
    when 'yuan' then '万元' when 'percent' then '%' when 'household' then '户' when 'person' then '人'
    when 'unit' then '个' when 'building' then '栋' when 'project' then '个' when 'point' then '分'
    when 'm2' then case when {measure} like 'land_cleared%' then '亩' else '平方米' end
    else {unit} end"""


def display(value: str, unit: str = "unit", measure: str = "measure") -> tuple[str, str]:
    return (DISPLAY_VALUE.format(value=value, unit=unit, measure=measure),
            DISPLAY_UNIT.format(unit=unit, measure=measure))


DISTRICT_YEAR = Sheet(
    "区县年度", "每个区县每年一行的主要指标（报告未列的为空，不以0填充）", "mart_district_year", "区县 × 年度",
    "select * from mart_district_year where district is not null order by district, fiscal_year",
    PLACE + (
        Col("district_code", "行政区划代码"), Col("city", "城市"),
    ) + FUNDS + (
        Col("execution_rate", "预算执行率（报告所列）", "percent"),
        Col("execution_rate_computed", "预算执行率（支出÷预算）", "percent"),
        Col("compensation_paid", "拨付征收补偿资金", "money"), Col("funds_recovered", "回笼资金", "money"),
        Col("households_target", "征收任务户数", "int", "户"), Col("households_signed", "签约户数", "int", "户"),
        Col("signing_rate", "签约率（报告所列）", "percent"),
        Col("signing_rate_computed", "签约率（签约÷任务）", "percent"),
        Col("units_target", "征收任务单位数", "int", "个"), Col("units_signed", "签约单位数", "int", "个"),
        Col("persons_relocated", "动迁人数", "int", "人"), Col("buildings_demolished", "拆除栋数", "int", "栋"),
        Col("land_cleared", "腾地面积", "mu"), Col("land_cleared_target", "腾地目标（确保）", "mu"),
        Col("area_scope", "征收面积", "number", "平方米"), Col("area_demolished", "拆除面积", "number", "平方米"),
        Col("projects_started", "新启动项目", "int", "个"), Col("projects_cleared", "完成拆迁交地项目", "int", "个"),
        Col("projects_settled", "完成结算项目", "int", "个"), Col("score_total", "自评总分", "number", "分"),
        Col("documents", "文档数", "int", "份"), Col("documents_loaded", "入库文档数", "int", "份"),
        Col("doc_types", "文档类型", "list"), Col("document_statuses", "文档状态", "list"),
        Col("quarantine_reasons", "隔离原因"),
    ))

_trend_value, _trend_unit = display("t.value")
TREND = Sheet(
    "趋势", "各区县各指标逐年数值与同比变化", "mart_district_trend", "区县 × 指标 × 年度",
    f"""with t as (
    select t.*, m.sort_order from mart_district_trend as t left join dim_measure as m using (measure)
)
select t.district, t.fiscal_year, coalesce(t.label, t.measure) as label, {_trend_value} as value,
       {_trend_unit} as display_unit, t.previous_fiscal_year,
       {display("t.previous_value")[0]} as previous_value, {display("t.yoy_change")[0]} as yoy_change,
       t.yoy_growth_pct, t.first_fiscal_year, t.cagr_to_date_pct
from t
order by t.district, t.sort_order, t.fiscal_year""",
    PLACE + (
        Col("label", "指标"), Col("value", "数值", "number", note="按“单位”列：金额为万元，腾地为亩"),
        Col("display_unit", "单位"), Col("previous_fiscal_year", "上一个报告年度", "year"),
        Col("previous_value", "上一个报告年度数值", "number"),
        Col("yoy_change", "同比变化", "number", note="与上一年相比；上一年缺数据时为空"),
        Col("yoy_growth_pct", "同比增长", "percent"), Col("first_fiscal_year", "首个报告年度", "year"),
        Col("cagr_to_date_pct", "自首个年度的年均增长", "percent"),
    ))

_rank_value, _rank_unit = display("value")
RANKING = Sheet(
    "排名", "每年每个指标各区县的名次（数值从大到小，并列同名次）", "mart_district_ranking",
    "年度 × 指标 × 区县",
    f"""with r as (
    select r.*, m.sort_order from mart_district_ranking as r left join dim_measure as m using (measure)
)
select district, fiscal_year, coalesce(label, measure) as label, rank, {_rank_value} as value,
       {_rank_unit} as display_unit, districts_ranked, rank_in_city
from r
order by district, fiscal_year, sort_order""",
    PLACE + (
        Col("label", "指标"), Col("rank", "名次", "int"), Col("value", "数值", "number"),
        Col("display_unit", "单位"), Col("districts_ranked", "参与排名区县数", "int", "个"),
        Col("rank_in_city", "市内名次", "int"),
    ))

BUDGET = Sheet(
    "预算执行", "每份现行文档的预算、到位资金、支出与执行率", "fct_budget", "文档（区县 × 年度 × 部门 × 文档类型）",
    "select * from fct_budget order by district, fiscal_year, doc_type, department",
    PLACE + DOCUMENT + FUNDS + (
        Col("execution_rate_reported", "预算执行率（报告所列）", "percent"),
        Col("execution_rate_computed", "预算执行率（支出÷预算）", "percent"),
        Col("execution_rate_gap", "执行率差", "number", "百分点", "报告所列减计算所得"),
        Col("is_execution_rate_mismatch", "执行率不一致", "bool"),
    ) + SOURCE)

def scoped_sheet(name: str, about: str, table: str, columns: tuple[Col, ...]) -> Sheet:
    """A fact table with a total and per-project rows: the total first in each document."""
    return Sheet(name, about, table, "文档 × 范围（合计或项目）",
                 f"select * from {table} order by district, fiscal_year, doc_type, not is_total, scope",
                 PLACE + DOCUMENT + SCOPE + columns + SOURCE)


HOUSEHOLDS = scoped_sheet(
    "征收签约", "签约户数与任务，合计及分项目", "fct_relocation_households", (
        Col("households_target", "征收任务户数", "int", "户"), Col("households_signed", "签约户数", "int", "户"),
        Col("units_target", "征收任务单位数", "int", "个"), Col("units_signed", "签约单位数", "int", "个"),
        Col("signing_rate_reported", "签约率（报告所列）", "percent"),
        Col("signing_rate_computed", "签约率（签约÷任务）", "percent"),
        Col("persons_relocated", "动迁人数", "int", "人"), Col("buildings_demolished", "拆除栋数", "int", "栋"),
    ))

AREA = scoped_sheet(
    "面积", "征收、拆除与腾地面积，平方米与亩并列", "fct_area_cleared", (
        Col("land_cleared_mu", "腾地面积", "number", "亩"), Col("land_cleared_m2", "腾地面积", "number", "平方米"),
        Col("land_cleared_target_mu", "腾地目标（确保）", "number", "亩"),
        Col("land_cleared_target_stretch_mu", "腾地目标（力争）", "number", "亩"),
        Col("land_cleared_vs_target_pct", "腾地完成率", "percent"),
        Col("area_scope_m2", "征收面积", "number", "平方米"), Col("area_scope_mu", "征收面积", "number", "亩"),
        Col("area_demolished_m2", "拆除面积", "number", "平方米"),
    ))

PROBLEMS = Sheet(
    "问题文档", "被隔离、无法读取或有提示的文档，及其原因和人工确认命令", "dim_document, raw.validation_results, raw.problems",
    "文档 × 问题",
    "",  # built in Python from the report's problem query (one home for what a problem is)
    PLACE + (
        Col("file", "文件"), Col("status", "文档状态", "label"), Col("severity", "级别", "label"), Col("rule", "规则或原因"),
        Col("code", "规则代码"), Col("message", "说明"), Col("accepted", "已人工确认", "bool"),
        Col("accept", "人工确认入库的命令", note="核实后运行；仅对被隔离的现行文档给出"),
    ))

SHEETS: tuple[Sheet, ...] = (DISTRICT_YEAR, TREND, RANKING, BUDGET, HOUSEHOLDS, AREA, PROBLEMS)
