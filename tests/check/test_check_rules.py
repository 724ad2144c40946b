"""Each rule of expectations/rules.yml: a planted violation fails it with its severity, the clean
document passes it. One corpus, validated once: every planted document has its own department."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from zhengchai.check import check_warehouse, load_rules

W = 10_000
CURRENT_YEAR = 2025
PLANTED = [
    "expenditure_identity", "funds_identity", "breakdown_within_total", "breakdown_equals_total",
    "execution_rate_matches", "over_budget", "score_within_weight", "score_within_weight_budget_row",
    "score_sum", "weight_sum", "signed_within_target", "units_signed_within_target", "target_lost_wan",
    "target_lost_wan_households", "fiscal_year_range_old", "fiscal_year_range_future",
    "fiscal_year_range_missing", "non_negative", "has_provenance_text", "has_provenance_pdf_page",
    "has_provenance_page_out_of_range", "clean_pdf", "one_current_document_a", "one_current_document_b",
]


def _planted(zc):
    """name -> (extraction, the rules it must fail)."""
    c, f = zc.clean_document, zc.with_fact
    ind = zc.indicator
    p = {}
    p["expenditure_identity"] = (f(c(), "expenditure_project", 800 * W), {"expenditure_identity"})
    p["funds_identity"] = (f(c(), "balance_carried_out", 50 * W), {"funds_identity"})
    # parts 3 + 2 = 5万 of a 4万 total, listed without 其中 (not claimed complete)
    p["breakdown_within_total"] = (
        f(c(), "sangong_actual", 2 * W, scope="公务用车运行费", text="公务用车运行费2万元"),
        {"breakdown_within_total"})
    # 其中 lists 120 + 70 = 190 of 200
    p["breakdown_equals_total"] = (f(c(), "expenditure_basic", 70 * W, scope="公用经费"),
                                   {"breakdown_equals_total"})
    p["execution_rate_matches"] = (f(c(), "execution_rate", 99.5), {"execution_rate_matches"})
    over = c()
    for m, v in [("expenditure_total", 1050 * W), ("expenditure_project", 850 * W),
                 ("funds_received", 970 * W), ("execution_rate", 105.0)]:
        over = f(over, m, v)
    p["over_budget"] = (over, {"over_budget"})
    p["score_within_weight"] = (replace(c(), indicators=(ind(50, 45), ind(40, 41))), {"score_within_weight"})
    # the budget-execution row of the form counts too: 11 of 10 (scores still add up to 95)
    p["score_within_weight_budget_row"] = (
        replace(f(c(), "score_budget_execution", 11), indicators=(ind(50, 48), ind(40, 36))),
        {"score_within_weight"})
    p["score_sum"] = (f(c(), "score_total", 97), {"score_sum"})
    p["weight_sum"] = (replace(c(), indicators=(ind(50, 48), ind(45, 38))), {"weight_sum"})
    p["signed_within_target"] = (f(c(), "households_signed", 120), {"signed_within_target"})
    p["units_signed_within_target"] = (f(c(), "units_signed", 12), {"units_signed_within_target"})
    # 腾地 target of 30 m² for 5000 m² cleared: a 166× ratio
    p["target_lost_wan"] = (f(c(), "land_cleared_target", 30), {"target_lost_wan"})
    # a household target that lost its 万 breaks signed <= target as well
    p["target_lost_wan_households"] = (
        f(f(c(), "households_target", 1.2), "households_signed", 11800),
        {"target_lost_wan", "signed_within_target"})
    p["fiscal_year_range_old"] = (c(fiscal_year=2005), {"fiscal_year_range"})
    p["fiscal_year_range_future"] = (c(fiscal_year=CURRENT_YEAR + 1), {"fiscal_year_range"})
    p["fiscal_year_range_missing"] = (c(fiscal_year=None), {"fiscal_year_range"})
    p["non_negative"] = (f(c(), "persons_relocated", -5), {"non_negative"})
    p["has_provenance_text"] = (f(c(), "households_signed", 90, text=""), {"has_provenance"})
    def pdf():
        x = c(fmt="pdf", pages=3)
        return replace(x, facts=tuple(replace(fact, page=1) for fact in x.facts))

    p["has_provenance_pdf_page"] = (f(pdf(), "households_signed", 90, page=None), {"has_provenance"})
    p["has_provenance_page_out_of_range"] = (f(pdf(), "households_signed", 90, page=9), {"has_provenance"})
    p["clean_pdf"] = (pdf(), set())
    # two versions of one report, same date, same run, different figures: nobody can tell
    # which supersedes the other, so both are quarantined
    a = c(department="长沙市冲突区征收办", report_date="2022-03-01")
    b = f(c(department="长沙市冲突区征收办", report_date="2022-03-01"), "budget", 1001 * W)
    b = f(b, "execution_rate", 97.9)
    p["one_current_document_a"] = (a, {"one_current_document"})
    p["one_current_document_b"] = (b, {"one_current_document"})
    return p


@pytest.fixture(scope="module")
def corpus(zc, tmp_path_factory):
    con = zc.new_db(tmp_path_factory.mktemp("rules") / "w.duckdb")
    planted = _planted(zc)
    clean = zc.clean_document(name="clean")
    zc.land(con, [clean, *(x for x, _ in planted.values())], "run-rules")
    report = check_warehouse(con, "run-rules", current_year=CURRENT_YEAR)
    yield con, report, clean, planted
    con.close()


def failed_rules(report, document_id):
    return {o.rule for o in report.outcomes if o.document_id == document_id and not o.passed}


def test_every_rule_has_a_planted_violation(corpus):
    _, _, _, planted = corpus
    assert list(planted) == PLANTED
    assert len({x.sha256 for x, _ in planted.values()}) == len(planted)
    covered = set().union(*(rules for _, rules in planted.values()))
    assert covered == set(load_rules().rules)


def test_clean_document_passes_and_exercises_every_rule(corpus):
    _, report, clean, _ = corpus
    outcomes = [o for o in report.outcomes if o.document_id == clean.sha256]
    assert {o.rule for o in outcomes} == set(load_rules().rules)
    assert [o.rule for o in outcomes if not o.passed] == []
    assert [o.rule for o in outcomes if o.skipped] == []
    assert clean.sha256 not in report.quarantined


@pytest.mark.parametrize("name", PLANTED)
def test_planted_violation_fails_exactly_its_rules(corpus, name):
    _, report, _, planted = corpus
    x, expected = planted[name]
    assert failed_rules(report, x.sha256) == expected
    rules = load_rules().rules
    for o in report.outcomes:
        if o.document_id == x.sha256 and not o.passed:
            assert o.severity == rules[o.rule].severity
            assert o.message and o.observed
    errors = {r for r in expected if rules[r].severity == "error"}
    assert (x.sha256 in report.quarantined) == bool(errors)


def test_severities(corpus):
    rules = load_rules().rules
    warnings = {r for r, rule in rules.items() if rule.severity == "warning"}
    assert warnings == {"execution_rate_matches", "over_budget", "breakdown_equals_total"}


def test_observed_values_explain_the_failure(corpus):
    _, report, _, planted = corpus
    o = report.outcome(planted["expenditure_identity"][0].sha256, "expenditure_identity")
    assert o.observed["expenditure_gap"] == 20 * W
    assert o.observed["expenditure_project"] == 800 * W
    o = report.outcome(planted["target_lost_wan_households"][0].sha256, "target_lost_wan")
    pair = next(p for p in o.observed["lost_wan_pairs"] if p["result"] == "households_signed")
    assert pair["target_value"] == 1.2 and pair["ratio"] > 100
    o = report.outcome(planted["non_negative"][0].sha256, "non_negative")
    assert [i["measure"] for i in o.observed["failed"]] == ["persons_relocated"]
    assert o.observed["failed"][0]["value"] == -5
    o = report.outcome(planted["breakdown_within_total"][0].sha256, "breakdown_within_total")
    item = o.observed["failed"][0]
    assert item["measure"] == "sangong_actual" and item["excess"] == 1 * W
    assert sorted(p["scope"] for p in item["parts"]) == ["公务接待费", "公务用车运行费"]
    o = report.outcome(planted["one_current_document_a"][0].sha256, "one_current_document")
    # 98.0% vs 97.9%: within the rate tolerance, not a conflict
    assert {c["measure"] for c in o.observed["conflicts"]} == {"budget"}
    assert o.observed["tied_with"] == [planted["one_current_document_b"][0].sha256]


def test_results_land_in_raw_validation_results(corpus):
    con, report, clean, planted = corpus
    rows = con.execute("select run_id, document_id, rule, severity, passed, observed, message "
                       "from raw.validation_results").fetchall()
    docs = con.execute("select count(*) from raw.documents").fetchone()[0]
    assert len(rows) == docs * len(load_rules().rules) == len(report.outcomes)
    assert {r[0] for r in rows} == {"run-rules"}
    by_key = {(r[1], r[2]): r for r in rows}
    assert len(by_key) == len(rows)  # one row per (document, rule)
    row = by_key[(planted["funds_identity"][0].sha256, "funds_identity")]
    assert row[3] == "error" and row[4] is False
    observed = json.loads(row[5])
    assert observed["funds_gap"] == -30 * W and observed["balance_carried_out"] == 50 * W
    assert "balance_carried_out" in row[6]
    assert all(json.loads(r[5]) is not None for r in rows)
    assert by_key[(clean.sha256, "funds_identity")][4] is True


def test_counts_and_quarantine(corpus):
    _, report, _, planted = corpus
    quarantined = {x.sha256 for x, rules in planted.values()
                   if any(load_rules().rules[r].severity == "error" for r in rules)}
    assert set(report.quarantined) == quarantined
    assert report.counts["quarantined"] == len(quarantined)
    assert report.counts["errors"] == len(report.errors)
    assert report.counts["warnings"] == len(report.warnings) == 3
    assert sum(v["failed"] for v in report.by_rule.values()) == len(report.errors) + len(report.warnings)
    assert set(report.failures) == {x.sha256 for x, rules in planted.values() if rules}
