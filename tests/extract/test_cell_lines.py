"""A form exported one cell per line whose funds block lists its column labels first and then each
row's values: the cell-per-line reader (cell_lines.py) rebuilds the table and the ruled-form reader
reads it; the flattened-form reader reads the same header row from its words. A form written for
this test, not copied from a report."""

from __future__ import annotations

from zhengchai.extract import extract_document
from zhengchai.extract.form_tokens import read_flat_form
from zhengchai.read.model import Document, Page

FORM = "\n".join([
    "某某区征地拆迁办公室2022年度部门整体支出绩效自评表",
    "资金情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
    "年度资金总额", "640.00", "702.50", "688.45", "10", "98.00%", "9.80",
    "一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分",
    "产出指标", "数量指标", "征收土地面积", "≥500亩", "523亩", "30", "30",
    "时效指标", "补偿款发放及时率", "100%", "100%", "30", "28",
    "满意度指标", "服务对象满意度指标", "被征地农户满意度", "≥90%", "93%", "30", "29",
    "总分", "100", "96.80",
])


def test_the_funds_block_of_a_cell_per_line_export():
    doc = Document(source="form.txt", sha256="0" * 64, format="txt", pages=(Page(number=None, text=FORM),))
    result = extract_document(doc, this_year=2026)
    facts = {(f.measure, round(f.value, 2)) for f in result.facts}
    assert {("budget_initial", 6_400_000), ("budget", 7_025_000), ("expenditure_total", 6_884_500),
            ("execution_rate", 98.0), ("weight_budget_execution", 10), ("score_budget_execution", 9.8),
            ("score_total", 96.8)} <= facts
    assert [(i.level2, i.level3, i.weight, i.score) for i in result.indicators] == [
        ("数量指标", "征收土地面积", 30, 30), ("时效指标", "补偿款发放及时率", 30, 28),
        ("服务对象满意度指标", "被征地农户满意度", 30, 29)]


def test_the_flattened_form_reader_reads_labels_listed_before_their_values_alike():
    """The flattened-form reader takes the labels, the total row's label and one value per label
    as the header row it was: the same funds figures as the rebuilt table."""
    facts = {(f.measure, round(f.value, 2)) for f in read_flat_form(FORM).facts}
    assert {("budget_initial", 6_400_000), ("budget", 7_025_000), ("expenditure_total", 6_884_500),
            ("execution_rate", 98.0), ("weight_budget_execution", 10), ("score_budget_execution", 9.8)} <= facts
