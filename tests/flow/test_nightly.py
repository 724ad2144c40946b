"""The nightly flow end to end into a temporary warehouse: real Prefect, real dbt, real GX.

One session-scoped run serves the first tests; later tests add files and run again, in order.
"""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.slow


def query(settings, sql: str, params=()):
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_first_run_loads_the_seed_figures_in_yuan(flow_workspace, first_run):
    settings, _ = flow_workspace
    assert first_run["documents_parsed"] == 3
    row = query(settings, """select budget, funds_received, expenditure_total, expenditure_basic,
                                    expenditure_project, balance_carried_in, balance_carried_out
                             from fct_budget where district = '芙蓉区' and fiscal_year = 2021""")
    assert row == [(27_536_500, 3_127_400, 12_996_400, 2_058_200, 10_938_100, 9_868_900, 0)]
    row = query(settings, """select budget, expenditure_total, execution_rate_reported
                             from fct_budget where district = '望城区' and fiscal_year = 2020""")
    assert row == [(8_200_000, 8_519_200, 104.0)]


def test_the_flow_run_is_named_after_the_warehouse_run_and_returns_its_summary(flow_workspace, first_run):
    settings, _ = flow_workspace
    run_ids = [r[0] for r in query(settings, "select run_id from raw.runs where status = 'published'")]
    assert first_run["run_id"] in run_ids
    assert first_run["flow_run_name"] == f"nightly-{first_run['run_id']}"
    assert first_run["text"].startswith(f"zhengchai run {first_run['run_id']}")


def test_every_number_is_traceable_to_file_page_and_text(flow_workspace, first_run):
    settings, _ = flow_workspace
    rows = query(settings, """select d.source_path, f.page, f.source_text from raw.facts f
                              join raw.documents d using (document_id)
                              where f.measure = 'compensation_paid'""")
    assert len(rows) == 1
    path, page, text = rows[0]
    assert path.endswith("furong_2021_zhengshouban_report.pdf") and page == 6 and "4.36亿元" in text


def test_mart_has_a_row_per_district_year(flow_workspace, first_run):
    settings, _ = flow_workspace
    rows = query(settings, "select district, fiscal_year from mart_district_year order by 1, 2")
    assert rows == [("开福区", 2022), ("望城区", 2020), ("芙蓉区", 2021)]
    households = query(settings, "select households_signed from mart_district_year where district = '望城区'")
    assert households == [(1326,)]


def test_a_broken_identity_is_quarantined_with_its_reason(flow_workspace, first_run):
    settings, _ = flow_workspace
    assert any(path.endswith("kaifu-2022.txt") and rule == "expenditure_identity"
               for path, rule, _ in first_run["quarantined"])
    status = query(settings, "select status, quarantine_reasons from dim_document where file_name = 'kaifu-2022.txt'")
    assert status == [("quarantined", ["expenditure_identity"])]
    # its figures stay in raw, and stay out of the facts and marts
    assert query(settings, """select count(*) from raw.facts join raw.documents using (document_id)
                              where file_name = 'kaifu-2022.txt'""")[0][0] > 0
    assert query(settings, "select count(*) from fct_budget where district = '开福区'")[0][0] == 0
    assert query(settings, "select budget from mart_district_year where district = '开福区'") == [(None,)]


def test_a_second_run_with_nothing_new_parses_nothing(flow_workspace, first_run):
    from flows.nightly import run

    settings, _ = flow_workspace
    report = settings.warehouse.parent / "report" / "index.html"
    written = report.stat().st_mtime_ns
    again = run(settings)
    assert again["documents_parsed"] == 0
    assert query(settings, "select count(*) from raw.documents")[0][0] == 3
    assert query(settings, "select count(*) from mart_district_year")[0][0] == 3
    # nothing the report shows changed: it is kept, not rewritten
    assert report.stat().st_mtime_ns == written and again["report"] == str(report)


def test_adding_one_file_parses_exactly_one(flow_workspace, first_run, extra_report):
    from flows.nightly import run

    settings, _ = flow_workspace
    folder = settings.raw_dir / "雨花区" / "2021"
    folder.mkdir(parents=True)
    (folder / "yuhua-2021.txt").write_text(extra_report, encoding="utf-8")
    result = run(settings)
    assert result["documents_parsed"] == 1
    assert query(settings, "select expenditure_total from fct_budget where district = '雨花区'") == [(2_800_000,)]


def test_the_readme_queries_run(flow_workspace, first_run):
    """Every SQL statement in the README's Querying section runs against a built warehouse."""
    import re
    from pathlib import Path

    settings, _ = flow_workspace
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    statements = [s.strip() for b in blocks for s in b.split(";") if s.strip() and not s.strip().startswith("--")
                  or re.search(r"^\s*select", s, flags=re.M)]
    assert len(statements) >= 4
    for sql in statements:
        query(settings, sql)
    compensation = query(settings, "select f.page from raw.facts f where f.measure = 'compensation_paid'")
    assert compensation == [(6,)]


def test_readme_queries_give_the_seed_answers(flow_workspace, first_run):
    """The analyst queries of the README, on the two seed reports."""
    settings, _ = flow_workspace
    mismatch = query(settings, """select district, fiscal_year, execution_rate_reported, round(execution_rate_computed, 2)
                                  from fct_budget where is_execution_rate_mismatch""")
    assert mismatch == [("望城区", 2020, 104.0, 103.89)]
    projects = query(settings, """select scope, households_signed, units_signed, signing_rate_reported
                                  from fct_relocation_households where district = '芙蓉区' and not is_total
                                  order by households_signed desc""")
    assert sorted(projects) == sorted([("蔡锷中路两厢棚改项目（二期）", 295, 10, 87.0),
                                       ("袁家岭新华书店棚改项目", 11, 1, 80.0), ("司法强征对象", 16, None, None)])
    totals = query(settings, """select households_target, households_signed, units_target, units_signed
                                from fct_relocation_households where district = '芙蓉区' and is_total""")
    assert totals == [(352, 306, 14, 12)]
    land = query(settings, """select round(land_cleared_mu, 2), round(land_cleared_target_mu, 2)
                              from fct_area_cleared where district = '望城区' and is_total""")
    assert land == [(11876.45, 8000.0)]
