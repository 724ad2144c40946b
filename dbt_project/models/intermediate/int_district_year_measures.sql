-- Long: one row per district, fiscal year and measure that some current, loadable document reports
-- as a total. Within one department and year, when both of its reports carry the measure the narrative
-- report's value wins, else the self-evaluation form's (the narrative is the fuller, later text; the
-- form's header block often rounds). Across the district's departments (a 征收办 and a 征地中心 both
-- report), additive measures (money, areas, counts) are summed; a rate or score is kept only when a
-- single department reports anything for the district and year (two departments' rates or scores do
-- not combine, and one department's rate would not match the district's summed money).
{%- set non_additive = measure_names(units=non_additive_units()) %}
{%- set totals = breakdown_totals() %}

with wide as (
    select * from {{ ref('int_facts_wide') }}
    where district_key is not null
        and fiscal_year is not null
),

long as (
    unpivot wide
    on {{ measure_names() | join(', ') }}
    into name measure value value
),

sourced as (
    select
        district_key,
        fiscal_year,
        department_key,
        document_id,
        doc_type,
        measure,
        value,
        case
            {%- for name in totals %}
            when measure = '{{ name }}' then {{ name }}_source
            {%- endfor %}
            else 'reported'
        end as value_source
    from long
),

preferred as (
    select *
    from sourced
    qualify row_number() over (
        partition by district_key, fiscal_year, department_key, measure
        order by
            case doc_type when 'narrative_report' then 1 when 'selfeval_table' then 2 else 3 end,
            document_id
    ) = 1
),

departments as (
    select
        district_key,
        fiscal_year,
        count(distinct department_key) as departments
    from sourced
    group by district_key, fiscal_year
),

combined as (
    select
        preferred.district_key,
        preferred.fiscal_year,
        preferred.measure,
        case
            when preferred.measure in ({{ quoted(non_additive) }})
                then case when any_value(departments.departments) = 1 then max(preferred.value) end
            else sum(preferred.value)
        end as value,
        count(*) as departments_reporting,
        case when bool_and(preferred.value_source = 'reported') then 'reported' else 'derived' end as value_source,
        list(preferred.document_id order by preferred.document_id) as source_document_ids,
        list_sort(list_distinct(list(preferred.doc_type))) as source_doc_types
    from preferred
    inner join departments
        on preferred.district_key = departments.district_key
        and preferred.fiscal_year = departments.fiscal_year
    group by preferred.district_key, preferred.fiscal_year, preferred.measure
)

select
    {{ surrogate_key(['district_key', 'fiscal_year', 'measure']) }} as district_year_measure_key,
    *
from combined
where value is not null
