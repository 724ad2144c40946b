-- Every fiscal year documents report on, with the years between them (so gaps show), each with how
-- much was published for it.
with documents as (
    select * from {{ ref('int_current_documents') }}
    where fiscal_year is not null
),

observed as (
    select
        fiscal_year,
        count(*) as documents,
        count(*) filter (where is_current) as current_documents,
        count(distinct district_key) filter (where is_current) as districts_reporting
    from documents
    group by fiscal_year
),

bounds as (
    select
        min(fiscal_year) as first_year,
        max(fiscal_year) as last_year
    from observed
    where fiscal_year between 2000 and year(current_date) + 1
),

years as (
    select unnest(generate_series(first_year, last_year)) as fiscal_year
    from bounds
    where first_year is not null
    union
    select fiscal_year from observed
)

select
    cast(years.fiscal_year as integer) as fiscal_year,
    case when years.fiscal_year between 1 and 9999 then make_date(cast(years.fiscal_year as integer), 1, 1) end
        as starts_on,
    case when years.fiscal_year between 1 and 9999 then make_date(cast(years.fiscal_year as integer), 12, 31) end
        as ends_on,
    cast(years.fiscal_year + 1 as integer) as reporting_year,
    observed.fiscal_year is not null as is_observed,
    coalesce(observed.documents, 0) as documents,
    coalesce(observed.current_documents, 0) as current_documents,
    coalesce(observed.districts_reporting, 0) as districts_reporting
from years
left join observed
    on years.fiscal_year = observed.fiscal_year
