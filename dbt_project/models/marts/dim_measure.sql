-- The measure vocabulary (macro measures(), SPEC 3) as a table.
with vocabulary as (
    select *
    from (
        values
        {%- for m in measures() %}
        ({{ loop.index }}, '{{ m[0] }}', '{{ m[1] }}', '{{ m[2] }}', '{{ m[3] }}'){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as vocabulary (sort_order, measure, unit, family, label)
)

select
    measure,
    unit,
    family,
    label,
    unit not in ({% for u in non_additive_units() %}'{{ u }}'{% if not loop.last %}, {% endif %}{% endfor %}) as is_additive,
    case family
        when 'budget' then 'fct_budget'
        when 'households' then 'fct_relocation_households'
        when 'area' then 'fct_area_cleared'
        when 'score' then 'fct_self_evaluation_score'
        else 'fct_figure'
    end as fact_table,
    cast(sort_order as integer) as sort_order
from vocabulary
