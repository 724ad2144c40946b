with source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        document_id,
        document_id as sha256,
        {{ clean_text('source_path') }} as source_path,
        {{ clean_text('file_name') }} as file_name,
        {{ clean_code('format') }} as file_format,
        cast(size_bytes as bigint) as size_bytes,
        cast(pages as integer) as page_count,
        {{ clean_name('province') }} as province,
        {{ clean_name('city') }} as city,
        {{ clean_name('district') }} as district,
        {{ clean_name('district_code') }} as district_code,
        {{ clean_name('department') }} as department,
        {{ clean_code('department_kind') }} as department_kind,
        cast(fiscal_year as integer) as fiscal_year,
        {{ clean_code('doc_type') }} as doc_type,
        cast(report_date as date) as report_date,
        {{ clean_code('parse_status') }} as parse_status,
        {{ clean_text('extractor_version') }} as extractor_version,
        run_id,
        cast(loaded_at as timestamp) as loaded_at,
        {{ clean_code('district_source') }} as district_source,
        {{ clean_code('fiscal_year_source') }} as fiscal_year_source
    from source
)

select * from renamed
