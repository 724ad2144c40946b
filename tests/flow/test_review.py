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


# -- accept as strong as a run (issue 14, item 9) --------------------------------------------------------

def test_a_second_acceptance_of_the_same_rule_keeps_the_first(flow_workspace, first_run, capsys):
    settings, _ = flow_workspace
    code, out, _ = run_cli(capsys, "accept", "kaifu-2022.txt", "--rule", "expenditure_identity",
                           "--reason", "a later, different reason", "--by", "auditor-2",
                           "--warehouse", str(settings.warehouse))
    assert code == 0 and "the first acceptance stands" in out
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        assert con.execute("select reason, accepted_by from raw.acceptances").fetchall() == [
            ("checked against the final accounts", "auditor-1")]
        assert con.execute("select reason, accepted_by from raw.acceptance_history order by accepted_at").fetchall() == [
            ("checked against the final accounts", "auditor-1"), ("a later, different reason", "auditor-2")]
    finally:
        con.close()


@pytest.mark.parametrize("field, value", [("--reason", "line one\nline two"), ("--reason", "ok \x1b[2J\x1b[H"),
                                          ("--by", "me\r"), ("--by", "admin\u202e"), ("--reason", "tab\there")])
def test_an_acceptance_refuses_control_and_escape_characters(flow_workspace, first_run, capsys, field, value):
    settings, _ = flow_workspace
    before = settings.warehouse.read_bytes()
    args = {"--reason": "fine", "--by": "auditor-3", field: value}
    code, _, err = run_cli(capsys, "accept", "kaifu-2022.txt", "--rule", "expenditure_identity",
                           "--reason", args["--reason"], "--by", args["--by"], "--warehouse", str(settings.warehouse))
    assert code == 2 and f"{field} must be one line of plain text" in err
    assert settings.warehouse.read_bytes() == before


def test_an_acceptance_that_fails_the_post_build_checks_publishes_nothing(flow_workspace, first_run, capsys,
                                                                          monkeypatch):
    from zhengchai.check import published

    settings, _ = flow_workspace
    before = settings.warehouse.read_bytes()
    monkeypatch.setattr(published, "check_published", lambda con: ["a quarantined document reached fct_budget"])
    with pytest.raises(RuntimeError, match="warehouse checks failed after the acceptance"):
        main(["accept", "kaifu-2022.txt", "--rule", "expenditure_identity", "--reason", "third",
              "--warehouse", str(settings.warehouse)])
    assert settings.warehouse.read_bytes() == before
    assert not list((settings.warehouse.parent / ".build").glob("accept-*"))
