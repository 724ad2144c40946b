"""The funds block of a provincial form: under the total row, 按收入性质分 / 按支出性质分 and then
label | figure pairs side by side (funding sources left, spending classes right), not figures of
the header's columns. A form written for this test, as a tab-separated text export."""

from __future__ import annotations

from zhengchai.extract import extract_file
from zhengchai.read.text import split_tables

ROWS = [
    ["某某县征地服务中心2021年度部门整体支出绩效自评表"],
    ["年度部门整体支出预算执行情况（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "510", "640.8", "600.6", "10", "93.73%", "9.4"],
    ["", "按收入性质分", "", "", "", "按支出性质分", "", ""],
    ["", "其中：一般公共预算", "240.8", "", "", "其中：基本支出", "180.2", ""],
    ["", "政府性基金拨款", "400", "", "", "项目支出", "420.4", ""],
]


def test_a_row_of_labels_under_figures_is_a_row_of_its_own():
    _, tables = split_tables(["\t".join(r) for r in ROWS[1:5]])
    rows = tables[0].rows
    assert rows[1][5] == "10" and rows[2][5] == "按支出性质分"  # not "10按支出性质分"


def test_side_by_side_pairs_under_the_total_row(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text("\n".join("\t".join(r) for r in ROWS), encoding="utf-8")
    facts = {(f.measure, round(f.value, 2), f.scope) for f in extract_file(path).facts}
    assert {("budget_initial", 5_100_000, None), ("budget", 6_408_000, None), ("expenditure_total", 6_006_000, None),
            ("weight_budget_execution", 10, None), ("execution_rate", 93.73, None),
            ("score_budget_execution", 9.4, None),
            ("budget", 2_408_000, "一般公共预算"), ("budget", 4_000_000, "政府性基金拨款"),
            ("expenditure_basic", 1_802_000, None), ("expenditure_project", 4_204_000, None)} <= facts
    # the pairs' figures are not the columns' above them (年初预算数, 执行率)
    assert not {f for f in facts if f[0] in ("budget_initial", "execution_rate") and f[2] is not None}
    assert not {f for f in facts if f[0] == "execution_rate" and f[1] > 100}
