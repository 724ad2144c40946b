{#-
    Use a model's custom schema as is (`staging`, `intermediate`, `seeds`) instead of dbt's default
    `<target schema>_<custom schema>`; models without one (the marts folder) land in the target schema, `main`.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
