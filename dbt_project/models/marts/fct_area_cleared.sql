-- Grain: one row per current, loadable document and scope (null = the department's total for the
-- year, else a project or piece of land): areas in m² and in 亩 side by side (1 亩 = 2000/3 m²).
{%- set areas = measure_names(['area']) %}

with pivoted as (
    {{ pivot_facts(['area']) }}
)

select
    {{ surrogate_key(['document_id', 'scope']) }} as area_key,
    document_id,
    department_key,
    department,
    district_key,
    district,
    fiscal_year,
    doc_type,
    scope,
    scope is null as is_total,
    {%- for m in areas %}
    {{ typed_measure(m, 'm2') }} as {{ m }}_m2,
    {{ m2_to_mu(m) }} as {{ m }}_mu,
    {%- endfor %}
    {{ typed_measure('land_cleared / nullif(land_cleared_target, 0) * 100', 'percent') }} as land_cleared_vs_target_pct,
    page,
    source_text,
    lineage
from pivoted
