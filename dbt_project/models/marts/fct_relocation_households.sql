-- Grain: one row per current, loadable document and scope - scope null is the department's total for
-- the year, otherwise one project or group of households - with the relocation counts found for it.
with facts as (
    select * from {{ ref('int_facts_current') }}
    where is_first_mention
        and measure in ({% for m in measure_names(['households']) %}'{{ m }}'{% if not loop.last %}, {% endif %}{% endfor %})
),

pivoted as (
    select
        document_id,
        department_key,
        department,
        district_key,
        district,
        fiscal_year,
        doc_type,
        scope,
        {{ pivot_measures(measure_names(['households'])) }},
        {{ lineage_aggregates() }}
    from facts
    group by document_id, department_key, department, district_key, district, fiscal_year, doc_type, scope
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
