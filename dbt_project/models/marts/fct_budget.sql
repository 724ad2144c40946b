-- Grain: one row per current, loadable document that reports at least one budget figure as a total
-- (the department's money for the year). All money in yuan.
{%- set money = measure_names(['budget'], units=['yuan']) %}

with wide as (
    select * from {{ scoped_ref('int_facts_wide') }}
),

lineage as (
    select
        document_id,
        page,
        source_text,
        lineage
    from ({{ pivot_facts(['budget'], totals_only=true) }}) as pivoted
),

budget as (
    select
        document_id,
        department_key,
        department,
        district_key,
        district,
        fiscal_year,
        doc_type,
        {%- for m in money %}
        {{ typed_measure(m, 'yuan') }} as {{ m }},
        {%- endfor %}
        expenditure_total_source,
        {{ typed_measure('execution_rate', 'percent') }} as execution_rate_reported,
        {{ typed_measure('expenditure_total / nullif(budget, 0) * 100', 'percent') }} as execution_rate_computed
    from wide
    where coalesce({{ measure_names(['budget']) | join(', ') }}) is not null
)

select
    {{ surrogate_key(['budget.document_id']) }} as budget_key,
    budget.*,
    round(execution_rate_reported - execution_rate_computed, 4) as execution_rate_gap,
    abs(execution_rate_reported - execution_rate_computed) > 0.1 as is_execution_rate_mismatch,
    case
        when expenditure_total_source = 'reported'
            then round(expenditure_basic + expenditure_project - expenditure_total, 2)
    end as breakdown_gap,
    round(funds_received + balance_carried_in - expenditure_total - balance_carried_out, 2) as funds_balance_gap,
    lineage.page,
    lineage.source_text,
    lineage.lineage
from budget
left join lineage
    on budget.document_id = lineage.document_id
