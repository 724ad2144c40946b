{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ clear_build_scope() }}") }}
-- depends_on: {{ source('raw', 'build_scope') }}
-- Incremental by document (macros/build_scope.sql): a build redoes the documents in its scope.
-- The facts analysts may see: those of current (not superseded) documents whose status is ok or
-- accepted, with a value. Facts of quarantined, superseded or failed documents stay in raw and
-- stg_facts only.
with facts as (
    select * from {{ ref('stg_facts') }}
    where {{ in_build_scope() }}
),

documents as (
    select * from {{ ref('int_current_documents') }}
    where {{ in_build_scope() }}
),

status as (
    select * from {{ ref('int_document_status') }}
),

loadable_documents as (
    select
        documents.document_id,
        documents.department_key,
        documents.department,
        documents.department_kind,
        documents.district_key,
        documents.district,
        documents.fiscal_year,
        documents.doc_type,
        status.status as document_status
    from documents
    inner join status
        on documents.document_id = status.document_id
    where documents.is_current
        and status.is_loadable
)

select
    facts.*,
    loadable_documents.department_key,
    loadable_documents.department,
    loadable_documents.department_kind,
    loadable_documents.district_key,
    loadable_documents.district,
    loadable_documents.fiscal_year,
    loadable_documents.doc_type,
    loadable_documents.document_status,
    row_number() over same_figure = 1 as is_first_mention,
    count(*) over (partition by facts.document_id, facts.measure, facts.scope) as mentions
from facts
inner join loadable_documents
    on facts.document_id = loadable_documents.document_id
where facts.value is not null
window same_figure as (
    partition by facts.document_id, facts.measure, facts.scope
    order by facts.fact_seq
)
