"""zhengchai.dbt.build over the hand-written raw layer of conftest.py: what analysts get."""

from __future__ import annotations

import json
import math
import os
import shutil

import pytest

from zhengchai.dbt import build, docs_generate
from zhengchai.extract.vocabulary import MEASURES
from zhengchai.land import ensure_schema
from zhengchai.warehouse import connect


def one(query, sql, params=None):
    rows = query(sql, params)
    assert len(rows) == 1, rows
    return rows[0]


def test_build_runs_models_data_tests_and_unit_tests(built_warehouse):
    _, result = built_warehouse
    assert result.success, result.summary()
    assert result.error is None
    assert result.models_failed == result.tests_failed == result.seeds_failed == 0
    assert result.failures == []
    assert result.models_passed >= 27
    assert result.seeds_passed == 2  # administrative_divisions and measures
    assert result.unit_tests_passed >= 7
    assert result.tests_passed > 100
    assert result.tests_warned == 0, [w.name for w in result.warnings]
    assert result.skipped == 0
    assert (result.target_path / "run_results.json").exists()
    assert os.environ.get("ZHENGCHAI_WAREHOUSE") is None


def test_fct_budget_has_the_reported_yuan(query):
    row = one(query, """
        select budget, funds_received, expenditure_basic, expenditure_project, balance_carried_in,
               balance_carried_out, expenditure_total, expenditure_total_source, execution_rate_computed,
               district, fiscal_year, doc_type
        from fct_budget where document_id = 'f2021'""")
    assert row[:6] == (27_536_500, 3_127_400, 2_058_200, 10_938_100, 9_868_900, 0)
    # no total printed: derived from basic + project, and flagged so
    assert row[6] == 12_996_300
    assert row[7] == "derived"
    assert row[8] == pytest.approx(47.1966)
    assert row[9:] == ("芙蓉区", 2021, "narrative_report")


def test_first_mention_of_a_repeated_figure_wins(query):
    assert one(query, "select budget from fct_budget where document_id = 'f2021'")[0] == 27_536_500
    mentions = query("select value, is_first_mention from fct_figure where document_id = 'f2021' "
                     "and measure = 'budget' order by fact_seq")
    assert mentions == [(27_536_500, True), (99_999_999, False)]


def test_execution_rate_reported_against_computed(query):
    rate, computed, gap, mismatch = one(query, """
        select execution_rate_reported, execution_rate_computed, execution_rate_gap, is_execution_rate_mismatch
        from fct_budget where document_id = 'f2019'""")
    assert (rate, computed, gap, mismatch) == (90, 90, 0, False)


def test_republished_report_replaces_not_doubles_its_year(query):
    rows = query("select document_id, budget from fct_budget where district = '芙蓉区' and fiscal_year = 2020")
    assert rows == [("f2020v2", 25_000_000)]
    assert one(query, "select budget, documents from mart_district_year "
                      "where district = '芙蓉区' and fiscal_year = 2020") == (25_000_000, 1)
    old = one(query, "select is_current, superseded_by, status, is_in_facts, version_number "
                     "from dim_document where document_id = 'f2020v1'")
    assert old == (False, "f2020v2", "ok", False, 1)
    assert query("select count(*) from fct_figure where document_id = 'f2020v1'") == [(0,)]
    # the district name was printed with a space in v2: still the same report and district
    assert one(query, "select version_number, is_current from dim_document where document_id = 'f2020v2'") == (2, True)


def test_narrative_and_form_of_one_year_are_both_current(query):
    rows = query("select document_id, is_current from dim_document where document_id in ('f2021', 'f2021t') "
                 "order by 1")
    assert rows == [("f2021", True), ("f2021t", True)]
    # both families report the budget: the district-year takes the narrative's, the form fills the rest
    budget, rate, score = one(query, "select budget, execution_rate, score_total from mart_district_year "
                                     "where district = '芙蓉区' and fiscal_year = 2021")
    assert budget == 27_536_500
    assert rate == pytest.approx(47.2)
    assert score == pytest.approx(92.5)


def test_quarantined_document_stays_out_of_facts_and_marts(query):
    status, reasons, in_facts = one(query, "select status, quarantine_reasons, is_in_facts "
                                           "from dim_document where document_id = 'w2020'")
    assert status == "quarantined"
    assert reasons == ["expenditure_breakdown_sum"]
    assert in_facts is False
    for table in ("fct_figure", "fct_budget", "fct_expenditure", "fct_performance_indicator",
                  "fct_self_evaluation_score", "fct_relocation_households", "fct_area_cleared"):
        assert query(f"select count(*) from {table} where document_id = 'w2020'") == [(0,)], table
    # still in raw and staging
    assert query("select count(*) from staging.stg_facts where document_id = 'w2020'") == [(4,)]
    # the year keeps its row, every measure null (not zero), flagged
    row = one(query, """
        select budget, expenditure_total, execution_rate, all_documents_quarantined, has_quarantined_document,
               documents, documents_loaded, quarantine_reasons
        from mart_district_year where district = '望城区' and fiscal_year = 2020""")
    assert row[:3] == (None, None, None)
    assert row[3:7] == (True, True, 1, 0)
    assert "expenditure_breakdown_sum" in row[7]


def test_accepted_document_is_loaded_and_flagged(query):
    assert one(query, "select status, accepted_rules, is_in_facts from dim_document "
                      "where document_id = 'w2021'") == ("accepted", ["funds_balance"], True)
    assert one(query, "select budget from fct_budget where document_id = 'w2021'") == (9_000_000,)
    row = one(query, """
        select budget, expenditure_total, execution_rate, execution_rate_computed, departments,
               has_accepted_document, has_quarantined_document
        from mart_district_year where district = '望城区' and fiscal_year = 2021""")
    # two departments: money summed, the land centre's printed rate is not the district's
    assert row == (10_000_000, 10_400_000, None, 104.0, 2, True, False)


def test_latest_validation_run_decides(query):
    assert one(query, "select status from dim_document where document_id = 'w2019'") == ("ok",)


def test_unreadable_file_is_failed_extraction_and_in_no_mart(query):
    assert one(query, "select status, problem_errors from dim_document where document_id = 'broken'") == (
        "failed_extraction", ["encrypted"])
    assert query("select count(*) from mart_district_year where list_contains(document_ids, 'broken')") == [(0,)]


def test_mart_district_year_rows(query):
    rows = query("select district, fiscal_year from mart_district_year order by district_code nulls last, 2")
    assert rows == [("芙蓉区", 2019), ("芙蓉区", 2020), ("芙蓉区", 2021),
                    ("望城区", 2019), ("望城区", 2020), ("望城区", 2021), ("江岸区", 2021)]
    assert query("select count(*) from fct_budget") == [(8,)]
    # silent reports stay null, not zero
    assert one(query, "select funds_received, households_signed from mart_district_year "
                      "where district = '望城区' and fiscal_year = 2019") == (None, None)


def test_trend_growth(query):
    rows = query("""
        select fiscal_year, value, yoy_change, yoy_growth_pct, cagr_to_date_pct, cagr_pct
        from mart_district_trend where district = '芙蓉区' and measure = 'budget' order by fiscal_year""")
    assert [r[:2] for r in rows] == [(2019, 20_000_000), (2020, 25_000_000), (2021, 27_536_500)]
    assert rows[0][2:5] == (None, None, None)
    assert rows[1][2:4] == (5_000_000, 25.0)
    assert rows[2][3] == pytest.approx((27_536_500 / 25_000_000 - 1) * 100, abs=1e-4)
    cagr = (math.sqrt(27_536_500 / 20_000_000) - 1) * 100
    assert all(r[5] == pytest.approx(cagr, abs=1e-4) for r in rows)
    # a gap year (2020 quarantined): no year-over-year figure, growth since 2019 over two years
    gap = one(query, """
        select previous_fiscal_year, yoy_growth_pct, growth_pct_since_previous, cagr_pct
        from mart_district_trend where district = '望城区' and measure = 'budget' and fiscal_year = 2021""")
    assert gap[:3] == (2019, None, 25.0)
    assert gap[3] == pytest.approx((math.sqrt(1.25) - 1) * 100, abs=1e-4)


def test_ranking(query):
    rows = query("""
        select district, rank, districts_ranked, rank_in_city from mart_district_ranking
        where measure = 'budget' and fiscal_year = 2021 order by rank""")
    assert rows == [("芙蓉区", 1, 3, 1), ("望城区", 2, 3, 2), ("江岸区", 3, 3, 1)]


def test_expenditure_by_category_and_class(query):
    rows = query("""
        select expenditure_class, category, amount_yuan, value_source from fct_expenditure
        where document_id = 'f2021' order by expenditure_class, category nulls first""")
    assert rows == [
        ("basic", None, 2_058_200, "reported"),
        ("basic", "城乡社区支出（行政运行）", 1_876_600, "reported"),
        ("basic", "社会保障和就业支出", 181_600, "reported"),
        ("project", None, 10_938_100, "reported"),
        ("project", "其他支出", 166_700, "reported"),
        ("project", "城乡社区支出（一般行政管理事务）", 10_771_500, "reported"),
        ("total", None, 12_996_300, "derived"),
    ]


def test_households_total_and_per_project(query):
    rows = query("""
        select scope, households_target, households_signed, units_signed, signing_rate_reported,
               signing_rate_computed, page
        from fct_relocation_households where document_id = 'f2021' order by scope nulls first""")
    assert rows[0][:4] == (None, 352, 306, 12)
    assert rows[0][5] == pytest.approx(306 / 352 * 100, abs=1e-4)
    assert rows[1][:5] == ("蔡锷中路两厢棚改项目（二期）", None, 295, None, 87)
    assert rows[2][:3] == ("袁家岭新华书店棚改项目", None, 11)
    assert all(r[6] == 2 for r in rows)


def test_area_in_m2_and_mu(query):
    row = one(query, """
        select land_cleared_m2, land_cleared_mu, land_cleared_target_mu, land_cleared_vs_target_pct
        from fct_area_cleared where document_id = 'w2021' and scope is null""")
    assert row[0] == pytest.approx(7_917_633.33)
    assert row[1] == pytest.approx(11_876.45, abs=1e-4)
    assert row[2] == pytest.approx(8_000, abs=1e-4)
    assert row[3] == pytest.approx(7_917_633.33 / 5_333_333.33 * 100, abs=1e-4)


def test_self_evaluation_score_and_indicators(query):
    row = one(query, """
        select score_total, score_budget_execution, indicator_count, indicator_weight_sum, indicator_score_sum,
               score_total_computed, score_gap, weight_total, grade
        from fct_self_evaluation_score where document_id = 'f2021t'""")
    assert row == (92.5, 8.5, 3, 90, 84, 92.5, 0, 100, "优")
    # the merged 一级指标 cell is filled down
    assert query("select level1 from fct_performance_indicator where document_id = 'f2021t' "
                 "order by indicator_seq") == [("产出指标",), ("产出指标",), ("效益指标",)]


def test_lineage_columns(query):
    page, text, lineage = one(query, "select page, source_text, lineage from fct_budget where document_id = 'f2019'")
    assert page == 1
    assert "f2019: budget 20000000" in text
    assert {item["measure"] for item in lineage} >= {"budget", "expenditure_total", "execution_rate"}
    assert query("select count(*) from fct_figure where page is null or source_text is null") == [(0,)]


def test_dim_district_seed_and_unknown_districts(query):
    changsha = query("select district_code, district from dim_district where city = '长沙市' order by 1")
    assert changsha == [("430102", "芙蓉区"), ("430103", "天心区"), ("430104", "岳麓区"), ("430105", "开福区"),
                        ("430111", "雨花区"), ("430112", "望城区"), ("430121", "长沙县"), ("430181", "浏阳市"),
                        ("430182", "宁乡市")]
    assert one(query, "select district, kind, is_known from dim_district where district_code = '500242'") == (
        "酉阳土家族苗族自治县", "自治县", True)
    assert one(query, "select is_known, kind, province from dim_district where district = '江岸区'") == (
        False, "区", "湖北省")
    # w2021 printed no district: resolved from its department's name
    assert one(query, "select district, district_code from dim_document where document_id = 'w2021'") == (
        "望城区", "430112")


def test_dim_department_and_fiscal_year(query):
    assert query("select department_kind, count(*) from dim_department group by 1 order by 1") == [
        ("house_expropriation", 3), ("land_acquisition", 1)]
    # printed with and without its city, one department, named by its fullest form
    assert query("select department, documents from dim_department where district = '芙蓉区'") == [
        ("长沙市芙蓉区城市房屋征收和补偿管理办公室", 5)]
    assert query("select fiscal_year, current_documents from dim_fiscal_year order by 1") == [
        (2019, 2), (2020, 2), (2021, 5)]


def test_dbt_vocabulary_matches_python_vocabulary(query):
    rows = query("select measure, unit, family from dim_measure order by sort_order")
    assert rows == [(m.name, m.unit, m.family) for m in MEASURES]


def test_marts_answer_by_plain_and_schema_name_even_after_a_rename(built_warehouse, query, tmp_path):
    assert query("select count(*) from marts.fct_budget") == query("select count(*) from fct_budget") == [(8,)]
    path, _ = built_warehouse
    moved = tmp_path / "published.duckdb"
    shutil.copy(path, moved)
    con = connect(moved, read_only=True)
    try:
        assert con.execute("select count(*) from marts.mart_district_year").fetchall() == [(7,)]
        assert con.execute("select count(*) from staging.stg_documents").fetchall() == [(11,)]
    finally:
        con.close()


def test_validation_after_the_build_quarantines_on_a_selective_rebuild(built_warehouse, tmp_path):
    """The checks run on the built warehouse; rebuilding from int_document_status applies their verdict."""
    path, _ = built_warehouse
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(path, copy)
    con = connect(copy)
    con.execute("insert into raw.validation_results values "
                "('r3', 'j2021', 'fiscal_year_range', 'error', false, '{}', 'year out of range', now())")
    con.close()
    again = build(copy, select="int_document_status+")
    assert again.success, again.summary()
    assert again.models_passed == 15  # int_document_status and the 14 models downstream of it
    con = connect(copy, read_only=True)
    try:
        assert con.execute("select count(*) from fct_budget where document_id = 'j2021'").fetchall() == [(0,)]
        assert con.execute("select budget, all_documents_quarantined from mart_district_year "
                           "where district = '江岸区'").fetchall() == [(None, True)]
    finally:
        con.close()


def test_docs_generate_documents_every_model_and_column(built_warehouse):
    path, _ = built_warehouse
    docs = docs_generate(path)
    assert docs.success, docs.summary()
    catalog = json.loads((docs.target_path / "catalog.json").read_text())
    manifest = json.loads((docs.target_path / "manifest.json").read_text())
    assert "model.zhengchai.fct_budget" in catalog["nodes"]
    assert (docs.target_path / "index.html").exists()
    # every model and every column it really has is documented
    undocumented = []
    for unique_id, node in catalog["nodes"].items():
        documented = manifest["nodes"][unique_id]
        if not documented.get("description"):
            undocumented.append(unique_id)
        undocumented += [f"{unique_id}.{c}" for c in node["columns"]
                         if not documented["columns"].get(c, {}).get("description")]
    assert undocumented == []


def test_failed_build_reports_instead_of_raising(tmp_path):
    empty = tmp_path / "empty.duckdb"
    connect(empty).close()  # no raw schema
    result = build(empty)
    assert not result.success
    assert result.failures or result.error
    assert result.models_failed + result.tests_failed + result.seeds_failed > 0 or result.error
    assert "FAILED" in result.summary()


def test_empty_raw_layer_builds_empty_marts(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    ensure_schema(con)
    con.close()
    result = build(path)
    assert result.success, result.summary()
    con = connect(path, read_only=True)
    try:
        assert con.execute("select count(*) from mart_district_year").fetchall() == [(0,)]
        assert con.execute("select count(*) from dim_district").fetchall()[0][0] >= 80  # the seed
    finally:
        con.close()


def test_odd_raw_rows_warn_but_do_not_stop_the_build(tmp_path):
    """A measure outside the vocabulary and a figure in the wrong unit are extraction bugs: warned, not fatal."""
    path = tmp_path / "warehouse.duckdb"
    con = connect(path)
    ensure_schema(con)
    con.execute("insert into raw.documents (document_id, district, city, province, department, fiscal_year, "
                "doc_type, parse_status, loaded_at) values ('d', '开福区', '长沙市', '湖南省', '开福区征地办', 2022, "
                "'narrative_report', 'parsed', now())")
    con.execute("insert into raw.facts (document_id, fact_seq, measure, value, unit, page, source_text) values "
                "('d', 0, 'budget', 2753.65, 'wan_yuan', 1, '预算2753.65万元'), "
                "('d', 1, 'graves_moved', 12, 'grave', 1, '迁坟12座')")
    con.close()
    result = build(path)
    assert result.success, result.summary()
    assert result.tests_failed == 0
    warned = {w.name for w in result.warnings}
    assert "assert_fact_units_match_vocabulary" in warned
    assert any(name.startswith("relationships_stg_facts_unit") for name in warned)
    assert any(name.startswith("relationships_stg_facts_measure") for name in warned)
    con = connect(path, read_only=True)
    try:
        assert con.execute("select measure from fct_figure order by fact_seq").fetchall() == [
            ("budget",), ("graves_moved",)]
        assert con.execute("select district_code from mart_district_year").fetchall() == [("430105",)]
    finally:
        con.close()
