"""Landing: what extraction found and how a run saw each file, appended to the raw layer.

schema.py holds every raw table; fingerprint.py decides whether a build is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import duckdb

from zhengchai import __version__
from zhengchai.extract.model import Extraction
from zhengchai.land.schema import RAW_DDL, ensure_schema
from zhengchai.read.discover import Plan
from zhengchai.warehouse import insert_rows, now

__all__ = ["RAW_DDL", "ensure_schema", "land", "record_acceptance", "record_files"]


def known_document_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select document_id from raw.documents").fetchall()}


def _document_row(x: Extraction, size_bytes: int | None, run_id: str, loaded_at: datetime) -> tuple:
    d = x.document
    return (
        x.sha256, storable(x.source), storable(Path(x.source).name), x.format, size_bytes, x.pages,
        d.province, d.city, d.district, d.district_code, d.department, d.department_kind,
        d.fiscal_year, d.doc_type, date.fromisoformat(d.report_date) if d.report_date else None,
        "parsed" if x.ok else "failed", __version__, run_id, loaded_at, d.district_source, d.fiscal_year_source,
    )


def land(con: duckdb.DuckDBPyConnection, extractions: Iterable[Extraction], run_id: str,
         sizes: dict[str, int] | None = None) -> int:
    """Append new documents with their facts, indicators and problems. Returns documents landed.

    A document already present (same content hash) is left as it is: raw is append-only.
    """
    sizes = sizes or {}
    known = known_document_ids(con)
    loaded_at = now()
    docs, facts, indicators, problems = [], [], [], []
    for x in extractions:
        if x.sha256 in known:
            continue
        known.add(x.sha256)
        docs.append(_document_row(x, sizes.get(x.sha256), run_id, loaded_at))
        facts += [(x.sha256, i, f.measure, float(f.value), f.unit, f.scope, f.qualifier, f.raw, f.page, f.text,
                   f.confidence, f.confidence_reason)
                  for i, f in enumerate(x.facts)]
        indicators += [(x.sha256, i, r.level1, r.level2, r.level3, r.content, r.target, r.actual,
                        r.weight, r.score, r.reason, r.improvement, r.page)
                       for i, r in enumerate(x.indicators)]
        problems += [(x.sha256, storable(x.source), "extract", p.severity, p.code, storable(p.message),
                      run_id, loaded_at) for p in x.problems]
    if not docs:
        return 0
    for table, rows in (("documents", docs), ("facts", facts), ("indicators", indicators), ("problems", problems)):
        insert_rows(con, f"raw.{table}", rows)
    return len(docs)


def storable(text: str | None) -> str | None:
    """Text DuckDB can store: a lone surrogate (an undecodable byte of a file name, say, carried
    into a message) becomes \\xNN instead of failing the whole landing."""
    if text is None:
        return None
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def record_files(con: duckdb.DuckDBPyConnection, plan: Plan, run_id: str) -> None:
    """How this run saw every entry in raw/, a warning for each duplicate, removal and move, and the
    reason for each entry not read. A moved file's document takes its new path."""
    rows = [(run_id, f.path, f.sha256, f.size, "new", f.mtime_ns) for f in plan.to_parse]
    rows += [(run_id, f.path, f.sha256, f.size, "unchanged", f.mtime_ns) for f in plan.unchanged]
    rows += [(run_id, f.path, f.sha256, f.size, "moved", f.mtime_ns) for _, f in plan.moved]
    rows += [(run_id, f.path, f.sha256, f.size, "duplicate", f.mtime_ns) for f, _ in plan.duplicates]
    rows += [(run_id, path, sha, None, "removed", None) for path, sha in plan.removed]
    rows += [(run_id, s.path, None, s.size, "skipped", None) for s in plan.skipped]
    insert_rows(con, "raw.files", rows)  # Arrow: executemany takes seconds per thousand files
    at = now()
    notes = [(f.sha256, f.path, "discover", "warning", "duplicate_file",
              f"same content as {kept}; loaded once under that name", run_id, at) for f, kept in plan.duplicates]
    notes += [(sha, path, "discover", "warning", "file_removed",
               "the file is no longer in raw/; its figures stay in the warehouse", run_id, at)
              for path, sha in plan.removed]
    notes += [(f.sha256, f.path, "discover", "warning", "file_moved",
               f"moved from {old}; not parsed again", run_id, at) for old, f in plan.moved]
    notes += [(None, s.path, "discover", s.severity, s.code, s.message, run_id, at) for s in plan.skipped]
    insert_rows(con, "raw.problems", notes)
    for _, f in plan.moved:
        con.execute("update raw.documents set source_path = ?, file_name = ? where document_id = ?",
                    [f.path, Path(f.path).name, f.sha256])


def record_acceptance(con: duckdb.DuckDBPyConnection, document_id: str, rule: str, reason: str,
                      accepted_by: str) -> bool:
    """Append the acceptance to the history; raw.acceptances keeps the first for a document and rule.
    Returns False when the rule was already accepted (the new one is in the history only)."""
    at = now()
    con.execute("insert into raw.acceptance_history values (?, ?, ?, ?, ?)",
                [document_id, rule, reason, accepted_by, at])
    before = con.execute("select count(*) from raw.acceptances where document_id = ? and rule = ?",
                         [document_id, rule]).fetchone()[0]
    if before:
        return False
    con.execute("insert into raw.acceptances values (?, ?, ?, ?, ?)", [document_id, rule, reason, accepted_by, at])
    return True
