-- Facts and marts carry figures of current, loadable documents only: nothing of a quarantined,
-- superseded or unreadable document may appear in them.
with fact_documents as (
    select document_id, 'fct_figure' as model from {{ ref('fct_figure') }}
    union all
    select document_id, 'fct_budget' from {{ ref('fct_budget') }}
    union all
    select document_id, 'fct_expenditure' from {{ ref('fct_expenditure') }}
    union all
    select document_id, 'fct_relocation_households' from {{ ref('fct_relocation_households') }}
    union all
    select document_id, 'fct_area_cleared' from {{ ref('fct_area_cleared') }}
    union all
    select document_id, 'fct_performance_indicator' from {{ ref('fct_performance_indicator') }}
    union all
    select document_id, 'fct_self_evaluation_score' from {{ ref('fct_self_evaluation_score') }}
    union all
    select unnest(source_document_ids), 'int_district_year_measures' from {{ ref('int_district_year_measures') }}
)

select
    fact_documents.model,
    fact_documents.document_id,
    documents.status,
    documents.is_current
from fact_documents
inner join {{ ref('dim_document') }} as documents
    on fact_documents.document_id = documents.document_id
where not documents.is_in_facts
