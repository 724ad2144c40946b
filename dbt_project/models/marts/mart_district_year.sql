-- Grain: one row per district and fiscal year that has any current document - also a year whose only
-- document is quarantined or could not be read: its measures are then null. Every measure of the
-- vocabulary as the district's total for the year (see int_district_year_measures for how a
-- department's two reports and a district's several departments combine); null where the reports are
-- silent, never zero-filled.
with documents as (
    select * from {{ ref('int_current_documents') }}
    where is_current
        and district_key is not null
        and fiscal_year is not null
),

status as (
    select * from {{ ref('int_document_status') }}
),

measures as (
    select * from {{ ref('int_district_year_measures') }}
),

districts as (
    select * from {{ ref('dim_district') }}
),

district_years as (
    select
        documents.district_key,
        documents.fiscal_year,
        count(*) as documents,
        count(*) filter (where status.is_loadable) as documents_loaded,
        count(distinct documents.department_key) as departments,
        list(documents.document_id order by documents.document_id) as document_ids,
        list_sort(list_distinct(list(documents.doc_type))) as doc_types,
        bool_or(documents.doc_type = 'narrative_report') as has_narrative_report,
        bool_or(documents.doc_type = 'selfeval_table') as has_selfeval_table,
        list_sort(list_distinct(list(status.status))) as document_statuses,
        bool_or(status.status = 'quarantined') as has_quarantined_document,
        bool_and(status.status = 'quarantined') as all_documents_quarantined,
        bool_or(status.status = 'accepted') as has_accepted_document,
        bool_or(status.status = 'failed_extraction') as has_failed_document,
        string_agg(status.quarantine_reason, '; ' order by documents.document_id)
            filter (where status.status = 'quarantined') as quarantine_reasons
    from documents
    inner join status
        on documents.document_id = status.document_id
    group by documents.district_key, documents.fiscal_year
),

pivoted as (
    select
        district_key,
        fiscal_year,
        {{ pivot_measures(measure_names(), order_column=none) }}
    from measures
    group by district_key, fiscal_year
)

select
    {{ surrogate_key(['district_years.district_key', 'district_years.fiscal_year']) }} as district_year_key,
    district_years.district_key,
    districts.district_code,
    districts.province,
    districts.city,
    districts.district,
    districts.is_known as district_is_known,
    district_years.fiscal_year,
    {%- for m in measures() %}
    {{ typed_measure('pivoted.' ~ m[0], m[1]) }} as {{ m[0] }},
    {%- endfor %}
    {{ typed_measure('pivoted.expenditure_total / nullif(pivoted.budget, 0) * 100', 'percent') }}
        as execution_rate_computed,
    {{ typed_measure('pivoted.households_signed / nullif(pivoted.households_target, 0) * 100', 'percent') }}
        as signing_rate_computed,
    {{ m2_to_mu('pivoted.land_cleared') }} as land_cleared_mu,
    {{ m2_to_mu('pivoted.area_scope') }} as area_scope_mu,
    district_years.documents,
    district_years.documents_loaded,
    district_years.departments,
    district_years.document_ids,
    district_years.doc_types,
    district_years.has_narrative_report,
    district_years.has_selfeval_table,
    district_years.document_statuses,
    district_years.has_quarantined_document,
    district_years.all_documents_quarantined,
    district_years.has_accepted_document,
    district_years.has_failed_document,
    district_years.quarantine_reasons
from district_years
left join pivoted
    on district_years.district_key = pivoted.district_key
    and district_years.fiscal_year = pivoted.fiscal_year
left join districts
    on district_years.district_key = districts.district_key
