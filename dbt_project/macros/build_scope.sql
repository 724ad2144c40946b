{#-
  Incremental models keyed by document. zhengchai/land/scope.py decides which documents a build redoes
  and lists them in raw.build_scope; zhengchai.dbt.build(scope_run=...) passes the run as the var
  build_scope_run. An incremental model deletes those documents' rows first (pre-hook
  clear_build_scope) and appends what it computes for them (filter in_build_scope), so documents that
  left the model (superseded, quarantined) leave no rows behind. Without the var every row is redone.
  The fct_ models, keyed by document too, read their inputs through scoped_ref. The raw table is named
  directly (dbt records no source() called only inside is_incremental() when it parses); the int_
  models name it in a `-- depends_on:` comment for the lineage.
-#}

{% macro build_scope_documents() -%}
    select document_id
    from raw.build_scope
    where run_id = '{{ var("build_scope_run") | replace("'", "''") }}'
{%- endmacro %}

{% macro in_build_scope(column='document_id') -%}
    {%- if var('build_scope_run', none) and this is not none and is_incremental() -%}
        {{ column }} in ({{ build_scope_documents() }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro clear_build_scope() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        {%- if var('build_scope_run', none) %} where document_id in ({{ build_scope_documents() }}){% endif %}
    {%- endif -%}
{%- endmacro %}

{#- ref(name), restricted to the build's documents when the calling model builds incrementally. -#}
{% macro scoped_ref(name) -%}
    {%- if var('build_scope_run', none) and this is not none and is_incremental() -%}
        (select * from {{ ref(name) }} where document_id in ({{ build_scope_documents() }}))
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}
