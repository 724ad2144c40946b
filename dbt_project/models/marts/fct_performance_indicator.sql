-- Grain: one row per row of the performance indicator table of a current, loadable document.
-- Merged cells (一级 / 二级指标 spanning several rows) arrive empty after their first row; they are
-- filled down from the row above within the document.
with indicators as (
    select * from {{ scoped_ref('stg_indicators') }}
),

documents as (
    select * from {{ scoped_ref('int_current_documents') }}
    where is_current
),

status as (
    select * from {{ scoped_ref('int_document_status') }}
    where is_loadable
),

current_indicators as (
    select
        indicators.*,
        documents.department_key,
        documents.department,
        documents.district_key,
        documents.district,
        documents.fiscal_year,
        documents.doc_type
    from indicators
    inner join documents
        on indicators.document_id = documents.document_id
    inner join status
        on indicators.document_id = status.document_id
),

filled as (
    select
        * replace (
            coalesce(level1, last_value(level1 ignore nulls) over table_order) as level1,
            coalesce(level2, last_value(level2 ignore nulls) over table_order) as level2
        )
    from current_indicators
    window table_order as (
        partition by document_id
        order by indicator_seq
        rows between unbounded preceding and current row
    )
)

select
    indicator_key,
    document_id,
    indicator_seq,
    department_key,
    department,
    district_key,
    district,
    fiscal_year,
    doc_type,
    level1,
    level2,
    level3,
    content,
    target,
    actual,
    weight,
    score,
    round(weight - score, 4) as points_lost,
    round(score / nullif(weight, 0) * 100, 4) as score_pct,
    score >= weight as is_full_score,
    reason,
    improvement,
    page,
    concat_ws(' | ', level1, level2, level3, content, target, actual, cast(weight as varchar), cast(score as varchar))
        as source_text
from filled
