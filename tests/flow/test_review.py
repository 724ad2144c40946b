"""What analysts do with a built warehouse: list problems, accept a document, export, query.
Runs after test_nightly.py on the same session warehouse (it changes it: an acceptance)."""

from __future__ import annotations

import duckdb
import pytest

from zhengchai.cli import main

pytestmark = pytest.mark.slow


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_problems_lists_the_quarantined_document_and_how_to_accept_it(flow_workspace, first_run, capsys):
    settings, _ = flow_workspace
    code, out, _ = run_cli(capsys, "problems", "--warehouse", str(settings.warehouse), "--district", "开福区")
    assert code == 0
    assert "quarantined" in out and "expenditure_identity" in out and "kaifu-2022.txt" in out
    assert "zhengchai accept" in out


def test_query_is_read_only(flow_workspace, first_run, capsys):
    settings, _ = flow_workspace
    code, _, err = run_cli(capsys, "query", "create table intruder (a int)", "--warehouse", str(settings.warehouse))
    assert code == 1 and "read-only" in err.lower()
    code, out, _ = run_cli(capsys, "query", "select count(*) as n from dim_district where district = '芙蓉区'",
                           "--warehouse", str(settings.warehouse), "--csv")
    assert code == 0 and out.splitlines() == ["n", "1"]


def test_export_writes_every_mart(flow_workspace, first_run, tmp_path, capsys):
    settings, _ = flow_workspace
    for fmt in ("parquet", "csv", "xlsx"):
        code, out, _ = run_cli(capsys, "export", "--format", fmt, "--out", str(tmp_path / fmt),
                               "--warehouse", str(settings.warehouse))
        assert code == 0
    parquet = tmp_path / "parquet" / "mart_district_year.parquet"
    rows = duckdb.sql(f"select count(*) from '{parquet}'").fetchall()[0][0]
    assert rows >= 3
    csv = (tmp_path / "csv" / "fct_budget.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbfbudget_key,")  # a BOM for Excel
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "xlsx" / "zhengchai.xlsx", read_only=True)
    assert {"说明", "区县年度", "预算执行", "问题文档"} <= set(book.sheetnames)


def test_accept_needs_a_rule_the_document_failed(flow_workspace, first_run, capsys):
    settings, _ = flow_workspace
    code, _, err = run_cli(capsys, "accept", "kaifu-2022.txt", "--rule", "score_sum", "--reason", "x",
                           "--warehouse", str(settings.warehouse))
    assert code == 2 and "expenditure_identity" in err


def test_an_accepted_document_reaches_the_marts_and_the_decision_is_kept(flow_workspace, first_run, capsys):
    settings, _ = flow_workspace
    code, out, _ = run_cli(capsys, "accept", "kaifu-2022.txt", "--rule", "expenditure_identity",
                           "--reason", "checked against the final accounts", "--by", "auditor-1",
                           "--warehouse", str(settings.warehouse))
    assert code == 0 and "accepted" in out
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        assert con.execute("select rule, reason, accepted_by from raw.acceptances").fetchall() == [
            ("expenditure_identity", "checked against the final accounts", "auditor-1")]
        assert con.execute("select status from dim_document where file_name = 'kaifu-2022.txt'").fetchall() == [
            ("accepted",)]
        assert con.execute("select budget, expenditure_total from fct_budget where district = '开福区'").fetchall() == [
            (5_200_000, 4_800_000)]
        assert con.execute("select has_accepted_document from mart_district_year where district = '开福区'"
                           ).fetchall() == [(True,)]
    finally:
        con.close()
