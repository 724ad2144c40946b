{#-
    The measure vocabulary of SPEC.md section 3 (kept in step with zhengchai/extract/vocabulary.py;
    tests/dbt checks that they agree). One line per measure: the pivots (int_facts_wide, fct_*),
    dim_measure, mart_district_year and the trend/ranking marts all follow this list.

    (name, canonical unit, family, label)
    family: which fact table carries it - budget, households, area, score, other.
-#}
{% macro measures() -%}
    {{ return([
        ('budget_initial', 'yuan', 'budget', '年初预算数'),
        ('budget', 'yuan', 'budget', '全年预算数'),
        ('funds_received', 'yuan', 'budget', '实际到位资金'),
        ('expenditure_total', 'yuan', 'budget', '实际支出'),
        ('expenditure_basic', 'yuan', 'budget', '基本支出'),
        ('expenditure_project', 'yuan', 'budget', '项目支出'),
        ('balance_carried_in', 'yuan', 'budget', '上年结余'),
        ('balance_carried_out', 'yuan', 'budget', '本年结余'),
        ('sangong_budget', 'yuan', 'budget', '“三公”经费预算'),
        ('sangong_actual', 'yuan', 'budget', '“三公”经费决算'),
        ('execution_rate', 'percent', 'budget', '预算执行率'),
        ('compensation_paid', 'yuan', 'other', '拨付征收补偿资金'),
        ('funds_recovered', 'yuan', 'other', '回笼资金'),
        ('fixed_assets', 'yuan', 'other', '固定资产'),
        ('staff_established', 'person', 'other', '在编人员'),
        ('households_target', 'household', 'households', '征收任务户数'),
        ('households_signed', 'household', 'households', '签约户数'),
        ('units_target', 'unit', 'households', '征收任务单位数'),
        ('units_signed', 'unit', 'households', '签约单位数'),
        ('signing_rate', 'percent', 'households', '签约率'),
        ('persons_relocated', 'person', 'households', '动迁人数'),
        ('buildings_demolished', 'building', 'households', '拆除栋数'),
        ('area_scope', 'm2', 'area', '征收面积'),
        ('area_demolished', 'm2', 'area', '拆除面积'),
        ('land_cleared', 'm2', 'area', '腾地面积'),
        ('land_cleared_target', 'm2', 'area', '腾地目标（确保）'),
        ('land_cleared_target_stretch', 'm2', 'area', '腾地目标（力争）'),
        ('projects_started', 'project', 'other', '新启动项目'),
        ('projects_cleared', 'project', 'other', '完成拆迁交地项目'),
        ('projects_settled', 'project', 'other', '完成结算项目'),
        ('social_security_enrolled', 'person', 'other', '纳入社保人数'),
        ('social_security_paid', 'yuan', 'other', '缴付社保资金'),
        ('living_subsidy_paid', 'yuan', 'other', '发放生活补助'),
        ('living_subsidy_recipients', 'person', 'other', '享受生活补助人数'),
        ('score_total', 'point', 'score', '自评总分'),
        ('score_budget_execution', 'point', 'score', '预算执行得分'),
        ('weight_budget_execution', 'point', 'score', '预算执行分值'),
    ]) }}
{%- endmacro %}

{#- Measure names, optionally of some families only: measure_names(['budget']). -#}
{% macro measure_names(families=none) -%}
    {%- set names = [] -%}
    {%- for m in measures() -%}
        {%- if families is none or m[2] in families -%}
            {%- do names.append(m[0]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#- Units that cannot be summed across departments (rates, scores). -#}
{% macro non_additive_units() -%}
    {{ return(['percent', 'point']) }}
{%- endmacro %}

{#- The canonical units, for accepted_values tests. -#}
{% macro canonical_units() -%}
    {%- set units = [] -%}
    {%- for m in measures() -%}
        {%- if m[1] not in units -%}{%- do units.append(m[1]) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(units) }}
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
