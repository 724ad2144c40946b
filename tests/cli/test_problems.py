"""`zhengchai problems` and `accept` on the small warehouse of conftest.py (issue 11, section 4)."""

from __future__ import annotations

import pytest

from zhengchai.cli import main

pytestmark = pytest.mark.slow


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def entries(out: str) -> list[str]:
    """The head lines of the listing (state, district, year, file); problems are indented under them."""
    return [line for line in out.splitlines() if line and not line.startswith(" ") and not line.startswith("(")]


def test_an_unknown_district_is_refused_with_close_names(cli_warehouse, capsys):
    code, out, err = cli(capsys, "problems", "--warehouse", str(cli_warehouse), "--district", "开福")
    assert code == 2 and out == ""
    assert "no district named '开福'" in err and "开福区" in err


def test_a_known_district_without_problems_is_not_an_error(cli_warehouse, capsys):
    code, out, _ = cli(capsys, "problems", "--warehouse", str(cli_warehouse), "--district", "芙蓉区")
    assert code == 0 and "no problems recorded" in out


def test_a_file_that_is_not_a_report_is_listed_under_the_district_of_its_folder(cli_warehouse, capsys):
    code, out, _ = cli(capsys, "problems", "--warehouse", str(cli_warehouse), "--district", "望城区")
    assert code == 0
    assert entries(out) == ["not loaded   望城区 2023  望城区/2023/notice.txt"]
    assert "not_a_report" in out


def test_the_duplicate_line_names_the_copy_and_its_original(cli_warehouse, capsys):
    code, out, _ = cli(capsys, "problems", "--warehouse", str(cli_warehouse), "--district", "雨花区")
    assert code == 0
    assert "duplicate    雨花区 2021  雨花区/2021/yuhua-2021-copy.txt" in entries(out)
    assert "same content as 雨花区/2021/yuhua-2021.txt" in out


def test_a_quarantined_document_with_a_warning_is_shown_once_with_its_state(cli_warehouse, capsys):
    code, out, _ = cli(capsys, "problems", "--warehouse", str(cli_warehouse), "--district", "开福区")
    assert code == 0
    assert entries(out) == ["quarantined  开福区 2022  开福区/2022/kaifu-2022.txt"]
    assert "expenditure_identity" in out and "execution_rate_matches" in out
    assert out.count("zhengchai accept") == 1


def test_all_adds_the_loaded_documents_warnings(cli_warehouse, capsys):
    _, default, _ = cli(capsys, "problems", "--warehouse", str(cli_warehouse))
    _, everything, _ = cli(capsys, "problems", "--warehouse", str(cli_warehouse), "--all")
    assert not any(e.startswith(("loaded", "superseded")) for e in entries(default))
    assert "--all lists them" in default
    added = set(entries(everything)) - set(entries(default))
    assert "loaded       雨花区 2021  雨花区/2021/yuhua-2021.txt" in added
    assert "superseded   雨花区 2021  雨花区/2021/yuhua-2021.txt" in added


def test_accept_refuses_a_superseded_version_and_names_the_current_one(cli_warehouse, capsys):
    import duckdb

    con = duckdb.connect(str(cli_warehouse), read_only=True)
    try:
        old, current = (con.execute(
            "select document_id from raw.document_versions join raw.documents using (document_id) "
            "where district = '雨花区' and is_current = ? ", [flag]).fetchone()[0] for flag in (False, True))
        failed = con.execute("select rule from raw.quarantine where document_id = ?", [old]).fetchall()
    finally:
        con.close()
    assert failed == [("expenditure_identity",)]  # the old version did fail what we try to accept
    code, out, err = cli(capsys, "accept", old, "--rule", "expenditure_identity", "--reason", "checked",
                         "--warehouse", str(cli_warehouse))
    assert code == 2 and out == ""
    assert "superseded" in err and current[:12] in err and "雨花区/2021/yuhua-2021.txt" in err


def test_the_run_summary_queries_start_from_the_district_year_mart_and_run(cli_warehouse):
    """The first query a new analyst copies counts each district-year once; per-document rows show doc_type."""
    import duckdb

    from zhengchai.summary import EXAMPLE_QUERIES

    assert "from mart_district_year" in EXAMPLE_QUERIES[0][1]
    con = duckdb.connect(str(cli_warehouse), read_only=True)
    try:
        for _, sql in EXAMPLE_QUERIES:
            if "from fct_budget" in sql:
                assert "doc_type" in sql
            con.execute(sql).fetchall()
    finally:
        con.close()
