{#-
  Incremental models keyed by document. zhengchai/land/scope.py decides which documents a build redoes
  and lists them in raw.build_scope; zhengchai.dbt.build(scope_run=...) passes the run as the var
  build_scope_run. An incremental model deletes those documents' rows first (pre-hook
  clear_build_scope) and appends what it computes for them (filter in_build_scope), so documents that
  left the model (superseded, quarantined) leave no rows behind. Without the var every row is redone.
  A model using them names the source in a `-- depends_on:` comment (dbt finds no reference made
  inside is_incremental() when it parses).
-#}

{% macro build_scope_documents() -%}
    select document_id
    from {{ source('raw', 'build_scope') }}
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
