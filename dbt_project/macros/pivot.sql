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
