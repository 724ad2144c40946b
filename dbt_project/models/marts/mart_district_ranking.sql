-- Grain: one row per fiscal year, measure and district with a value: the district's rank among all
-- districts reporting the measure that year, and among those of its city. Rank 1 is the largest value
-- (for every measure, rates included); ties share a rank.
with measures as (
    select * from {{ ref('int_district_year_measures') }}
),

districts as (
    select * from {{ ref('dim_district') }}
),

vocabulary as (
    select * from {{ ref('dim_measure') }}
),

joined as (
    select
        measures.fiscal_year,
        measures.measure,
        vocabulary.unit,
        vocabulary.label,
        measures.district_key,
        districts.district_code,
        districts.province,
        districts.city,
        districts.district,
        measures.value
    from measures
    left join districts
        on measures.district_key = districts.district_key
    left join vocabulary
        on measures.measure = vocabulary.measure
)

select
    {{ surrogate_key(['fiscal_year', 'measure', 'district_key']) }} as ranking_key,
    *,
    rank() over (partition by fiscal_year, measure order by value desc) as rank,
    count(*) over (partition by fiscal_year, measure) as districts_ranked,
    rank() over (partition by fiscal_year, measure, city order by value desc) as rank_in_city,
    count(*) over (partition by fiscal_year, measure, city) as districts_ranked_in_city
from joined
