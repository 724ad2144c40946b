-- One row per reporting department within its district; its printed forms (长沙市芙蓉区…, 芙蓉区…) are one
-- department (int_documents.department_key), named by its fullest printed form.
with documents as (
    select * from {{ ref('int_current_documents') }}
    where department_key is not null
)

select
    department_key,
    arg_max(department, length(department)) as department,
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
group by department_key, district_key
