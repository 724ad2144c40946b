{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ clear_build_scope() }}") }}
-- depends_on: {{ source('raw', 'build_scope') }}
-- Incremental by document (macros/build_scope.sql): a build redoes the documents in its scope.
-- One row per document: may its figures be loaded?
--   failed_extraction  the file could not be read or understood (parse_status = 'failed')
--   quarantined        it failed an error rule that no analyst accepted (the raw view raw.quarantine,
--                      zhengchai/land/schema.py, the one home of that rule)
--   accepted           it failed error rules, and every one of them is accepted (raw.acceptances)
--   ok                 no failed error rule
-- A document's verdict comes from the latest validation run that checked it; a rule checked on several
-- rows of one document (each indicator, each breakdown) fails when any row fails; passed = null (the
-- rule could not be evaluated) is not a failure.
with documents as (
    select
        document_id,
        parse_status
    from {{ ref('stg_documents') }}
    where {{ in_build_scope() }}
),

results as (
    select * from {{ ref('stg_validation_results') }}
    where {{ in_build_scope() }}
),

acceptances as (
    select * from {{ ref('stg_acceptances') }}
),

problems as (
    select * from {{ ref('stg_problems') }}
    where {{ in_build_scope() }}
),

quarantine as (
    select * from {{ source('raw', 'quarantine') }}
),

latest_run as (
    select
        document_id,
        arg_max(run_id, coalesce(validated_at, timestamp '1970-01-01')) as run_id,
        max(validated_at) as validated_at
    from results
    group by document_id
),

latest_results as (
    select results.*
    from results
    inner join latest_run
        on results.document_id = latest_run.document_id
        and results.run_id is not distinct from latest_run.run_id
),

rule_outcomes as (
    select
        document_id,
        rule,
        max(severity) as severity,
        coalesce(bool_or(not passed), false) as failed,
        string_agg(distinct message, '; ') filter (where not passed) as message
    from latest_results
    group by document_id, rule
),

judged as (
    select
        rule_outcomes.*,
        rule_outcomes.failed and rule_outcomes.severity = 'error' and quarantine.rule is null as is_accepted,
        quarantine.rule is not null as is_quarantining,
        acceptances.reason as acceptance_reason
    from rule_outcomes
    left join quarantine
        on rule_outcomes.document_id = quarantine.document_id
        and rule_outcomes.rule = quarantine.rule
    left join acceptances
        on rule_outcomes.document_id = acceptances.document_id
        and rule_outcomes.rule = acceptances.rule
),

rules as (
    select
        document_id,
        count(*) as rules_checked,
        count(*) filter (where failed) as rules_failed,
        list(rule order by rule) filter (where failed and severity = 'error') as failed_error_rules,
        list(rule order by rule) filter (where is_quarantining) as unaccepted_error_rules,
        list(rule order by rule) filter (where is_accepted) as accepted_error_rules,
        list(rule order by rule) filter (where failed and severity = 'warning') as failed_warning_rules,
        string_agg(rule || ': ' || coalesce(message, 'failed'), '; ' order by rule)
            filter (where is_quarantining) as quarantine_reason,
        string_agg(rule || ': ' || coalesce(acceptance_reason, 'accepted'), '; ' order by rule)
            filter (where is_accepted) as acceptance_reason
    from judged
    group by document_id
),

problem_lists as (
    select
        document_id,
        list_sort(list_distinct(list(problem_code) filter (where severity = 'warning'))) as problem_warnings,
        list_sort(list_distinct(list(problem_code) filter (where severity = 'error'))) as problem_errors
    from problems
    where document_id is not null
    group by document_id
),

combined as (
    select
        documents.document_id,
        documents.parse_status,
        latest_run.run_id as validation_run_id,
        latest_run.validated_at,
        coalesce(rules.rules_checked, 0) as rules_checked,
        coalesce(rules.rules_failed, 0) as rules_failed,
        coalesce(rules.failed_error_rules, []::varchar[]) as failed_error_rules,
        coalesce(rules.unaccepted_error_rules, []::varchar[]) as quarantine_rules,
        coalesce(rules.accepted_error_rules, []::varchar[]) as accepted_rules,
        coalesce(rules.failed_warning_rules, []::varchar[]) as failed_warning_rules,
        coalesce(problem_lists.problem_warnings, []::varchar[]) as problem_warnings,
        coalesce(problem_lists.problem_errors, []::varchar[]) as problem_errors,
        rules.quarantine_reason,
        rules.acceptance_reason
    from documents
    left join latest_run
        on documents.document_id = latest_run.document_id
    left join rules
        on documents.document_id = rules.document_id
    left join problem_lists
        on documents.document_id = problem_lists.document_id
)

select
    document_id,
    case
        when parse_status = 'failed' then 'failed_extraction'
        when len(quarantine_rules) > 0 then 'quarantined'
        when len(accepted_rules) > 0 then 'accepted'
        else 'ok'
    end as status,
    parse_status is distinct from 'failed' and len(quarantine_rules) > 0 as is_quarantined,
    parse_status is distinct from 'failed' and len(quarantine_rules) = 0 and len(accepted_rules) > 0
        as is_accepted,
    parse_status is distinct from 'failed' and len(quarantine_rules) = 0 as is_loadable,
    parse_status,
    validation_run_id,
    validated_at,
    rules_checked,
    rules_failed,
    failed_error_rules,
    quarantine_rules,
    accepted_rules,
    failed_warning_rules,
    problem_warnings,
    problem_errors,
    list_sort(list_distinct(list_concat(failed_warning_rules, problem_warnings))) as warnings,
    quarantine_reason,
    acceptance_reason
from combined
