-- Grain: one row per current, loadable document and scope - scope null is the department's total for
-- the year, otherwise one project or group of households - with the relocation counts found for it.
with pivoted as (
    {{ pivot_facts(['households']) }}
)

select
    {{ surrogate_key(['document_id', 'scope']) }} as households_key,
    document_id,
    department_key,
    department,
    district_key,
    district,
    fiscal_year,
    doc_type,
    scope,
    scope is null as is_total,
    {{ typed_measure('households_target', 'household') }} as households_target,
    {{ typed_measure('households_signed', 'household') }} as households_signed,
    {{ typed_measure('units_target', 'unit') }} as units_target,
    {{ typed_measure('units_signed', 'unit') }} as units_signed,
    {{ typed_measure('signing_rate', 'percent') }} as signing_rate_reported,
    {{ typed_measure('households_signed / nullif(households_target, 0) * 100', 'percent') }} as signing_rate_computed,
    {{ typed_measure('persons_relocated', 'person') }} as persons_relocated,
    {{ typed_measure('buildings_demolished', 'building') }} as buildings_demolished,
    page,
    source_text,
    lineage
from pivoted
