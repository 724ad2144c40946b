-- A district-year with a single department and a single current report carries that report's budget
-- figures unchanged from fct_budget to mart_district_year.
with single_report as (
    select
        district_key,
        fiscal_year,
        any_value(document_id) as document_id
    from {{ ref('fct_budget') }}
    group by district_key, fiscal_year
    having count(*) = 1
)

select
    mart.district_key,
    mart.fiscal_year,
    mart.budget,
    budget.budget as fct_budget,
    mart.expenditure_total,
    budget.expenditure_total as fct_expenditure_total
from single_report
inner join {{ ref('fct_budget') }} as budget
    on single_report.document_id = budget.document_id
inner join {{ ref('mart_district_year') }} as mart
    on single_report.district_key = mart.district_key
    and single_report.fiscal_year = mart.fiscal_year
where mart.budget is distinct from budget.budget
    or mart.expenditure_total is distinct from budget.expenditure_total
