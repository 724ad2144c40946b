{#- Names (province, city, district, department): every whitespace removed, full-width ones included; '' -> null. -#}
{% macro clean_name(column) -%}
    nullif(regexp_replace(cast({{ column }} as varchar), '[\s\x{3000}]+', '', 'g'), '')
{%- endmacro %}

{#- Free text: runs of whitespace folded to one space, trimmed; '' -> null. -#}
{% macro clean_text(column) -%}
    nullif(trim(regexp_replace(cast({{ column }} as varchar), '[\s\x{3000}]+', ' ', 'g')), '')
{%- endmacro %}

{#- Codes and enumerations: trimmed, lower case; '' -> null. -#}
{% macro clean_code(column) -%}
    nullif(lower(trim(cast({{ column }} as varchar))), '')
{%- endmacro %}
