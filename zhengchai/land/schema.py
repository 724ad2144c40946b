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
    loaded_at timestamp,
    district_source varchar,           -- text | path (raw/<district>/<year>/), null when unknown
    fiscal_year_source varchar
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

-- What each build redid: every document (scope 'full') or the documents its new content affects
-- (scope 'incremental', the documents listed here for the run); see land/scope.py.
create table if not exists raw.build_scope (
    run_id varchar,
    document_id varchar
);
"""

# Two decisions, each made once, here, as views over the tables above: the checks (zhengchai/check/),
# the run's summary, `zhengchai problems` and dbt (sources raw.document_versions, raw.quarantine) all
# read them, so they cannot disagree, and an acceptance or a new raw/ is seen without re-running anything.
DECISION_VIEWS = r"""
-- A department's identity: its name without whitespace and, for a district's body, without the
-- province and city printed before the district (长沙市芙蓉区… and 芙蓉区… are one body). The versions of
-- a report share it; dbt keys departments by it (int_documents).
create or replace macro raw.squeezed(text) as nullif(regexp_replace(text, '[\s\x{3000}]+', '', 'g'), '');

create or replace macro raw.department_identity(printed, district) as
    case
        when position(raw.squeezed(district) in raw.squeezed(printed)) > 1
            and regexp_matches(
                left(raw.squeezed(printed), position(raw.squeezed(district) in raw.squeezed(printed)) - 1),
                '^\p{Han}{2,12}(?:省|市|自治区|自治州|地区|盟)$')
            then substr(raw.squeezed(printed), position(raw.squeezed(district) in raw.squeezed(printed)))
        else raw.squeezed(printed)
    end;

-- Which version of a report is current. The versions of a report share (department identity,
-- fiscal_year, doc_type); a document without a department or a year is its own report. Newest first: a
-- version whose content is in raw/ now (the latest run's raw.files) before one that is not - so restoring
-- a file's earlier content makes it current again -, then report_date (undated last), loaded_at,
-- document_id. Without any raw.files (tests, `extract --json`) all count as present.
create or replace view raw.document_versions as
with latest_run as (
    select files.run_id
    from raw.files as files
    left join raw.runs as runs on files.run_id = runs.run_id
    order by runs.started_at desc nulls last, files.run_id desc
    limit 1
),

on_disk as (
    select distinct files.document_id
    from raw.files as files
    inner join latest_run on files.run_id = latest_run.run_id
    where files.status <> 'removed'
),

documents as (
    select
        documents.document_id,
        documents.report_date,
        documents.loaded_at,
        nullif(documents.department, '') as printed,
        documents.district,
        documents.fiscal_year,
        documents.doc_type,
        documents.document_id in (select document_id from on_disk)
            or not exists (select 1 from latest_run) as is_on_disk
    from raw.documents as documents
),

identified as (
    select
        *,
        raw.department_identity(printed, district) as department
    from documents
),

grouped as (
    select
        *,
        case
            when department is null or fiscal_year is null then document_id
            else concat_ws(' | ', department, fiscal_year, doc_type)
        end as version_group
    from identified
),

ranked as (
    select
        document_id,
        version_group,
        is_on_disk,
        row_number() over newest_first as recency_rank,
        lag(document_id) over newest_first as superseded_by,
        first_value(document_id) over newest_first as current_document_id,
        count(*) over (partition by version_group) as version_count
    from grouped
    window newest_first as (
        partition by version_group
        order by is_on_disk desc, report_date desc nulls last, loaded_at desc nulls last, document_id desc
    )
)

select
    document_id,
    version_group,
    version_count - recency_rank + 1 as version_number,
    version_count,
    recency_rank = 1 as is_current,
    superseded_by,
    current_document_id,
    is_on_disk
from ranked;

-- Quarantine: a document is held back by every error rule it failed in the latest check that judged it
-- and that no analyst accepted (raw.acceptances). A rule checked on several rows of a document fails when
-- any row fails.
create or replace view raw.quarantine as
with latest_run as (
    select
        document_id,
        arg_max(run_id, coalesce(validated_at, timestamp '1970-01-01')) as run_id
    from raw.validation_results
    group by document_id
)

select
    results.document_id,
    results.rule,
    string_agg(distinct results.message, '; ') as message
from raw.validation_results as results
inner join latest_run
    on results.document_id = latest_run.document_id
    and results.run_id is not distinct from latest_run.run_id
where results.severity = 'error'
    and not results.passed
    and not exists (
        select 1
        from raw.acceptances as acceptances
        where acceptances.document_id = results.document_id
            and acceptances.rule = results.rule
    )
group by results.document_id, results.rule;
"""


# columns added after a warehouse may have been made: the views below read them
MIGRATIONS = """
alter table raw.builds add column if not exists code_fingerprint varchar;
alter table raw.builds add column if not exists scope varchar;
alter table raw.files add column if not exists mtime_ns bigint;
alter table raw.documents add column if not exists district_source varchar;
alter table raw.documents add column if not exists fiscal_year_source varchar;
alter table raw.facts add column if not exists confidence varchar;
alter table raw.facts add column if not exists confidence_reason varchar;
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)
    con.execute(MIGRATIONS)
    con.execute(DECISION_VIEWS)
