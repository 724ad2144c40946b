{#-
    The measure vocabulary of SPEC.md section 3 has one hand-edited file, zhengchai/data/measures.csv
    (name, unit, family, label), which Python reads (zhengchai/extract/vocabulary.py) and dbt loads as the
    seed `measures` (seed-paths in dbt_project.yml). The pivots need the names when SQL is compiled, so
    this macro reads the same file with DuckDB at execution time, in file order; while dbt only parses
    (execute is false) nothing runs and it returns no measures.
    family: which fact table carries it - budget, households, area, score, other.
-#}
{% macro measures() -%}
    {%- if not execute -%}
        {#- parsing: the seed becomes a parent of every model that calls this, so it is built first -#}
        {%- do ref('measures') -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set seed = (graph.get('nodes') or {}).get('seed.' ~ project_name ~ '.measures') -%}
    {%- if seed -%}
        {%- set path = (seed.root_path ~ '/' ~ seed.original_file_path) | replace("'", "''") -%}
        {%- set sql = "select name, unit, family, label from read_csv('" ~ path
            ~ "', header = true, all_varchar = true)" -%}
    {%- else -%}
        {#- a unit test is compiled without the graph: the seed as loaded, in the file's order -#}
        {%- set relation = api.Relation.create(database=target.database, schema='seeds', identifier='measures') -%}
        {%- set sql = "select name, unit, family, label from " ~ relation ~ " order by rowid" -%}
    {%- endif -%}
    {%- set rows = [] -%}
    {%- for row in run_query(sql).rows -%}{%- do rows.append((row[0], row[1], row[2], row[3])) -%}{%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}

{#- Measure names, optionally of some families or units only: measure_names(['budget'], units=['yuan']). -#}
{% macro measure_names(families=none, units=none) -%}
    {%- set names = [] -%}
    {%- for m in measures() -%}
        {%- if (families is none or m[2] in families) and (units is none or m[1] in units) -%}
            {%- do names.append(m[0]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#- Units that cannot be summed across departments (rates, scores). -#}
{% macro non_additive_units() -%}
    {{ return(['percent', 'point']) }}
{%- endmacro %}

{#-
    Totals whose disjoint parts add up to them exactly (SPEC 5). Where the total is missing and every
    part is reported, int_facts_wide derives it and says so in `<total>_source`.
-#}
{% macro breakdown_totals() -%}
    {{ return({
        'expenditure_total': ['expenditure_basic', 'expenditure_project'],
    }) }}
{%- endmacro %}

{#- 亩 per square metre (1 亩 = 2000/3 m²). -#}
{% macro mu_per_m2() -%}(3.0 / 2000.0){%- endmacro %}

{#- Canonical unit of a measure. -#}
{% macro measure_unit(name) -%}
    {%- for m in measures() -%}
        {%- if m[0] == name -%}{{ return(m[1]) }}{%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error('unknown measure ' ~ name) }}
{%- endmacro %}

{#-
    A measure's value as analysts get it in facts and marts: counts as bigint (null if a garbled figure
    overflows), money and area rounded to 2 decimals (fen, 0.01 m²), rates and scores to 4.
-#}
{% macro typed_measure(expression, unit) -%}
    {%- if unit in ['household', 'unit', 'person', 'building', 'project'] -%}
        try_cast(round({{ expression }}) as bigint)
    {%- elif unit in ['yuan', 'm2'] -%}
        round({{ expression }}, 2)
    {%- else -%}
        round({{ expression }}, 4)
    {%- endif -%}
{%- endmacro %}

{#- m² -> 亩, to 4 decimals as reports print them. -#}
{% macro m2_to_mu(expression) -%}
    round({{ expression }} * {{ mu_per_m2() }}, 4)
{%- endmacro %}

{#- A list as SQL string literals: quoted(['a', 'b']) -> 'a', 'b'. -#}
{% macro quoted(values) -%}
    {%- for value in values %}'{{ value | replace("'", "''") }}'{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}
