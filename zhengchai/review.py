"""An analyst's decision to load a quarantined document anyway, recorded and auditable.

The acceptance goes through the same path as a nightly run: a private copy of the warehouse,
rebuilt, checked by the same post-build checks, then fsynced and swapped in atomically
(publish.publish), so readers never see a half-applied decision. Every acceptance is appended to
raw.acceptance_history; a second acceptance of the same rule never overwrites the first.
"""

from __future__ import annotations

import unicodedata

import duckdb

from zhengchai import publish as swap
from zhengchai import report
from zhengchai.config import Settings
from zhengchai.land import record_acceptance
from zhengchai.warehouse import connect


def resolve_document(con: duckdb.DuckDBPyConnection, ref: str) -> tuple[str, str]:
    """(document_id, source_path) from an id, an id prefix of 8+ characters, a path or a file name."""
    rows = con.execute(
        """select document_id, source_path from raw.documents
           where document_id = ? or (length(?) >= 8 and starts_with(document_id, ?))
              or source_path = ? or file_name = ? or ends_with(source_path, ?)""",
        [ref, ref, ref, ref, ref, "/" + ref.lstrip("/")],
    ).fetchall()
    if not rows:
        raise LookupError(f"no document matches {ref!r}; see `zhengchai problems` for ids and files")
    if len({r[0] for r in rows}) > 1:
        listing = ", ".join(f"{r[0][:12]} ({r[1]})" for r in rows)
        raise LookupError(f"{ref!r} matches several documents: {listing}; give more of the id")
    return rows[0]


def refuse_superseded(con: duckdb.DuckDBPyConnection, doc_id: str, path: str) -> None:
    """Only the current version of a report reaches the marts (raw.document_versions decides it): accepting
    an older one would change nothing, so it is refused with the version to look at instead."""
    row = con.execute(
        """select v.is_current, v.current_document_id, d.source_path from raw.document_versions v
           join raw.documents d on d.document_id = v.current_document_id where v.document_id = ?""",
        [doc_id]).fetchone()
    if row and not row[0]:
        raise ValueError(f"{path} ({doc_id[:12]}) is superseded by {row[2]} ({row[1][:12]}): only the current "
                         f"version reaches the marts; see `zhengchai problems` for what holds that one back")


def plain_text(label: str, value: str) -> str:
    """An audit field as one line of plain text: no newline, control or escape character (a terminal
    escape in a reason would rewrite what `zhengchai problems` shows), no invisible formatting."""
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            raise ValueError(f"{label} must be one line of plain text: it contains {ch!r} "
                             f"({unicodedata.name(ch, 'a control character')}); remove it and try again")
    value = value.strip()
    if not value:
        raise ValueError(f"an acceptance needs {label}")
    return value


def _record(staging, document: str, rule: str, reason: str, accepted_by: str) -> tuple[str, list[str], bool]:
    """(path, the document's failed error rules, whether this is the rule's first acceptance)"""
    con = connect(staging)
    try:
        doc_id, path = resolve_document(con, document)
        refuse_superseded(con, doc_id, path)
        failed = [r[0] for r in con.execute(
            "select rule from raw.validation_results where document_id = ? and not passed "
            "and severity = 'error'", [doc_id]).fetchall()]
        if rule not in failed:
            raise ValueError(f"{path} did not fail an error rule named {rule!r} "
                             f"(its failed error rules: {', '.join(failed) or 'none'})")
        first = record_acceptance(con, doc_id, rule, reason, accepted_by)
        con.execute("checkpoint")
    finally:
        con.close()
    return path, failed, first


def accept(settings: Settings, document: str, rule: str, reason: str, accepted_by: str) -> str:
    from zhengchai import dbt

    reason, accepted_by = plain_text("--reason", reason), plain_text("--by", accepted_by)
    published = settings.warehouse
    if not published.exists():
        raise LookupError(f"no warehouse at {published}")
    with swap.run_lock(settings.warehouse_dir):
        staging = swap.stage(published, "accept-" + swap.new_run_id(), clear=False)
        try:
            path, failed, first = _record(staging, document, rule, reason, accepted_by)
            result = dbt.build(staging, artifacts_dir=dbt.artifacts_dir_of(published))
            if not result.success:
                raise RuntimeError("dbt build failed after the acceptance; nothing published")
            _check_build(staging)
            swap.publish(staging, published)
        finally:
            swap.discard(staging)
        report.refresh(published)
    still = [r for r in failed if r != rule]
    rest = f"; still quarantined by {', '.join(still)}" if still else "; it reaches the facts and marts"
    note = "" if first else "; it had been accepted before: the first acceptance stands, this one joins the history"
    return f"accepted {path} despite {rule} ({reason}) by {accepted_by}{rest}{note}"


def _check_build(staging) -> None:
    """The post-build checks a nightly run passes before it publishes (check/published.py)."""
    from zhengchai.check.published import check_file

    failures = check_file(staging)
    if failures:
        raise RuntimeError("warehouse checks failed after the acceptance, nothing published: " + "; ".join(failures))
