-- Grain: one row per current, loadable document that prints a self-evaluation score or an indicator
-- table: the total score, the budget-execution row, and the indicator table summed.
with documents as (
    select * from {{ scoped_ref('int_current_documents') }}
    where is_current
),

status as (
    select * from {{ scoped_ref('int_document_status') }}
    where is_loadable
),

wide as (
    select * from {{ scoped_ref('int_facts_wide') }}
),

indicators as (
    select
        document_id,
        count(*) as indicator_count,
        sum(weight) as indicator_weight_sum,
        sum(score) as indicator_score_sum
    from {{ scoped_ref('fct_performance_indicator') }}
    group by document_id
),

lineage as (
    select
        document_id,
        page,
        source_text,
        lineage
    from ({{ pivot_facts(['score'], totals_only=true) }}) as pivoted
),

scores as (
    select
        documents.document_id,
        documents.department_key,
        documents.department,
        documents.district_key,
        documents.district,
        documents.fiscal_year,
        documents.doc_type,
        {{ typed_measure('wide.score_total', 'point') }} as score_total,
        {{ typed_measure('wide.score_budget_execution', 'point') }} as score_budget_execution,
        {{ typed_measure('wide.weight_budget_execution', 'point') }} as weight_budget_execution,
        coalesce(indicators.indicator_count, 0) as indicator_count,
        round(indicators.indicator_weight_sum, 4) as indicator_weight_sum,
        round(indicators.indicator_score_sum, 4) as indicator_score_sum
    from documents
    inner join status
        on documents.document_id = status.document_id
    left join wide
        on documents.document_id = wide.document_id
    left join indicators
        on documents.document_id = indicators.document_id
    where wide.score_total is not null
        or wide.score_budget_execution is not null
        or wide.weight_budget_execution is not null
        or indicators.indicator_count > 0
)

select
    {{ surrogate_key(['scores.document_id']) }} as score_key,
    scores.*,
    round(indicator_score_sum + coalesce(score_budget_execution, 0), 4) as score_total_computed,
    round(score_total - (indicator_score_sum + coalesce(score_budget_execution, 0)), 4) as score_gap,
    round(indicator_weight_sum + coalesce(weight_budget_execution, 0), 4) as weight_total,
    case
        when score_total >= 90 then '优'
        when score_total >= 80 then '良'
        when score_total >= 60 then '中'
        when score_total is not null then '差'
    end as grade,
    lineage.page,
    lineage.source_text,
    lineage.lineage
from scores
left join lineage
    on scores.document_id = lineage.document_id
