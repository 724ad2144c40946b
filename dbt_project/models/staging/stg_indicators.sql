with source as (
    select * from {{ source('raw', 'indicators') }}
),

renamed as (
    select
        {{ surrogate_key(['document_id', 'indicator_seq']) }} as indicator_key,
        document_id,
        cast(indicator_seq as integer) as indicator_seq,
        {{ clean_text('level1') }} as level1,
        {{ clean_text('level2') }} as level2,
        {{ clean_text('level3') }} as level3,
        {{ clean_text('content') }} as content,
        {{ clean_text('target') }} as target,
        {{ clean_text('actual') }} as actual,
        cast(weight as double) as weight,
        cast(score as double) as score,
        {{ clean_text('reason') }} as reason,
        {{ clean_text('improvement') }} as improvement,
        cast(page as integer) as page
    from source
)

select * from renamed
