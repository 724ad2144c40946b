"""Consistency checks of SPEC.md section 5, run with Great Expectations over the raw layer.

The rules, their thresholds, tolerances and severities live in ``expectations/rules.yml``
(rules.py); the GX suites in ``expectations/*.json`` are generated from it (suites.py) and are
what GX runs (gx.py). Each rule family is checked on one pandas DataFrame built from ``raw.*``
(frames.py, current.py; GX's SQL path through duckdb_engine returns no rows in 1.24), so a
corpus is checked in a handful of GX runs whatever its size.

``check_warehouse`` writes one row per (document, rule) into ``raw.validation_results``
(results.py) and reports which documents are quarantined: those failing an ``error`` rule that no
analyst accepted in ``raw.acceptances``, as the raw view ``raw.quarantine`` decides it (land/schema.py;
dbt's int_document_status reads the same view). published.py checks
warehouse-level invariants after dbt.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb

from zhengchai.check.frames import build_frames
from zhengchai.check.gx import run_gx
from zhengchai.check.outcomes import CheckReport, Outcome, outcomes_of
from zhengchai.check.results import quarantined_documents, write_results
from zhengchai.check.rules import EXPECTATIONS_DIR, Rules, RulesError, load_rules
from zhengchai.check.suites import build_suites, load_suites, write_suites

__all__ = ["EXPECTATIONS_DIR", "CheckReport", "Outcome", "Rules", "RulesError", "build_suites", "check_extractions",
           "check_warehouse", "load_rules", "load_suites", "write_suites"]


def check_warehouse(con: duckdb.DuckDBPyConnection, run_id: str, *, data_docs_dir: Path | None = None,
             current_year: int | None = None, expectations_dir: Path | None = None,
             documents: list[str] | None = None) -> CheckReport:
    """Check every parsed document in raw against the rules; record the outcomes; report.

    With `documents` (an incremental build, land/scope.py), only those are checked and only their
    rows of raw.validation_results replaced; the others keep the outcomes of their latest check.

    Replaces raw.validation_results with one row per (document, rule). A rule whose measures a
    document lacks passes with a `skipped` note in `observed`. With data_docs_dir, a file-backed
    GX context lives there (its stores and Data Docs HTML, git-ignored).
    """
    rules = load_rules(expectations_dir)
    suites = load_suites(rules, expectations_dir)
    params = {"current_year": current_year or date.today().year}
    frames = build_frames(con, rules, documents)
    unexpected, index = run_gx(frames, suites, rules, run_id=run_id, params=params,
                               data_docs_dir=Path(data_docs_dir) if data_docs_dir else None)
    acceptances = {(d, r): {"by": by, "reason": reason} for d, r, by, reason in con.execute(
        "select document_id, rule, accepted_by, reason from raw.acceptances").fetchall()}
    outcomes = outcomes_of(frames, unexpected, rules, params, acceptances)
    write_results(con, run_id, outcomes, documents)
    n_documents = len(frames["documents"])
    del frames, unexpected
    _release_memory()

    quarantined = sorted(quarantined_documents(con))
    by_rule: dict[str, dict[str, int]] = {r: {"passed": 0, "failed": 0, "skipped": 0} for r in rules.rules}
    for o in outcomes:
        by_rule[o.rule]["failed" if not o.passed else "skipped" if o.skipped else "passed"] += 1
    failed = [o for o in outcomes if not o.passed]
    counts = {
        "documents": n_documents,
        "results": len(outcomes),
        "errors": sum(o.severity == "error" for o in failed),
        "warnings": sum(o.severity == "warning" for o in failed),
        "accepted": sum(o.accepted for o in failed),
        "quarantined": len(quarantined),
    }
    return CheckReport(run_id=run_id, documents=n_documents, outcomes=outcomes,
                            quarantined=quarantined, data_docs_index=index, counts=counts, by_rule=by_rule)


def _release_memory() -> None:
    """Give the frames' memory back to the system: dbt runs next in the same process, and glibc keeps
    freed heap otherwise (at 100,000 documents, some 3 GiB the build would sit on top of)."""
    import ctypes
    import gc
    from contextlib import suppress

    gc.collect()
    with suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def check_extractions(extractions: list) -> dict[str, list[tuple[str, str, str]]]:
    """The consistency rules on extraction output alone (no warehouse): per sha256, the failed
    rules as (severity, rule, message). Used by `zhengchai extract --json` to report what the
    nightly run would quarantine or warn about. Rules across documents (one current document per
    department and year) are left to the warehouse, where all versions are known."""
    from zhengchai.land import ensure_schema, land

    con = duckdb.connect(":memory:")
    try:
        ensure_schema(con)
        land(con, extractions, "extract")
        report = check_warehouse(con, "extract")
    finally:
        con.close()
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for o in report.outcomes:
        if not o.passed and o.rule != "one_current_document":
            out[o.document_id].append((o.severity, o.rule, o.message))
    return dict(out)

