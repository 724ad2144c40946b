"""The seeds' hand-checked truth, landed as extractions, validates the way their `checks` say."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from zhengchai.check import check_warehouse

FURONG = "furong_2021_zhengshouban_report.json"
WANGCHENG = "wangcheng_2020_zhengdi_selfeval.json"


@pytest.fixture(scope="module")
def seeds(zc, tmp_path_factory):
    if not (zc.TRUTH_DIR / FURONG).exists() or not (zc.TRUTH_DIR / WANGCHENG).exists():
        pytest.skip(f"seed truth not found in {zc.TRUTH_DIR}")
    furong = zc.from_truth(zc.TRUTH_DIR / FURONG)
    # the same report rendered as PDF: another file, the same figures, pages known
    furong_pdf = zc.from_truth(zc.TRUTH_DIR / FURONG, fmt="pdf")
    furong_pdf = replace(furong_pdf, pages=6, facts=tuple(replace(f, page=1) for f in furong_pdf.facts))
    wangcheng = zc.from_truth(zc.TRUTH_DIR / WANGCHENG)
    con = zc.new_db(tmp_path_factory.mktemp("seeds") / "w.duckdb")
    zc.land(con, [furong, furong_pdf, wangcheng], "run-seeds")
    report = check_warehouse(con, "run-seeds")
    yield con, report, furong, furong_pdf, wangcheng
    con.close()


def test_furong_passes_both_identities_within_the_rounding(seeds):
    _, report, furong, _, _ = seeds
    for rule, gap in [("expenditure_identity", "expenditure_gap"), ("funds_identity", "funds_gap")]:
        o = report.outcome(furong.sha256, rule)
        assert o.passed and not o.skipped
        # 205.82 + 1093.81 = 1299.63 vs 1299.64万元: off by 0.01万元, the tolerance
        assert o.observed[gap] == pytest.approx(-100)
    assert report.failures.get(furong.sha256) is None
    assert furong.sha256 not in report.quarantined


def test_furong_breakdowns_and_households(seeds):
    _, report, furong, _, _ = seeds
    assert report.outcome(furong.sha256, "breakdown_within_total").passed
    assert not report.outcome(furong.sha256, "breakdown_within_total").skipped
    o = report.outcome(furong.sha256, "signed_within_target")
    assert o.passed and not o.skipped
    assert (o.observed["households_signed"], o.observed["households_target"]) == (306, 352)


def test_the_same_report_in_two_formats_is_one_current_document(seeds):
    _, report, furong, furong_pdf, _ = seeds
    for x in (furong, furong_pdf):
        o = report.outcome(x.sha256, "one_current_document")
        assert o.passed and not o.skipped
        # ordered like dbt's int_current_documents: same date, same landing -> document_id
        assert o.observed["current_document"] == max(furong.sha256, furong_pdf.sha256)
        assert o.observed["tied_with"] == [({furong.sha256, furong_pdf.sha256} - {x.sha256}).pop()]
        assert o.observed["conflicts"] is None
    assert report.failures.get(furong_pdf.sha256) is None


def test_wangcheng_raises_exactly_the_two_warnings(seeds):
    _, report, _, _, wangcheng = seeds
    failed = {(o.rule, o.severity) for o in report.failures[wangcheng.sha256]}
    assert failed == {("execution_rate_matches", "warning"), ("over_budget", "warning")}
    assert wangcheng.sha256 not in report.quarantined
    o = report.outcome(wangcheng.sha256, "execution_rate_matches")
    assert o.observed["execution_rate"] == pytest.approx(104.00)
    assert o.observed["execution_rate_computed"] == pytest.approx(103.89)
    o = report.outcome(wangcheng.sha256, "over_budget")
    assert o.observed["over_budget"] == pytest.approx(319_200)


def test_wangcheng_passes_the_score_sums(seeds):
    _, report, _, _, wangcheng = seeds
    for rule in ("score_sum", "weight_sum", "score_within_weight"):
        o = report.outcome(wangcheng.sha256, rule)
        assert o.passed and not o.skipped, rule
    assert report.outcome(wangcheng.sha256, "score_sum").observed["indicator_score_sum"] == 86
    assert report.outcome(wangcheng.sha256, "weight_sum").observed["indicator_weight_sum"] == 90


def test_seed_results_in_raw(seeds):
    con, report, _, _, wangcheng = seeds
    rows = con.execute("select rule, severity, observed from raw.validation_results "
                       "where document_id = ? and not passed order by rule", [wangcheng.sha256]).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("execution_rate_matches", "warning"), ("over_budget", "warning")]
    assert json.loads(rows[0][2])["execution_rate_computed"] == pytest.approx(103.89)
    assert report.counts["quarantined"] == 0 and report.counts["errors"] == 0
