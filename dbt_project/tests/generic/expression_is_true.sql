{#- Every row satisfies the SQL expression (rows where it is false are failures; null counts as true).
    Usable on a model or on a column (column_name is then only the test's anchor). -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce(({{ expression }}), true)
{% endtest %}
