with source as (
    select * from {{ source('raw', 'problems') }}
),

renamed as (
    select
        document_id,
        {{ clean_text('source_path') }} as source_path,
        {{ clean_code('stage') }} as stage,
        {{ clean_code('severity') }} as severity,
        {{ clean_code('code') }} as problem_code,
        {{ clean_text('message') }} as message,
        run_id,
        cast(detected_at as timestamp) as detected_at
    from source
)

select * from renamed
