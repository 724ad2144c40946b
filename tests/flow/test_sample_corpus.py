"""`make run` on the shipped sample: every district-year in the marts, the planted inconsistencies
quarantined with the right rule, the republished report replacing its year, bad files recorded."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from zhengchai.config import Settings

pytestmark = pytest.mark.slow
RAW = Path(__file__).resolve().parents[2] / "raw"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    if not (RAW / ".truth" / "manifest.json").exists():
        pytest.skip("raw/ has no sample manifest")
    from flows.nightly import run

    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(RAW, root / "raw")
    settings = Settings(raw_dir=root / "raw", warehouse=root / "warehouse" / "warehouse.duckdb", workers=2)
    summary = run(settings)
    manifest = json.loads((RAW / ".truth" / "manifest.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    yield summary, manifest, con
    con.close()


def test_every_district_year_has_a_row(sample_run):
    _, manifest, con = sample_run
    expected = {(d["district"], d["fiscal_year"]) for d in manifest["documents"]}
    rows = con.execute("select district, fiscal_year from mart_district_year").fetchall()
    assert len(rows) == len(set(rows)) == len(expected)
    assert set(rows) == expected


def test_mart_keys_are_unique(sample_run):
    _, _, con = sample_run
    for table, key in (("mart_district_year", "district_year_key"), ("mart_district_trend", "trend_key"),
                       ("mart_district_ranking", "ranking_key"), ("fct_budget", "budget_key"),
                       ("dim_document", "document_id")):
        total, distinct = con.execute(f"select count(*), count(distinct {key}) from {table}").fetchone()
        assert total == distinct > 0, table


def test_planted_inconsistencies_are_quarantined_with_their_rule(sample_run):
    summary, manifest, con = sample_run
    planted = {d["file"]: set(d["planted"]) for d in manifest["documents"] if d["planted"]}
    assert len(planted) >= 6
    quarantined: dict[str, set[str]] = {}
    for file_name, reasons in con.execute(
            "select file_name, quarantine_reasons from dim_document where status = 'quarantined'").fetchall():
        quarantined[file_name] = set(reasons)
    assert quarantined == planted
    assert {Path(p).name for p, _, _ in summary["quarantined"]} == set(planted)


def test_the_republished_report_replaces_its_year(sample_run):
    _, manifest, con = sample_run
    revised = next(d for d in manifest["documents"] if d.get("supersedes"))
    rows = con.execute("select file_name, superseded_by is not null from dim_document where district = ? "
                       "and fiscal_year = ? and doc_type = ?",
                       [revised["district"], revised["fiscal_year"], revised["doc_type"]]).fetchall()
    assert dict(rows) == {revised["supersedes"]: True, revised["file"]: False}
    truth = json.loads((RAW / revised["truth"]).read_text(encoding="utf-8"))
    spent = next(f["value"] for f in truth["facts"] if f["measure"] == "expenditure_total" and f["scope"] is None)
    mart = con.execute("select expenditure_total, documents_loaded from mart_district_year where district = ? "
                       "and fiscal_year = ?", [revised["district"], revised["fiscal_year"]]).fetchall()
    assert len(mart) == 1 and mart[0][0] == pytest.approx(spent)


def test_bad_files_are_recorded_with_their_reason(sample_run):
    summary, _, con = sample_run
    codes = Counter(code for code, in con.execute(
        "select code from raw.problems where severity = 'error' and stage = 'extract'").fetchall())
    assert {"empty", "corrupt", "encrypted", "not_a_report"} <= set(codes)
    assert codes["no_text_layer"] + con.execute(
        "select count(*) from raw.problems where code = 'ocr'").fetchone()[0] == 1  # a scan: OCR, or why not
    assert con.execute("select count(*) from raw.files where status = 'duplicate'").fetchone()[0] == 1
    assert summary["documents_parsed"] == summary["files_seen"] - summary["duplicates"]
