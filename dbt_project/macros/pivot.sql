{#-
    Long -> wide: one aggregate column per measure, taking the first mention (lowest order_column) when a
    document repeats a figure; order_column=none when the input has one row per measure already.
    Use inside a `group by` over the long relation.
        {{ pivot_measures(measure_names(['budget'])) }}
-#}
{% macro pivot_measures(names, measure_column='measure', value_column='value', order_column='fact_seq', prefix='', suffix='') -%}
    {%- for name in names %}
        {% if order_column is none -%}
        max({{ value_column }})
        {%- else -%}
        arg_min({{ value_column }}, {{ order_column }})
        {%- endif %} filter (where {{ measure_column }} = '{{ name }}') as {{ prefix }}{{ name }}{{ suffix }}
        {%- if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{#-
    Provenance of a row built from several facts (use inside the same `group by`):
      page        the first page any of the row's figures comes from
      source_text the distinct sentences / cells the figures come from, sorted, joined by ' ‖ '
      lineage     one struct per figure: measure, value, unit, qualifier, raw_text, page, source_text, fact_seq
-#}
{% macro lineage_aggregates() -%}
        min(page) as page,
        string_agg(distinct source_text, ' ‖ ' order by source_text) as source_text,
        list(
            {
                'measure': measure, 'value': value, 'unit': unit, 'qualifier': qualifier,
                'raw_text': raw_text, 'page': page, 'source_text': source_text, 'fact_seq': fact_seq
            }
            order by fact_seq
        ) as lineage
{%- endmacro %}

{#-
    The first mentions of one or more measure families in current, loadable documents, pivoted wide: one row
    per document and scope (or per document, totals only), with the document's columns, one column per
    measure and the row's provenance (lineage_aggregates). The wide fact models select from it:
        with pivoted as ({{ pivot_facts(['households']) }})
-#}
{% macro pivot_facts(families, totals_only=false) -%}
    {%- set names = measure_names(families) %}
    select
        {{ document_columns() }},
        {%- if not totals_only %}
        scope,
        {%- endif %}
        {{ pivot_measures(names) }},
        {{ lineage_aggregates() }}
    from {{ scoped_ref('int_facts_current') }}
    where is_first_mention
        {%- if totals_only %}
        and is_total
        {%- endif %}
        and measure in ({{ quoted(names) }})
    group by all
{%- endmacro %}

{#- The columns that place a fact: its document, department, district, fiscal year and kind of report. -#}
{% macro document_columns() -%}
    document_id, department_key, department, district_key, district, fiscal_year, doc_type
{%- endmacro %}
