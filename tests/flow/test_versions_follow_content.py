"""Versions follow content back and forth (issue 14 item 5): edit a report, run, restore the original,
run - the original is current again, because its content is the one in raw/ now, although its content
hash was already known (the file is 'unchanged', nothing is parsed again). The run's own steps, no Prefect."""

from __future__ import annotations

import pytest

from zhengchai.warehouse import connect

pytestmark = pytest.mark.slow

# Written for this test: one department's report for 2021, and the same report with its budget edited.
ORIGINAL = """长沙市雨花区房屋征收和补偿办公室
2021年度部门整体支出绩效自评报告
2021年，区征收办全年预算数为300万元，实际支出280万元，其中基本支出80万元，项目支出200万元。
全年签约住户95户。
"""
EDITED = ORIGINAL.replace("全年预算数为300万元", "全年预算数为310万元")


def current_budget(warehouse) -> list[tuple]:
    con = connect(warehouse, read_only=True)
    try:
        return con.execute("select budget from fct_budget where district = '雨花区' and fiscal_year = 2021").fetchall()
    finally:
        con.close()


def test_restoring_a_report_makes_its_original_content_current_again(tmp_path, run_steps):
    raw_dir, warehouse = tmp_path / "raw", tmp_path / "warehouse" / "warehouse.duckdb"
    report = raw_dir / "雨花区" / "yuhua-2021.txt"
    report.parent.mkdir(parents=True)
    warehouse.parent.mkdir()

    report.write_text(ORIGINAL, encoding="utf-8")
    run_steps(raw_dir, warehouse)
    assert current_budget(warehouse) == [(3_000_000,)]

    report.write_text(EDITED, encoding="utf-8")
    run_steps(raw_dir, warehouse)
    assert current_budget(warehouse) == [(3_100_000,)]

    report.write_text(ORIGINAL, encoding="utf-8")
    run_steps(raw_dir, warehouse)
    assert current_budget(warehouse) == [(3_000_000,)]
    con = connect(warehouse, read_only=True)
    try:
        assert con.execute("select count(*), count(*) filter (where is_current) from dim_document").fetchall() == [
            (2, 1)]
    finally:
        con.close()
