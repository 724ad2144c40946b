-- Every document with its place among the versions of the same report. A republished report
-- supersedes the older one: per (department, fiscal_year, doc_type) the current version is the newest
-- by report_date (undated last), then loaded_at, then document_id. A department's narrative report and
-- its self-evaluation form for one year are different reports, each with its own current version.
-- A document whose department or fiscal year is unknown cannot be matched with others: it is its own
-- group, and so current.
with documents as (
    select * from {{ ref('int_documents') }}
),

grouped as (
    select
        *,
        case
            when department_key is null or fiscal_year is null then document_id
            else {{ surrogate_key(['department_key', 'fiscal_year', 'doc_type']) }}
        end as version_group
    from documents
),

ranked as (
    select
        *,
        row_number() over newest_first as recency_rank,
        -- the version right after this one (the row before it, newest first)
        lag(document_id) over newest_first as superseded_by,
        first_value(document_id) over newest_first as current_document_id,
        count(*) over (partition by version_group) as version_count
    from grouped
    window newest_first as (
        partition by version_group
        order by report_date desc nulls last, loaded_at desc nulls last, document_id desc
    )
)

select
    * exclude (recency_rank),
    version_count - recency_rank + 1 as version_number,
    recency_rank = 1 as is_current
from ranked
