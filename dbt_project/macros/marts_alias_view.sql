{#-
    Post-hook of every model under models/marts: a view `marts.<name>` onto the table `main.<name>`, so
    analysts can write either `select * from fct_budget` or `select * from marts.fct_budget`.
    The view names no catalog, so it keeps working when the warehouse file is renamed or attached
    under another alias (DuckDB binds it inside its own catalog).
-#}
{% macro marts_alias_view() -%}
    {%- if execute and model.resource_type == 'model' -%}
        create schema if not exists marts;
        create or replace view marts."{{ this.identifier }}" as
            select * from "{{ this.schema }}"."{{ this.identifier }}";
        comment on view marts."{{ this.identifier }}" is 'Alias of {{ this.schema }}.{{ this.identifier }}.';
    {%- endif -%}
{%- endmacro %}
