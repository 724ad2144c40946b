"""raw.validation_results: the outcomes of the latest check; and what the raw view raw.quarantine
(land/schema.py, the one home of the quarantine rule) makes of them."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from zhengchai.check.outcomes import Outcome
from zhengchai.warehouse import now


def write_results(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: list[Outcome],
                  documents: list[str] | None = None) -> None:
    """Replace raw.validation_results with these outcomes; with `documents`, only those documents' rows."""
    at = now()
    rows = pd.DataFrame({
        "run_id": [run_id] * len(outcomes),
        "document_id": [o.document_id for o in outcomes],
        "rule": [o.rule for o in outcomes],
        "severity": [o.severity for o in outcomes],
        "passed": [o.passed for o in outcomes],
        "observed": [json.dumps(o.observed, ensure_ascii=False, sort_keys=True, default=str) for o in outcomes],
        "message": [o.message for o in outcomes],
        "validated_at": [at] * len(outcomes),
    })
    cols = "run_id, document_id, rule, severity, passed, observed, message, validated_at"
    con.execute("begin transaction")
    try:
        if documents is None:
            con.execute("delete from raw.validation_results")
        else:
            con.execute("delete from raw.validation_results where document_id in (select unnest(?::varchar[]))",
                        [documents])
        if len(rows):
            con.register("_zhengchai_validation_rows", rows)
            con.execute(f"insert into raw.validation_results ({cols}) select {cols} from _zhengchai_validation_rows")
            con.unregister("_zhengchai_validation_rows")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def quarantined_documents(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Documents failing an error rule of the latest validation that no analyst accepted."""
    return {r[0] for r in con.execute("select document_id from raw.quarantine").fetchall()}


def quarantining_rules(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(file, rule, message) of every quarantining failure, for the run's summary."""
    return con.execute("""
        select d.source_path, q.rule, q.message
        from raw.quarantine q
        join raw.documents d using (document_id)
        order by 1, 2""").fetchall()

