-- Grain: one row per current, loadable document, expenditure class (total / basic / project) and
-- spending category (null = the class's total for the year). Reported figures, plus a derived total
-- row where the report gives basic and project spending but no total.
with facts as (
    select * from {{ scoped_ref('int_facts_current') }}
    where measure in ('expenditure_total', 'expenditure_basic', 'expenditure_project')
        and is_first_mention
),

wide as (
    select * from {{ scoped_ref('int_facts_wide') }}
),

reported as (
    select
        document_id,
        department_key,
        department,
        district_key,
        district,
        fiscal_year,
        doc_type,
        replace(measure, 'expenditure_', '') as expenditure_class,
        scope as category,
        value as amount_yuan,
        'reported' as value_source,
        qualifier,
        raw_text,
        page,
        source_text,
        fact_seq
    from facts
),

derived as (
    select
        document_id,
        department_key,
        department,
        district_key,
        district,
        fiscal_year,
        doc_type,
        'total' as expenditure_class,
        null as category,
        expenditure_total as amount_yuan,
        'derived' as value_source,
        null as qualifier,
        null as raw_text,
        null as page,
        'expenditure_basic + expenditure_project' as source_text,
        null as fact_seq
    from wide
    where expenditure_total_source = 'derived'
),

unioned as (
    select * from reported
    union all by name
    select * from derived
),

with_totals as (
    select
        *,
        max(case when category is null then amount_yuan end)
            over (partition by document_id, expenditure_class) as class_total_yuan,
        max(case when category is null and expenditure_class = 'total' then amount_yuan end)
            over (partition by document_id) as expenditure_total_yuan
    from unioned
)

select
    {{ surrogate_key(['document_id', 'expenditure_class', 'category']) }} as expenditure_key,
    document_id,
    department_key,
    department,
    district_key,
    district,
    fiscal_year,
    doc_type,
    expenditure_class,
    category,
    category is null as is_total,
    {{ typed_measure('amount_yuan', 'yuan') }} as amount_yuan,
    value_source,
    {{ typed_measure('amount_yuan / nullif(class_total_yuan, 0) * 100', 'percent') }} as share_of_class_pct,
    {{ typed_measure('amount_yuan / nullif(expenditure_total_yuan, 0) * 100', 'percent') }} as share_of_total_pct,
    qualifier,
    raw_text,
    cast(page as integer) as page,
    source_text,
    cast(fact_seq as integer) as fact_seq
from with_totals
