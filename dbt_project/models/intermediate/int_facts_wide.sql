{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ clear_build_scope() }}") }}
-- depends_on: {{ source('raw', 'build_scope') }}
-- Incremental by document (macros/build_scope.sql): a build redoes the documents in its scope.
-- One row per current, loadable document with at least one total (scope null) figure: the totals
-- pivoted from long to wide, one column per measure of the vocabulary (macro measures()). A figure
-- printed twice keeps its first mention. A breakdown total that is missing while all its disjoint parts
-- are reported (expenditure_total = expenditure_basic + expenditure_project) is derived from them, and
-- `<total>_source` says 'reported' or 'derived'.
{%- set totals = breakdown_totals() %}

with facts as (
    select * from {{ ref('int_facts_current') }}
    where is_total
        and {{ in_build_scope() }}
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
        count(distinct measure) as measures_reported,
        {{ pivot_measures(measure_names()) }}
    from facts
    group by document_id, department_key, department, district_key, district, fiscal_year, doc_type
)

select
    document_id,
    department_key,
    department,
    district_key,
    district,
    fiscal_year,
    doc_type,
    measures_reported,
    {%- for name in measure_names() %}
    {%- if name in totals %}
    {%- set parts = totals[name] %}
    coalesce({{ name }}, {% for part in parts %}{{ part }}{% if not loop.last %} + {% endif %}{% endfor %}) as {{ name }},
    case
        when {{ name }} is not null then 'reported'
        when {% for part in parts %}{{ part }} is not null{% if not loop.last %} and {% endif %}{% endfor %} then 'derived'
    end as {{ name }}_source
    {%- else %}
    {{ name }}
    {%- endif %}
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
from pivoted
