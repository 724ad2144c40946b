-- Grain: one row per figure (measure, value, scope) printed in a current, loadable document - every
-- measure of the vocabulary, totals and breakdowns, with its provenance. The long form the other
-- facts are pivoted from.
with facts as (
    select * from {{ scoped_ref('int_facts_current') }}
),

vocabulary as (
    select * from {{ ref('dim_measure') }}
)

select
    facts.fact_key,
    facts.document_id,
    facts.fact_seq,
    facts.department_key,
    facts.department,
    facts.district_key,
    facts.district,
    facts.fiscal_year,
    facts.doc_type,
    facts.measure,
    vocabulary.family,
    facts.unit,
    facts.value,
    facts.scope,
    facts.is_total,
    facts.qualifier,
    facts.is_first_mention,
    facts.mentions,
    facts.raw_text,
    facts.page,
    facts.source_text,
    facts.confidence,
    facts.confidence_reason
from facts
left join vocabulary
    on facts.measure = vocabulary.measure
