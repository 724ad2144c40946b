-- The measure vocabulary (SPEC 3) as a table: the seed `measures` (zhengchai/data/measures.csv), in the
-- file's order.
with vocabulary as (
    select * from {{ ref('measures') }}
)

select
    name as measure,
    unit,
    family,
    label,
    unit not in ({{ quoted(non_additive_units()) }}) as is_additive,
    case family
        when 'budget' then 'fct_budget'
        when 'households' then 'fct_relocation_households'
        when 'area' then 'fct_area_cleared'
        when 'score' then 'fct_self_evaluation_score'
        else 'fct_figure'
    end as fact_table,
    cast(list_position([{{ quoted(measure_names()) }}], name) as integer) as sort_order
from vocabulary
