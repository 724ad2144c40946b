"""Tables inside reports and forms, read as a person reads them: rows of projects by measure,
三公 tables beside last year's, income beside spending, a unit stated outside the table, a goal
and its result in one cell. Tables written for these tests; none is copied from a real report."""

from __future__ import annotations

from zhengchai.extract import extract_document
from zhengchai.read.model import Document, Page, Table

TITLE = "某市某某区房屋征收管理办公室2023年度部门整体支出绩效自评报告"


def extract(text: str, *tables: tuple[tuple[str | None, ...], ...]) -> set[tuple]:
    page = Page(number=1, text=f"{TITLE}\n{text}", tables=tuple(Table(rows=rows, page=1) for rows in tables))
    doc = Document(source="t.docx", sha256="0" * 64, format="docx", pages=(page,))
    return {(f.measure, round(f.value, 2), f.scope) for f in extract_document(doc, this_year=2026).facts}


def test_a_table_of_projects_by_measure():
    got = extract("各项目情况见下表：", (
        ("项目名称", "征收任务", "已签约户数", "拨付补偿款（万元）"),
        (None, "户数/面积（平方米）", None, None),
        ("东街片区改造", "146户/23,815.60平方米", "139户", "8,654.20"),
        ("西河路拓宽", "41户/9,186.37平方米", "41户", "2,104.38"),
        ("合计", "187户/33,001.97平方米", "180户", "10,758.58"),
    ))
    assert {("households_target", 146, "东街片区改造"), ("households_signed", 139, "东街片区改造"),
            ("area_scope", 23815.6, "东街片区改造"), ("compensation_paid", 86_542_000, "东街片区改造"),
            ("households_signed", 180, None), ("compensation_paid", 107_585_800, None)} <= got


def test_a_projects_money_table_gives_project_spending_and_not_the_departments_totals():
    got = extract("全年预算2.35亿元，实际支出2.2867亿元。项目支出明细如下：", (
        ("项目名称", "预算数（万元）", "支出数（万元）", "执行率"),
        ("北岸片区征收补偿", "12,600.00", "12,318.45", "97.77%"),
        ("征收工作经费", "2,400.00", "2,265.50", "94.40%"),
        ("合计", "15,000.00", "14,583.95", "97.23%"),
    ))
    assert ("expenditure_project", 123_184_500, "北岸片区征收补偿") in got
    assert ("budget", 235_000_000, None) in got and ("expenditure_total", 228_670_000, None) in got
    assert not {("budget", 150_000_000, None), ("expenditure_total", 145_839_500, None)} & got


def test_a_sangong_table_leaves_out_last_years_columns():
    got = extract("“三公”经费情况如下（单位：万元）：", (
        ("项目", "2023年预算", "2023年决算", "2022年决算", "比上年增减"),
        ("公务用车购置及运行维护费", "6.00", "4.85", "5.32", "-0.47"),
        ("公务接待费", "1.50", "0.62", "0.80", "-0.18"),
        ("合计", "7.50", "5.47", "6.12", "-0.65"),
    ))
    assert {("sangong_budget", 60_000, "公务用车购置及运行维护费"), ("sangong_actual", 48_500, "公务用车购置及运行维护费"),
            ("sangong_budget", 75_000, None), ("sangong_actual", 54_700, None)} <= got
    assert not any(value in (53_200, 61_200, 8_000) for _, value, _ in got)


def test_income_beside_spending():
    got = extract("收支情况（单位：万元）：", (
        ("项目", "金额", "项目", "金额"),
        ("本年收入合计", "2,166.50", "本年支出合计", "2,142.20"),
        ("年初结转和结余", "32.40", "年末结转和结余", "56.70"),
        ("收入总计", "2,198.90", "支出总计", "2,198.90"),
    ))
    assert {("funds_received", 21_665_000, None), ("expenditure_total", 21_422_000, None),
            ("balance_carried_in", 324_000, None), ("balance_carried_out", 567_000, None)} <= got
    assert ("expenditure_total", 21_989_000, None) not in got  # 支出总计 adds the balance carried out


def test_a_unit_stated_beside_the_form_and_scores_in_one_cell():
    got = extract("部门名称：某区房屋征收局 单位：元", (
        ("资金情况", "项目", "全年预算数", "全年执行数", "执行率", "分值/得分"),
        (None, "合计", "6,382,450.00", "6,105,327.86", "95.66%", "20/19.13"),
    ))
    assert {("budget", 6_382_450, None), ("expenditure_total", 6_105_327.86, None),
            ("weight_budget_execution", 20, None), ("score_budget_execution", 19.13, None)} <= got


def test_goal_and_result_in_one_cell():
    got = extract("", (
        ("年度目标完成情况", "年初目标：征地1200亩以上，拆迁房屋450户，纳入社保不少于2000人。"
                      "完成情况：全年拆迁房屋432户，2,156名被征地农民纳入社保。"),
    ))
    assert {("households_target", 450, None), ("households_signed", 432, None),
            ("social_security_enrolled", 2156, None)} <= got
    assert ("social_security_enrolled", 2000, None) not in got and ("households_signed", 450, None) not in got
