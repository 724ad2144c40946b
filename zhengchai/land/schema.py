"""The raw layer in DuckDB: every table extraction and the run write, append-only, keyed by
content hash. dbt builds everything analysts query on top of these tables; nothing here is modelled.
"""

from __future__ import annotations

import duckdb

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.runs (
    run_id varchar primary key,
    started_at timestamp,
    finished_at timestamp,
    status varchar,             -- running | published | failed | abandoned (killed before it could finish)
    files_seen integer,
    documents_parsed integer,
    documents_failed integer,
    documents_quarantined integer,
    facts_loaded integer,
    note varchar
);

-- One row per entry found in raw/ per run: how the run saw it (new, unchanged, moved, duplicate,
-- removed, skipped: not read, the reason in raw.problems). Paths are text: a name that is not UTF-8
-- keeps each undecodable byte as \\xNN.
create table if not exists raw.files (
    run_id varchar,
    path varchar,
    document_id varchar,        -- sha256 of the content; null for a removed or skipped file
    size_bytes bigint,
    status varchar,
    mtime_ns bigint,            -- with size_bytes: an unchanged file's hash is reused, not recomputed
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
    primary key (document_id, fact_seq)
);

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

-- Every acceptance ever given, in order: raw.acceptances keeps the first for each document and rule.
create table if not exists raw.acceptance_history (
    document_id varchar,
    rule varchar,
    reason varchar,
    accepted_by varchar,
    accepted_at timestamp
);

-- One row per build that was published: what validation and dbt read, so a run with nothing new
-- carries the marts over instead of rebuilding them (see land/fingerprint.py).
create table if not exists raw.builds (
    run_id varchar primary key,
    inputs_fingerprint varchar,   -- what the checks and dbt read: raw content, code, the year
    built_at timestamp
);
"""


# columns added after a warehouse may have been created without them
MIGRATIONS = """
alter table raw.files add column if not exists mtime_ns bigint;
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)
    con.execute(MIGRATIONS)
