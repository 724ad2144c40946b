"""Gap arithmetic: one pandas DataFrame per rule family, built from raw.* in DuckDB."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd

from zhengchai.check.current import current_documents
from zhengchai.check.rules import RULES_FILE, Rules, RulesError
from zhengchai.check.values import ROUND, num, py
from zhengchai.extract.vocabulary import BY_NAME

# A check of some documents only (an incremental build, land/scope.py) reads them from this temp table.
SCOPE_TABLE = "check_scope"


def _only(documents: list[str] | None) -> str:
    return "" if documents is None else f" and d.document_id in (select document_id from {SCOPE_TABLE})"


def _first_unscoped(measures: list[str], only: str = "") -> str:
    cols = ",\n  ".join(f"max(t.value) filter (where t.measure = '{m}') as {m}" for m in measures)
    return f"""
with t as (
  select document_id, measure, arg_min(value, fact_seq) as value
  from raw.facts
  where nullif(trim(scope), '') is null
  group by all
), i as (
  select document_id, sum(score) as indicator_score_sum, sum(weight) as indicator_weight_sum
  from raw.indicators group by all
)
select d.document_id, d.format, d.pages, d.department, d.fiscal_year, d.doc_type, d.report_date,
  d.loaded_at, d.run_id as landed_run_id,
  any_value(i.indicator_score_sum) as indicator_score_sum,
  any_value(i.indicator_weight_sum) as indicator_weight_sum,
  {cols}
from raw.documents d
left join t using (document_id)
left join i using (document_id)
where d.parse_status = 'parsed'{only}
group by all
order by d.document_id
"""


DOC_MEASURES = (
    "budget", "funds_received", "expenditure_total", "expenditure_basic", "expenditure_project",
    "balance_carried_in", "balance_carried_out", "execution_rate", "score_total",
    "score_budget_execution", "weight_budget_execution", "households_signed", "households_target",
    "units_signed", "units_target",
)



def document_frame(con: duckdb.DuckDBPyConnection, rules: Rules, only: str = "") -> pd.DataFrame:
    pairs = [tuple(p) for p in rules.settings.get("lost_wan_pairs", [])]
    measures = list(dict.fromkeys([*DOC_MEASURES, *(m for p in pairs for m in p)]))
    unknown = [m for m in measures if m not in BY_NAME]
    if unknown:
        raise RulesError(f"unknown measures in {RULES_FILE}: {unknown}")
    df = con.execute(_first_unscoped(measures, only)).df()
    for m in [*measures, "indicator_score_sum", "indicator_weight_sum", "fiscal_year"]:
        df[m] = num(df[m])

    def gap(s: pd.Series) -> pd.Series:
        return s.round(ROUND)

    df["expenditure_gap"] = gap(df.expenditure_basic + df.expenditure_project - df.expenditure_total)
    df["funds_gap"] = gap(df.funds_received + df.balance_carried_in - df.expenditure_total
                          - df.balance_carried_out)
    budget = df.budget.where(df.budget > 0)
    computed = df.expenditure_total / budget * 100
    df["execution_rate_computed"] = computed.round(2)
    df["execution_rate_gap"] = gap(df.execution_rate - computed)
    df["over_budget"] = gap(df.expenditure_total - df.budget)
    df["score_sum_gap"] = gap(df.indicator_score_sum + df.score_budget_execution.fillna(0) - df.score_total)
    df["weight_sum_gap"] = gap(df.indicator_weight_sum + df.weight_budget_execution.fillna(0) - 100)
    df["households_over_target"] = gap(df.households_signed - df.households_target)
    df["units_over_target"] = gap(df.units_signed - df.units_target)

    ratios = pd.DataFrame({f"{r}/{t}": df[r] / df[t].where(df[t] > 0) for r, t in pairs}, index=df.index)
    df["max_result_target_ratio"] = ratios.max(axis=1).round(ROUND) if pairs else math.nan
    involved: list[list[dict]] = [[] for _ in range(len(df))]
    for r, t in pairs:
        ratio, rv, tv = ratios[f"{r}/{t}"].to_numpy(), df[r].to_numpy(), df[t].to_numpy()
        for pos in np.flatnonzero(~np.isnan(ratio)):
            involved[pos].append({"result": r, "target": t, "result_value": py(rv[pos]),
                                  "target_value": py(tv[pos]), "ratio": round(float(ratio[pos]), 4)})
    df["lost_wan_pairs"] = pd.Series([x or None for x in involved], index=df.index, dtype=object)
    current_documents(con, df, rules)
    return df



def fact_frame(con: duckdb.DuckDBPyConnection, rules: Rules, only: str = "") -> pd.DataFrame:
    df = con.execute(f"""
        select f.document_id, f.fact_seq, f.measure, f.value, f.unit, f.scope, f.raw_text, f.page,
               d.format, d.pages, coalesce(trim(f.source_text), '') <> '' as has_text
        from raw.facts f join raw.documents d using (document_id)
        where d.parse_status = 'parsed'{only}
        order by f.document_id, f.fact_seq""").df()
    paged = df.format.isin(rules.settings.get("paged_formats", [])).astype(bool)
    page = num(df.page)
    pages = num(df.pages)
    page_in_range = page.isna() | ((page >= 1) & (pages.isna() | (page <= pages)))
    has_page = page.notna() | ~paged
    df["has_provenance"] = (df.has_text.astype(bool) & has_page & page_in_range).astype(object)
    df["value"] = num(df.value)
    signed = set(rules.settings.get("signed_measures") or [])
    df["value_checked"] = df.value.where(~df.measure.isin(signed))
    return df


def indicator_frame(con: duckdb.DuckDBPyConnection, docs: pd.DataFrame, only: str = "") -> pd.DataFrame:
    df = con.execute(f"""
        select i.document_id, i.indicator_seq, i.level1, i.level2, i.level3, i.weight, i.score
        from raw.indicators i join raw.documents d using (document_id)
        where d.parse_status = 'parsed'{only}
        order by i.document_id, i.indicator_seq""").df()
    budget_rows = docs.loc[docs.score_budget_execution.notna() | docs.weight_budget_execution.notna(),
                           ["document_id", "score_budget_execution", "weight_budget_execution"]]
    budget_rows = pd.DataFrame({
        "document_id": budget_rows.document_id, "indicator_seq": -1,
        "level1": "score_budget_execution / weight_budget_execution", "level2": None, "level3": None,
        "weight": budget_rows.weight_budget_execution, "score": budget_rows.score_budget_execution,
    })
    frames = [f for f in (df, budget_rows) if not f.empty]
    df = pd.concat(frames, ignore_index=True) if frames else df
    df["weight"] = num(df.weight)
    df["score"] = num(df.score)
    df["score_over_weight"] = (df.score - df.weight).round(ROUND)
    return df


def breakdown_frame(con: duckdb.DuckDBPyConnection, rules: Rules, only: str = "") -> pd.DataFrame:
    s = rules.settings
    measures = list(s.get("breakdown_measures") or [])
    complete = list(s.get("complete_markers") or [])
    partial = list(s.get("partial_markers") or [])

    def any_of(markers: list[str]) -> str:
        return "(" + " or ".join(["contains(text, ?)"] * len(markers)) + ")" if markers else "false"

    sql = f"""
    with parts as (
      select document_id, measure, scope, arg_min(value, fact_seq) as value,
             coalesce(arg_min(source_text, fact_seq), '') as text, min(fact_seq) as seq
      from raw.facts
      where nullif(trim(scope), '') is not null and measure in (select unnest(?))
      group by all
    ), totals as (
      select document_id, measure, arg_min(value, fact_seq) as total
      from raw.facts where nullif(trim(scope), '') is null group by all
    )
    select p.document_id, p.measure, any_value(t.total) as total, sum(p.value) as scoped_sum,
           list({{'scope': p.scope, 'value': p.value}} order by p.seq) as parts,
           bool_and({any_of(complete)}) and not bool_or({any_of(partial)}) as complete
    from parts p join raw.documents d using (document_id)
    left join totals t using (document_id, measure)
    where d.parse_status = 'parsed'{only}
    group by p.document_id, p.measure
    order by p.document_id, p.measure"""
    df = con.execute(sql, [measures, *complete, *partial]).df()
    df["total"] = num(df.total)
    df["scoped_sum"] = num(df.scoped_sum)
    df["excess"] = (df.scoped_sum - df.total).round(ROUND)
    df["complete"] = df.complete.astype(object).where(df.complete.notna(), None)
    df["complete_gap"] = df.excess.where(df.complete.eq(True))
    df["parts"] = [[{"scope": p["scope"], "value": py(p["value"])} for p in parts] for parts in df.parts]
    return df


def build_frames(con: duckdb.DuckDBPyConnection, rules: Rules,
                 documents: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The four families' frames, of every parsed document or of `documents` only."""
    if documents is not None:
        con.execute(f"create or replace temp table {SCOPE_TABLE} as "
                    "select unnest(?::varchar[]) as document_id", [documents])
    only = _only(documents)
    docs = document_frame(con, rules, only)
    return {
        "documents": docs,
        "facts": fact_frame(con, rules, only),
        "indicators": indicator_frame(con, docs, only),
        "breakdowns": breakdown_frame(con, rules, only),
    }

