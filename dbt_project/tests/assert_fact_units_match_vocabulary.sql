-- Every figure is in its measure's canonical unit (SPEC 3); a mismatch is an extraction bug.
{{ config(severity='warn') }}

select
    facts.document_id,
    facts.fact_seq,
    facts.measure,
    facts.unit,
    vocabulary.unit as expected_unit
from {{ ref('stg_facts') }} as facts
inner join {{ ref('dim_measure') }} as vocabulary
    on facts.measure = vocabulary.measure
where facts.unit is distinct from vocabulary.unit
