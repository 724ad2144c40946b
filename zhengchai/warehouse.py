"""The raw layer in DuckDB: what extraction found, append-only, keyed by content hash.

dbt builds everything analysts query on top of these tables; nothing here is modelled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from zhengchai import __version__
from zhengchai.extract.model import Extraction

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.runs (
    run_id varchar primary key,
    started_at timestamp,
    finished_at timestamp,
    status varchar,             -- running | published | failed
    files_seen integer,
    documents_parsed integer,
    documents_failed integer,
    documents_quarantined integer,
    facts_loaded integer,
    note varchar
);

-- One row per file found in raw/ per run: how the run saw it (new, unchanged, moved, duplicate, removed).
create table if not exists raw.files (
    run_id varchar,
    path varchar,
    document_id varchar,        -- sha256 of the content; null for a removed file
    size_bytes bigint,
    status varchar,
    primary key (run_id, path)
);

create table if not exists raw.documents (
    document_id varchar primary key,   -- sha256 of the file content
    source_path varchar,
    file_name varchar,
    format varchar,
    size_bytes bigint,
    pages integer,
    province varchar,
    city varchar,
    district varchar,
    district_code varchar,
    department varchar,
    department_kind varchar,
    fiscal_year integer,
    doc_type varchar,
    report_date date,
    parse_status varchar,              -- parsed | failed
    extractor_version varchar,
    run_id varchar,
    loaded_at timestamp
);

create table if not exists raw.facts (
    document_id varchar,
    fact_seq integer,
    measure varchar,
    value double,
    unit varchar,
    scope varchar,
    qualifier varchar,
    raw_text varchar,                  -- the figure as printed
    page integer,
    source_text varchar,               -- the sentence or cell it came from
    confidence varchar,                -- high | low (null: not assessed)
    confidence_reason varchar,         -- why a reading is low: what the rule had to guess
    primary key (document_id, fact_seq)
);
-- warehouses made before facts carried a confidence
alter table raw.facts add column if not exists confidence varchar;
alter table raw.facts add column if not exists confidence_reason varchar;

create table if not exists raw.indicators (
    document_id varchar,
    indicator_seq integer,
    level1 varchar,
    level2 varchar,
    level3 varchar,
    content varchar,
    target varchar,
    actual varchar,
    weight double,
    score double,
    reason varchar,
    improvement varchar,
    page integer,
    primary key (document_id, indicator_seq)
);

-- Problems found while reading and extracting (validation results live in raw.validation_results).
create table if not exists raw.problems (
    document_id varchar,
    source_path varchar,
    stage varchar,                     -- read | extract | discover
    severity varchar,                  -- error | warning
    code varchar,
    message varchar,
    run_id varchar,
    detected_at timestamp
);

-- Outcome of every consistency rule for every document, from the latest run.
create table if not exists raw.validation_results (
    run_id varchar,
    document_id varchar,
    rule varchar,
    severity varchar,                  -- error | warning
    passed boolean,
    observed varchar,                  -- JSON of the values involved
    message varchar,
    validated_at timestamp
);

-- An analyst's decision to load a document despite a failed error rule. Kept forever.
create table if not exists raw.acceptances (
    document_id varchar,
    rule varchar,
    reason varchar,
    accepted_by varchar,
    accepted_at timestamp,
    primary key (document_id, rule)
);
"""


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), read_only=read_only)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def known_document_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select document_id from raw.documents").fetchall()}


def _document_row(x: Extraction, size_bytes: int | None, run_id: str, loaded_at: datetime) -> tuple:
    d = x.document
    return (
        x.sha256, x.source, Path(x.source).name, x.format, size_bytes, x.pages,
        d.province, d.city, d.district, d.district_code, d.department, d.department_kind,
        d.fiscal_year, d.doc_type, date.fromisoformat(d.report_date) if d.report_date else None,
        "parsed" if x.ok else "failed", __version__, run_id, loaded_at,
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
        problems += [(x.sha256, x.source, "extract", p.severity, p.code, p.message, run_id, loaded_at)
                     for p in x.problems]
    if not docs:
        return 0
    for table, rows in (("documents", docs), ("facts", facts), ("indicators", indicators), ("problems", problems)):
        insert_rows(con, f"raw.{table}", rows)
    return len(docs)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Bulk insert through Arrow: executemany goes row by row and takes seconds per thousand."""
    if not rows:
        return
    import pyarrow as pa

    schema = con.sql(f"select * from {table} limit 0").to_arrow_table().schema
    columns = list(zip(*rows, strict=True))
    batch = pa.table({field.name: pa.array(col, type=field.type) for field, col in zip(schema, columns, strict=True)})
    con.register("_zhengchai_rows", batch)
    try:
        con.execute(f"insert into {table} select * from _zhengchai_rows")
    finally:
        con.unregister("_zhengchai_rows")


def record_acceptance(con: duckdb.DuckDBPyConnection, document_id: str, rule: str, reason: str,
                      accepted_by: str) -> None:
    con.execute(
        "insert or replace into raw.acceptances values (?, ?, ?, ?, ?)",
        [document_id, rule, reason, accepted_by, now()],
    )


def as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
