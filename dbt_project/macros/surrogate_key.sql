{#-
    md5 of the grain columns, null-safe: surrogate_key(['document_id', 'scope']).
    A null and the empty string hash differently; the separator keeps ('a', 'bc') apart from ('ab', 'c').
-#}
{% macro surrogate_key(columns) -%}
    md5(
        {%- for column in columns %}
        coalesce(cast({{ column }} as varchar), '<null>'){% if not loop.last %} || '|' ||{% endif %}
        {%- endfor %}
    )
{%- endmacro %}
