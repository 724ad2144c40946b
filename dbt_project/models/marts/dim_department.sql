-- One row per reporting department (name as printed, within its district).
with documents as (
    select * from {{ ref('int_current_documents') }}
    where department_key is not null
)

select
    department_key,
    department,
    district_key,
    any_value(district) as district,
    arg_max(department_kind, loaded_at) filter (where department_kind is not null) as department_kind,
    case arg_max(department_kind, loaded_at) filter (where department_kind is not null)
        when 'house_expropriation' then '房屋征收'
        when 'land_acquisition' then '征地'
    end as department_kind_label,
    count(*) as documents,
    count(*) filter (where is_current) as current_documents,
    min(fiscal_year) as first_fiscal_year,
    max(fiscal_year) as last_fiscal_year
from documents
group by department_key, department, district_key
