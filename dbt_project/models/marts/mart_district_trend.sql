-- Grain: one row per district, measure and fiscal year with a value. Change against the previous year
-- the district reported the measure, year-over-year change and growth (only when that previous year is
-- the calendar year before), and compound annual growth from the first year available - to this year
-- and over the whole span.
with measures as (
    select * from {{ ref('int_district_year_measures') }}
),

districts as (
    select * from {{ ref('dim_district') }}
),

vocabulary as (
    select * from {{ ref('dim_measure') }}
),

series as (
    select
        district_key,
        measure,
        fiscal_year,
        value,
        lag(fiscal_year) over by_year as previous_fiscal_year,
        lag(value) over by_year as previous_value,
        first_value(fiscal_year) over whole_series as first_fiscal_year,
        first_value(value) over whole_series as first_value,
        last_value(fiscal_year) over whole_series as last_fiscal_year,
        last_value(value) over whole_series as last_value,
        count(*) over whole_series as years_available
    from measures
    window
        by_year as (partition by district_key, measure order by fiscal_year),
        whole_series as (
            partition by district_key, measure
            order by fiscal_year
            rows between unbounded preceding and unbounded following
        )
),

growth as (
    select
        *,
        round(value - previous_value, 4) as change_since_previous,
        round((value - previous_value) / nullif(previous_value, 0) * 100, 4) as growth_pct_since_previous,
        case
            when fiscal_year > first_fiscal_year and first_value > 0 and value >= 0
                then round((pow(value / first_value, 1.0 / (fiscal_year - first_fiscal_year)) - 1) * 100, 4)
        end as cagr_to_date_pct,
        case
            when last_fiscal_year > first_fiscal_year and first_value > 0 and last_value >= 0
                then round((pow(last_value / first_value, 1.0 / (last_fiscal_year - first_fiscal_year)) - 1) * 100, 4)
        end as cagr_pct
    from series
)

select
    {{ surrogate_key(['growth.district_key', 'growth.measure', 'growth.fiscal_year']) }} as trend_key,
    growth.district_key,
    districts.district_code,
    districts.city,
    districts.district,
    growth.measure,
    vocabulary.unit,
    vocabulary.label,
    growth.fiscal_year,
    growth.value,
    growth.previous_fiscal_year,
    growth.previous_value,
    growth.change_since_previous,
    growth.growth_pct_since_previous,
    case when growth.fiscal_year - growth.previous_fiscal_year = 1 then growth.change_since_previous end
        as yoy_change,
    case when growth.fiscal_year - growth.previous_fiscal_year = 1 then growth.growth_pct_since_previous end
        as yoy_growth_pct,
    growth.first_fiscal_year,
    growth.first_value,
    growth.last_fiscal_year,
    growth.last_value,
    growth.years_available,
    growth.cagr_to_date_pct,
    growth.cagr_pct
from growth
left join districts
    on growth.district_key = districts.district_key
left join vocabulary
    on growth.measure = vocabulary.measure
