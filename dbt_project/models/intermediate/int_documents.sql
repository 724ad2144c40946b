{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ clear_build_scope() }}") }}
-- depends_on: {{ source('raw', 'build_scope') }}
-- Incremental by document (macros/build_scope.sql): a build redoes the documents in its scope.
-- Documents with their district resolved against the administrative divisions seed, and the keys
-- (district_key, department_key) every downstream model joins on.
with documents as (
    select * from {{ ref('stg_documents') }}
    where {{ in_build_scope() }}
),

divisions as (
    select * from {{ ref('administrative_divisions') }}
),

-- Seed rows a document could be about, strongest evidence first:
--   1 the printed division code, 2 the district name (or its alias) within the printed city / province,
--   3 when no district was identified, a district name inside the department's name.
candidates as (
    select
        documents.document_id,
        divisions.code,
        1 as evidence
    from documents
    inner join divisions
        on documents.district_code = divisions.code

    union all

    select
        documents.document_id,
        divisions.code,
        2 as evidence
    from documents
    inner join divisions
        on documents.district in (divisions.district, divisions.alias)
        and (documents.city is null or documents.city in (divisions.city, divisions.city_short))
        and (documents.province is null or documents.province = divisions.province)

    union all

    select
        documents.document_id,
        divisions.code,
        3 as evidence
    from documents
    inner join divisions
        on documents.district is null
        and (
            contains(documents.department, divisions.district)
            or contains(documents.department, divisions.alias)
        )
        and (documents.city is null or documents.city in (divisions.city, divisions.city_short))
        and (documents.province is null or documents.province = divisions.province)
),

best_evidence as (
    select
        document_id,
        min(evidence) as evidence
    from candidates
    group by document_id
),

-- A document is matched only when its best evidence points at exactly one division.
matches as (
    select
        candidates.document_id,
        min(candidates.code) as code
    from candidates
    inner join best_evidence
        on candidates.document_id = best_evidence.document_id
        and candidates.evidence = best_evidence.evidence
    group by candidates.document_id
    having count(distinct candidates.code) = 1
),

resolved as (
    select
        documents.* exclude (province, city, district, district_code),
        coalesce(divisions.province, documents.province) as province,
        coalesce(divisions.city, documents.city) as city,
        coalesce(divisions.district, documents.district) as district,
        coalesce(divisions.code, documents.district_code) as district_code,
        documents.district as district_as_printed,
        divisions.code is not null as district_is_known
    from documents
    left join matches
        on documents.document_id = matches.document_id
    left join divisions
        on matches.code = divisions.code
),

keyed as (
    select
        *,
        case
            when district is not null then {{ surrogate_key(['province', 'city', 'district']) }}
        end as district_key
    from resolved
)

-- The department's identity: raw.department_identity (zhengchai/land/schema.py), which the report
-- versions use too, on the resolved district: 长沙市芙蓉区… and 芙蓉区… are one department.
select
    *,
    case
        when department is not null
            then {{ surrogate_key(['district_key', 'raw.department_identity(department, district)']) }}
    end as department_key
from keyed
