"""check_warehouse() as the flow uses it: tolerances, skips, runs, acceptances, versions, Data Docs,
the suites as data, scale, and the post-build check check_published()."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import pytest

from zhengchai.check import (
    EXPECTATIONS_DIR,
    RulesError,
    build_suites,
    check_warehouse,
    load_rules,
    load_suites,
    write_suites,
)
from zhengchai.check.published import check_published
from zhengchai.extract.model import Problem
from zhengchai.land import record_acceptance

W = 10_000


def outcome(report, x, rule):
    return report.outcome(x.sha256, rule)


def test_tolerances_at_their_edges(db, zc):
    f, c = zc.with_fact, zc.clean_document
    # values as the extractor computes them from 万元 (float noise included)
    at_money_tol = f(c(), "expenditure_project", 780.01 * W)
    over_money_tol = f(c(), "expenditure_project", 780.02 * W)
    at_rate_tol = f(c(), "execution_rate", 98.1)
    over_rate_tol = f(c(), "execution_rate", 98.11)
    zc.land(db, [at_money_tol, over_money_tol, at_rate_tol, over_rate_tol], "r")
    report = check_warehouse(db, "r")
    assert outcome(report, at_money_tol, "expenditure_identity").passed
    assert not outcome(report, over_money_tol, "expenditure_identity").passed
    assert outcome(report, at_rate_tol, "execution_rate_matches").passed
    o = outcome(report, over_rate_tol, "execution_rate_matches")
    assert not o.passed and o.severity == "warning"
    assert over_rate_tol.sha256 not in report.quarantined


def test_a_document_without_the_measures_passes_with_a_note(db, zc):
    bare = zc.document([zc.fact("households_signed", 12)])
    zc.land(db, [bare], "r")
    report = check_warehouse(db, "r")
    for rule in ("expenditure_identity", "funds_identity", "execution_rate_matches", "score_sum",
                 "weight_sum", "signed_within_target", "target_lost_wan", "breakdown_within_total",
                 "score_within_weight"):
        o = outcome(report, bare, rule)
        assert o.passed and o.skipped, rule
        assert o.observed["skipped"]
    o = outcome(report, bare, "expenditure_identity")
    assert "expenditure_basic" in o.observed["skipped"]
    row = db.execute("select passed, observed from raw.validation_results where document_id = ? "
                     "and rule = 'expenditure_identity'", [bare.sha256]).fetchone()
    assert row[0] is True and "skipped" in json.loads(row[1])
    assert report.failures == {}


def test_failed_parses_are_not_validated_and_empty_raw_is_fine(db, zc):
    assert check_warehouse(db, "r0").documents == 0
    unreadable = replace(zc.document(fiscal_year=None),
                         problems=(Problem("error", "no_text_layer", "scanned"),))
    zc.land(db, [unreadable], "r")
    report = check_warehouse(db, "r")
    assert report.documents == 0 and report.outcomes == []


def test_a_run_replaces_the_previous_runs_rows(db, zc):
    x = zc.with_fact(zc.clean_document(), "score_total", 90)
    zc.land(db, [x], "r1")
    check_warehouse(db, "r1")
    y = zc.clean_document()
    zc.land(db, [y], "r2")
    report = check_warehouse(db, "r2")
    rows = db.execute("select run_id, count(*), count(distinct document_id) from raw.validation_results "
                      "group by run_id").fetchall()
    assert rows == [("r2", 2 * len(load_rules().rules), 2)]
    assert report.quarantined == [x.sha256]


def test_an_accepted_error_does_not_quarantine(db, zc):
    x = zc.with_fact(zc.clean_document(), "score_total", 90)
    zc.land(db, [x], "r")
    assert check_warehouse(db, "r").quarantined == [x.sha256]
    record_acceptance(db, x.sha256, "score_sum", "the form's total is printed wrong", "analyst")
    report = check_warehouse(db, "r")
    o = outcome(report, x, "score_sum")
    assert not o.passed and o.accepted
    assert o.observed["accepted"]["by"] == "analyst"
    assert report.quarantined == [] and report.counts["accepted"] == 1
    # an acceptance is per rule: another error still quarantines
    y = zc.with_fact(zc.with_fact(zc.clean_document(), "score_total", 90), "households_signed", 101)
    zc.land(db, [y], "r2")
    record_acceptance(db, y.sha256, "score_sum", "ok", "analyst")
    assert check_warehouse(db, "r2").quarantined == [y.sha256]


def test_a_republished_report_supersedes(db, zc):
    key = {"department": "长沙市再版区征收办", "fiscal_year": 2021, "doc_type": "narrative_report"}
    v1 = zc.clean_document(**key)
    zc.land(db, [v1], "r1")
    v2 = zc.with_fact(zc.clean_document(**key), "households_signed", 95)
    zc.land(db, [v2], "r2")
    # in one run, the later report date supersedes
    same_run = {"department": "长沙市同批区征收办", "fiscal_year": 2021, "doc_type": "narrative_report"}
    old = zc.clean_document(report_date="2022-03-01", **same_run)
    new = zc.with_fact(zc.clean_document(report_date="2022-04-01", **same_run), "households_signed", 95)
    zc.land(db, [old, new], "r3")
    report = check_warehouse(db, "r3")
    for a, b in ((v1, v2), (old, new)):
        for x in (a, b):
            o = outcome(report, x, "one_current_document")
            assert o.passed and not o.skipped
            assert o.observed["current_document"] == b.sha256
    assert report.quarantined == []


def test_data_docs_are_written(db, zc, tmp_path):
    x = zc.with_fact(zc.clean_document(), "expenditure_project", 800 * W)
    zc.land(db, [x, zc.clean_document()], "r-docs")
    docs = tmp_path / "data_docs"
    report = check_warehouse(db, "r-docs", data_docs_dir=docs)
    assert report.data_docs_index is not None and report.data_docs_index.is_file()
    assert report.data_docs_index.is_relative_to(docs)
    html = report.data_docs_index.read_text(encoding="utf-8")
    assert "zhengchai_documents" in html
    pages = list(docs.rglob("validations/**/*.html"))
    assert {p.relative_to(docs).parts[5] for p in pages} >= {"zhengchai_documents", "zhengchai_facts"}
    assert any("expenditure_gap" in p.read_text(encoding="utf-8") for p in pages)
    assert (docs / ".gitignore").read_text().strip().endswith("*")
    # the context persists: a second run into the same directory adds its results
    check_warehouse(db, "r-docs-2", data_docs_dir=docs)
    assert any(p.is_dir() for p in docs.rglob("r-docs-2"))


def test_suites_on_disk_match_rules_yml():
    rules = load_rules()
    suites = load_suites(rules)
    assert suites == build_suites(rules)
    names = {e["meta"]["rule"] for s in suites.values() for e in s["expectations"]}
    assert names == set(rules.rules)
    for s in suites.values():
        for e in s["expectations"]:
            assert e["meta"]["severity"] == rules.rules[e["meta"]["rule"]].severity


def test_rules_yml_drives_validation(db, zc, tmp_path):
    d = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, d)
    x = zc.with_fact(zc.clean_document(), "expenditure_project", 780.01 * W)
    zc.land(db, [x], "r")
    assert outcome(check_warehouse(db, "r", expectations_dir=d), x, "expenditure_identity").passed
    rules_yml = d / "rules.yml"
    rules_yml.write_text(rules_yml.read_text(encoding="utf-8").replace(
        "  money: 100 ", "  money: 0   "), encoding="utf-8")
    with pytest.raises(RulesError, match="does not match"):
        check_warehouse(db, "r", expectations_dir=d)
    write_suites(d)
    o = outcome(check_warehouse(db, "r", expectations_dir=d), x, "expenditure_identity")
    assert not o.passed and o.severity == "error"
    suite = json.loads((d / "documents.json").read_text(encoding="utf-8"))
    kwargs = next(e["kwargs"] for e in suite["expectations"] if e["meta"]["rule"] == "expenditure_identity")
    assert kwargs["max_value"] == 0


def test_many_documents_in_one_pass(db, zc):
    docs, gaps, negatives = [], set(), set()
    for i in range(80):
        x = zc.clean_document()
        if i % 7 == 0:
            x = zc.with_fact(x, "expenditure_project", (780 + i + 1) * W)
            gaps.add(x.sha256)
        if i % 11 == 0:
            x = zc.with_fact(x, "persons_relocated", -i - 1)
            negatives.add(x.sha256)
        docs.append(x)
    zc.land(db, docs, "r")
    report = check_warehouse(db, "r")
    assert report.documents == 80
    assert {o.document_id for o in report.errors if o.rule == "expenditure_identity"} == gaps
    assert {o.document_id for o in report.errors if o.rule == "non_negative"} == negatives
    assert set(report.quarantined) == gaps | negatives
    assert report.counts["warnings"] == 0


# ------------------------------------------------------------------ check_published


def test_validate_published_requires_a_validation(db, zc):
    zc.land(db, [zc.clean_document()], "r")
    assert any("validation" in p for p in check_published(db))
    check_warehouse(db, "r")
    assert check_published(db) == []


def test_check_published_finds_duplicates_and_quarantined_documents(db, zc):
    key = {"department": "长沙市发布区征收办", "fiscal_year": 2021, "doc_type": "selfeval_table"}
    new, old = zc.clean_document(**key, report_date="2022-03-01"), zc.clean_document(**key)
    bad = zc.with_fact(zc.clean_document(), "score_total", 90)
    zc.land(db, [new, old, bad], "r")
    check_warehouse(db, "r")
    # what dbt builds: every document with its version flags, and facts of the loadable current ones
    db.execute("create schema intermediate")
    db.execute("""create table intermediate.int_current_documents as
                  select document_id, coalesce(department, document_id) as version_group,
                         document_id <> ? as is_current
                  from raw.documents""", [old.sha256])
    db.execute("create table main.fct_budget as select document_id, 1 as budget "
               "from raw.documents where document_id = ?", [new.sha256])
    assert check_published(db) == []

    db.execute("insert into main.fct_budget select document_id, 1 from raw.documents where document_id in (?, ?)",
               [bad.sha256, old.sha256])
    problems = check_published(db)
    assert "main.fct_budget: holds 1 quarantined documents" in problems
    assert "main.fct_budget: holds 1 documents that are not current" in problems  # the superseded one
    db.execute("delete from main.fct_budget where document_id <> ?", [new.sha256])

    db.execute("update intermediate.int_current_documents set is_current = true")
    db.execute("insert into main.fct_budget values (?, 2)", [new.sha256])
    problems = check_published(db)
    assert problems == [
        "intermediate.int_current_documents: 1 (version_group) with more than one current document",
        "main.fct_budget: 1 duplicate keys (document_id)",
    ]
