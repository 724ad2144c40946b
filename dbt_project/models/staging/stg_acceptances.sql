with source as (
    select * from {{ source('raw', 'acceptances') }}
),

renamed as (
    select
        document_id,
        {{ clean_code('rule') }} as rule,
        {{ clean_text('reason') }} as reason,
        {{ clean_text('accepted_by') }} as accepted_by,
        cast(accepted_at as timestamp) as accepted_at
    from source
)

select * from renamed
