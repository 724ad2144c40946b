-- Every district of the seed, plus every district documents name that the seed lacks (is_known = false).
with divisions as (
    select * from {{ ref('administrative_divisions') }}
),

documents as (
    select * from {{ ref('int_documents') }}
),

known as (
    select
        {{ surrogate_key(['province', 'city', 'district']) }} as district_key,
        code as district_code,
        province,
        city,
        city_short,
        district,
        district_short,
        alias,
        kind,
        true as is_known
    from divisions
),

unknown as (
    select
        district_key,
        min(district_code) as district_code,
        province,
        city,
        null as city_short,
        district,
        null as district_short,
        null as alias,
        case
            when district like '%自治县' then '自治县'
            when district like '%区' then '区'
            when district like '%市' then '县级市'
            when district like '%县' then '县'
        end as kind,
        false as is_known
    from documents
    where district_key is not null
        and not district_is_known
    group by district_key, province, city, district
),

districts as (
    select * from known
    union all by name
    select * from unknown
),

document_counts as (
    select
        district_key,
        count(*) as documents,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year
    from documents
    where district_key is not null
    group by district_key
)

select
    districts.district_key,
    districts.district_code,
    districts.province,
    districts.city,
    districts.city_short,
    districts.district,
    districts.district_short,
    districts.alias,
    districts.kind,
    districts.is_known,
    coalesce(document_counts.documents, 0) as documents,
    document_counts.first_fiscal_year,
    document_counts.last_fiscal_year
from districts
left join document_counts
    on districts.district_key = document_counts.district_key
