{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ clear_build_scope() }}") }}
-- depends_on: {{ source('raw', 'build_scope') }}
-- Incremental by document (macros/build_scope.sql): a build redoes the documents in its scope.
-- Every document with its place among the versions of the same report. Which version is current is
-- decided once, in the raw view raw.document_versions (zhengchai/land/schema.py), which the checks read
-- too: per (department, fiscal_year, doc_type) the version whose content is in raw/ now, then the newest
-- by report_date (undated last), loaded_at, document_id. A department's narrative report and its
-- self-evaluation form for one year are different reports, each with its own current version.
with documents as (
    select * from {{ ref('int_documents') }}
    where {{ in_build_scope() }}
),

versions as (
    select * from {{ source('raw', 'document_versions') }}
    where {{ in_build_scope() }}
)

select
    documents.*,
    versions.version_group,
    versions.superseded_by,
    versions.current_document_id,
    versions.version_count,
    versions.version_number,
    versions.is_current,
    versions.is_on_disk
from documents
inner join versions
    on documents.document_id = versions.document_id
