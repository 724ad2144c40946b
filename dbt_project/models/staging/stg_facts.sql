with source as (
    select * from {{ source('raw', 'facts') }}
),

renamed as (
    select
        {{ surrogate_key(['document_id', 'fact_seq']) }} as fact_key,
        document_id,
        cast(fact_seq as integer) as fact_seq,
        {{ clean_code('measure') }} as measure,
        cast(value as double) as value,
        {{ clean_code('unit') }} as unit,
        {{ clean_text('scope') }} as scope,
        {{ clean_text('qualifier') }} as qualifier,
        {{ clean_text('raw_text') }} as raw_text,
        cast(page as integer) as page,
        {{ clean_text('source_text') }} as source_text,
        {{ clean_code('confidence') }} as confidence,
        {{ clean_text('confidence_reason') }} as confidence_reason
    from source
)

select
    *,
    scope is null as is_total
from renamed
