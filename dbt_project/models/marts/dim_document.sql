-- One row per landed document (every version, current or superseded), with its status.
with documents as (
    select * from {{ ref('int_current_documents') }}
),

status as (
    select * from {{ ref('int_document_status') }}
),

facts as (
    select
        document_id,
        count(*) as facts_extracted
    from {{ ref('stg_facts') }}
    group by document_id
),

indicators as (
    select
        document_id,
        count(*) as indicators_extracted
    from {{ ref('stg_indicators') }}
    group by document_id
)

select
    documents.document_id,
    documents.sha256,
    documents.source_path,
    documents.file_name,
    documents.file_format,
    documents.size_bytes,
    documents.page_count,
    documents.fiscal_year,
    documents.doc_type,
    documents.report_date,
    documents.department_key,
    documents.department,
    documents.department_kind,
    documents.district_key,
    documents.district_code,
    documents.province,
    documents.city,
    documents.district,
    documents.district_as_printed,
    documents.loaded_at,
    documents.run_id,
    documents.extractor_version,
    documents.parse_status,
    documents.version_group,
    documents.version_number,
    documents.version_count,
    documents.is_current,
    documents.superseded_by,
    documents.current_document_id,
    status.status,
    status.is_quarantined,
    status.is_accepted,
    status.is_loadable,
    documents.is_current and status.is_loadable as is_in_facts,
    status.quarantine_rules as quarantine_reasons,
    status.quarantine_reason,
    status.accepted_rules,
    status.acceptance_reason,
    status.failed_error_rules,
    status.warnings,
    status.problem_errors,
    status.rules_checked,
    status.rules_failed,
    status.validation_run_id,
    status.validated_at,
    coalesce(facts.facts_extracted, 0) as facts_extracted,
    coalesce(indicators.indicators_extracted, 0) as indicators_extracted
from documents
inner join status
    on documents.document_id = status.document_id
left join facts
    on documents.document_id = facts.document_id
left join indicators
    on documents.document_id = indicators.document_id
