with source as (
    select * from {{ source('raw', 'validation_results') }}
),

renamed as (
    select
        run_id,
        document_id,
        {{ clean_code('rule') }} as rule,
        {{ clean_code('severity') }} as severity,
        cast(passed as boolean) as passed,
        observed as observed_json,
        {{ clean_text('message') }} as message,
        cast(validated_at as timestamp) as validated_at
    from source
)

select * from renamed
