"""Consistency rules of SPEC.md section 5, checked with Great Expectations over the raw layer.

The rules, their thresholds, tolerances and severities live in ``expectations/rules.yml``; the
GX suites in ``expectations/*.json`` are generated from it (``python -m zhengchai.validate
--write-suites``) and are what GX runs. Each rule family is checked on one pandas DataFrame
built from ``raw.*`` in DuckDB (GX's SQL path through duckdb_engine returns no rows in 1.24),
so a corpus validates in a handful of GX runs whatever its size.

``validate`` writes one row per (document, rule) into ``raw.validation_results`` and reports
which documents are quarantined: those failing an ``error`` rule that no analyst accepted in
``raw.acceptances``. ``validate_published`` checks warehouse-level invariants after dbt.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import yaml

from zhengchai.extract.vocabulary import BY_NAME
from zhengchai.warehouse import now

EXPECTATIONS_DIR = Path(__file__).resolve().parents[1] / "expectations"
RULES_FILE = "rules.yml"
SUITE_PREFIX = "zhengchai_"

# The frame of each family and the columns that identify one of its rows.
FAMILY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "facts": ("document_id", "fact_seq"),
    "indicators": ("document_id", "indicator_seq"),
    "breakdowns": ("document_id", "measure"),
}
# What an offending row of a multi-row family shows in `observed`.
ITEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "facts": ("fact_seq", "measure", "value", "unit", "scope", "raw_text", "page"),
    "indicators": ("indicator_seq", "level1", "level2", "level3", "weight", "score"),
    "breakdowns": ("measure", "total", "scoped_sum", "parts", "complete"),
}
SEVERITIES = ("error", "warning")
GX_SEVERITY = {"error": "critical", "warning": "warning"}
ROUND = 6  # gaps are rounded to 1e-6 so that 205.82万 × 10 000 float noise never crosses a tolerance

QUARANTINE_SQL = """
select distinct v.document_id
from raw.validation_results v
where v.severity = 'error' and not v.passed
  and not exists (select 1 from raw.acceptances a
                  where a.document_id = v.document_id and a.rule = v.rule)
"""


class RulesError(ValueError):
    """rules.yml is malformed, or the suites on disk no longer match it."""


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Check:
    column: str
    unit: str | None = None
    min_value: Any = None       # number or {"$PARAMETER": name}
    max_value: Any = None
    strict_max: bool = False
    equals: Any = None
    not_null: bool = False

    def expectation(self) -> tuple[str, dict]:
        if self.not_null:
            return "expect_column_values_to_not_be_null", {"column": self.column}
        if self.equals is not None:
            return "expect_column_values_to_be_in_set", {"column": self.column, "value_set": [self.equals]}
        kwargs: dict[str, Any] = {"column": self.column}
        if self.min_value is not None:
            kwargs["min_value"] = self.min_value
        if self.max_value is not None:
            kwargs["max_value"] = self.max_value
        if self.strict_max:
            kwargs["strict_max"] = True
        return "expect_column_values_to_be_between", kwargs

    @property
    def numeric(self) -> bool:
        return not self.not_null and self.equals is None

    def allowed(self, params: dict[str, Any]) -> str:
        if self.not_null:
            return "present"
        if self.equals is not None:
            return f"= {json.dumps(self.equals)}"

        def show(v: Any) -> str:
            if isinstance(v, dict):
                v = params.get(v["$PARAMETER"], v["$PARAMETER"])
            return _fmt(v, self.unit)

        lo, hi = self.min_value, self.max_value
        if isinstance(lo, int | float) and isinstance(hi, int | float) and lo == -hi:
            return f"within ±{show(hi)}"
        parts = []
        if lo is not None:
            parts.append(f"≥ {show(lo)}")
        if hi is not None:
            parts.append(f"{'<' if self.strict_max else '≤'} {show(hi)}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    family: str
    spec: str
    inputs: tuple[str, ...]
    checks: tuple[Check, ...]
    when_missing: str | None = None  # the `skipped` note when nothing in the document is checked


@dataclass(frozen=True)
class Rules:
    tolerances: dict[str, float]
    settings: dict[str, Any]
    rules: dict[str, Rule]
    published: dict[str, Any]

    def family(self, family: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.family == family]


def load_rules(expectations_dir: Path | None = None) -> Rules:
    path = (expectations_dir or EXPECTATIONS_DIR) / RULES_FILE
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    tolerances = {k: float(v) for k, v in (doc.get("tolerances") or {}).items()}

    def bound(v: Any) -> Any:
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, int | float):
            return v
        if isinstance(v, str) and v.startswith("$"):
            return {"$PARAMETER": v[1:]}
        if isinstance(v, str) and v in tolerances:
            t = tolerances[v]
            return int(t) if t.is_integer() else t
        raise RulesError(f"{path}: bound {v!r} is neither a number, a tolerance nor a $parameter")

    rules: dict[str, Rule] = {}
    for name, r in (doc.get("rules") or {}).items():
        if r.get("severity") not in SEVERITIES:
            raise RulesError(f"{path}: rule {name}: severity must be one of {SEVERITIES}")
        if r.get("family") not in FAMILY_KEYS:
            raise RulesError(f"{path}: rule {name}: family must be one of {tuple(FAMILY_KEYS)}")
        checks = []
        for c in r.get("checks") or []:
            within = bound(c.get("within"))
            if within is not None:
                lo, hi = -within, within
            else:
                lo, hi = bound(c.get("at_least")), bound(c.get("at_most"))
            below = bound(c.get("below"))
            if below is not None:
                hi = below
            check = Check(column=c["column"], unit=c.get("unit"), min_value=lo, max_value=hi,
                          strict_max=below is not None, equals=c.get("equals"),
                          not_null=bool(c.get("not_null")))
            if check.numeric and lo is None and hi is None:
                raise RulesError(f"{path}: rule {name}: check on {check.column} has no bound")
            checks.append(check)
        if not checks:
            raise RulesError(f"{path}: rule {name} has no checks")
        rules[name] = Rule(name=name, severity=r["severity"], family=r["family"], spec=r.get("spec", name),
                           inputs=tuple(r.get("inputs") or ()), checks=tuple(checks),
                           when_missing=r.get("when_missing"))
    return Rules(tolerances=tolerances, settings=doc.get("settings") or {}, rules=rules,
                 published=doc.get("published") or {})


# --------------------------------------------------------------------------- suites (GX, as data)


def build_suites(rules: Rules) -> dict[str, dict]:
    """The GX suite of each family, as the JSON dict stored in expectations/<family>.json."""
    suites = {}
    for family, keys in FAMILY_KEYS.items():
        expectations = []
        for rule in rules.family(family):
            for check in rule.checks:
                etype, kwargs = check.expectation()
                expectations.append({
                    "type": etype,
                    "kwargs": kwargs,
                    "meta": {"rule": rule.name, "severity": rule.severity},
                    "severity": GX_SEVERITY[rule.severity],
                    "notes": f"{rule.name} ({rule.severity}): {rule.spec}",
                })
        suites[family] = {
            "name": SUITE_PREFIX + family,
            "meta": {"generated_from": f"expectations/{RULES_FILE}", "family": family,
                     "key_columns": list(keys)},
            "expectations": expectations,
        }
    return suites


def _suite_text(suite: dict) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2) + "\n"


def write_suites(expectations_dir: Path | None = None) -> list[Path]:
    d = expectations_dir or EXPECTATIONS_DIR
    paths = []
    for family, suite in build_suites(load_rules(d)).items():
        p = d / f"{family}.json"
        p.write_text(_suite_text(suite), encoding="utf-8")
        paths.append(p)
    return paths


def load_suites(rules: Rules, expectations_dir: Path | None = None) -> dict[str, dict]:
    """Read expectations/<family>.json, refusing suites that no longer match rules.yml."""
    d = expectations_dir or EXPECTATIONS_DIR
    expected = build_suites(rules)
    suites = {}
    for family, want in expected.items():
        p = d / f"{family}.json"
        if not p.exists():
            raise RulesError(f"{p} is missing; run `python -m zhengchai.validate --write-suites`")
        got = json.loads(p.read_text(encoding="utf-8"))
        if got != want:
            raise RulesError(f"{p} does not match {RULES_FILE}; run `python -m zhengchai.validate --write-suites`")
        suites[family] = got
    return suites


# --------------------------------------------------------------------------- frames


def _first_unscoped(measures: list[str]) -> str:
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
where d.parse_status = 'parsed'
group by all
order by d.document_id
"""


DOC_MEASURES = (
    "budget", "funds_received", "expenditure_total", "expenditure_basic", "expenditure_project",
    "balance_carried_in", "balance_carried_out", "execution_rate", "score_total",
    "score_budget_execution", "weight_budget_execution", "households_signed", "households_target",
    "units_signed", "units_target",
)


def _num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype("float64")


def document_frame(con: duckdb.DuckDBPyConnection, rules: Rules) -> pd.DataFrame:
    pairs = [tuple(p) for p in rules.settings.get("lost_wan_pairs", [])]
    measures = list(dict.fromkeys([*DOC_MEASURES, *(m for p in pairs for m in p)]))
    unknown = [m for m in measures if m not in BY_NAME]
    if unknown:
        raise RulesError(f"unknown measures in {RULES_FILE}: {unknown}")
    df = con.execute(_first_unscoped(measures)).df()
    for m in [*measures, "indicator_score_sum", "indicator_weight_sum", "fiscal_year"]:
        df[m] = _num(df[m])

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
            involved[pos].append({"result": r, "target": t, "result_value": _py(rv[pos]),
                                  "target_value": _py(tv[pos]), "ratio": round(float(ratio[pos]), 4)})
    df["lost_wan_pairs"] = pd.Series([x or None for x in involved], index=df.index, dtype=object)
    _current_documents(con, df, rules)
    return df


def _current_documents(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, rules: Rules) -> None:
    """Columns of one_current_document: which version of a report is current, and conflicts."""
    n = len(df)
    df["current_conflict"] = pd.Series([None] * n, dtype="object", index=df.index)
    df["current_document"] = pd.Series([None] * n, dtype="object", index=df.index)
    df["tied_with"] = pd.Series([None] * n, dtype="object", index=df.index)
    df["conflicts"] = pd.Series([None] * n, dtype="object", index=df.index)
    keyed = df[df.department.notna() & df.fiscal_year.notna()]
    if keyed.empty:
        return
    tol_by_unit = {}
    for unit, t in (rules.settings.get("conflict_tolerance") or {}).items():
        if isinstance(t, str) and t not in rules.tolerances:
            raise RulesError(f"conflict_tolerance of {unit}: unknown tolerance {t!r}")
        tol_by_unit[unit] = rules.tolerances[t] if isinstance(t, str) else float(t)
    groups = keyed.groupby(["department", "fiscal_year", "doc_type"], sort=False, dropna=False).groups
    figures: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    ids = [df.at[i, "document_id"] for ix in groups.values() if len(ix) > 1 for i in ix]
    if ids:
        rows = con.execute("""
            select document_id, measure, arg_min(value, fact_seq), arg_min(unit, fact_seq)
            from raw.facts where nullif(trim(scope), '') is null and document_id in (select unnest(?))
            group by all""", [ids]).fetchall()
        for doc, measure, value, unit in rows:
            figures[doc][measure] = (value, unit)
    for ix in groups.values():
        ix = list(ix)
        if len(ix) == 1:
            i = ix[0]
            df.at[i, "current_conflict"] = False
            df.at[i, "current_document"] = df.at[i, "document_id"]
            continue
        g = df.loc[ix]
        # newest first, as dbt's int_current_documents orders versions
        order = sorted(ix, key=lambda i: (_ts(g.at[i, "report_date"]), _ts(g.at[i, "loaded_at"]),
                                          g.at[i, "document_id"]), reverse=True)
        top = order[0]
        tied = [i for i in order
                if _same(g.at[i, "report_date"], g.at[top, "report_date"])
                and g.at[i, "landed_run_id"] == g.at[top, "landed_run_id"]]
        conflicts = []
        tied_ids = [g.at[i, "document_id"] for i in tied]
        for a_pos, a in enumerate(tied_ids):
            for b in tied_ids[a_pos + 1:]:
                for measure in sorted(figures[a].keys() & figures[b].keys()):
                    (va, unit), (vb, _) = figures[a][measure], figures[b][measure]
                    if abs(va - vb) > tol_by_unit.get(unit, 0) + 1e-9:
                        conflicts.append({"measure": measure, a: _py(va), b: _py(vb)})
        for i in ix:
            df.at[i, "current_document"] = g.at[top, "document_id"]
            if i in tied:
                df.at[i, "current_conflict"] = bool(conflicts)
                others = [d for d in tied_ids if d != g.at[i, "document_id"]]
                df.at[i, "tied_with"] = others or None
                df.at[i, "conflicts"] = conflicts or None
            else:
                df.at[i, "current_conflict"] = False


def fact_frame(con: duckdb.DuckDBPyConnection, rules: Rules) -> pd.DataFrame:
    df = con.execute("""
        select f.document_id, f.fact_seq, f.measure, f.value, f.unit, f.scope, f.raw_text, f.page,
               d.format, d.pages, coalesce(trim(f.source_text), '') <> '' as has_text
        from raw.facts f join raw.documents d using (document_id)
        where d.parse_status = 'parsed'
        order by f.document_id, f.fact_seq""").df()
    paged = df.format.isin(rules.settings.get("paged_formats", [])).astype(bool)
    page = _num(df.page)
    pages = _num(df.pages)
    page_in_range = page.isna() | ((page >= 1) & (pages.isna() | (page <= pages)))
    has_page = page.notna() | ~paged
    df["has_provenance"] = (df.has_text.astype(bool) & has_page & page_in_range).astype(object)
    df["value"] = _num(df.value)
    signed = set(rules.settings.get("signed_measures") or [])
    df["value_checked"] = df.value.where(~df.measure.isin(signed))
    return df


def indicator_frame(con: duckdb.DuckDBPyConnection, docs: pd.DataFrame) -> pd.DataFrame:
    df = con.execute("""
        select i.document_id, i.indicator_seq, i.level1, i.level2, i.level3, i.weight, i.score
        from raw.indicators i join raw.documents d using (document_id)
        where d.parse_status = 'parsed'
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
    df["weight"] = _num(df.weight)
    df["score"] = _num(df.score)
    df["score_over_weight"] = (df.score - df.weight).round(ROUND)
    return df


def breakdown_frame(con: duckdb.DuckDBPyConnection, rules: Rules) -> pd.DataFrame:
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
    where d.parse_status = 'parsed'
    group by p.document_id, p.measure
    order by p.document_id, p.measure"""
    df = con.execute(sql, [measures, *complete, *partial]).df()
    df["total"] = _num(df.total)
    df["scoped_sum"] = _num(df.scoped_sum)
    df["excess"] = (df.scoped_sum - df.total).round(ROUND)
    df["complete"] = df.complete.astype(object).where(df.complete.notna(), None)
    df["complete_gap"] = df.excess.where(df.complete.eq(True))
    df["parts"] = [[{"scope": p["scope"], "value": _py(p["value"])} for p in parts] for parts in df.parts]
    return df


def build_frames(con: duckdb.DuckDBPyConnection, rules: Rules) -> dict[str, pd.DataFrame]:
    docs = document_frame(con, rules)
    return {
        "documents": docs,
        "facts": fact_frame(con, rules),
        "indicators": indicator_frame(con, docs),
        "breakdowns": breakdown_frame(con, rules),
    }


# --------------------------------------------------------------------------- GX


def _gx_frame(df: pd.DataFrame, family: str, rules: Rules) -> pd.DataFrame:
    """Only the key and checked columns go to GX, with plain dtypes."""
    out = pd.DataFrame({k: df[k].astype(object) for k in FAMILY_KEYS[family]}, index=df.index)
    for rule in rules.family(family):
        for c in rule.checks:
            if c.column in out:
                continue
            col = df[c.column]
            out[c.column] = _num(col) if c.numeric else col.astype(object).where(col.notna(), None)
    return out.reset_index(drop=True)


def run_gx(frames: dict[str, pd.DataFrame], suites: dict[str, dict], rules: Rules, *, run_id: str,
           params: dict[str, Any], data_docs_dir: Path | None) -> tuple[dict[str, set[tuple]], Path | None]:
    """Validate every family's frame against its suite; the unexpected rows per rule."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if data_docs_dir is not None:
        data_docs_dir.mkdir(parents=True, exist_ok=True)
        ignore = data_docs_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# GX Data Docs and stores written by zhengchai.validate\n*\n")
        context = gx.get_context(mode="file", project_root_dir=str(data_docs_dir))
    else:
        context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if data_docs_dir is not None:
        context.variables.save()

    source = context.data_sources.add_or_update_pandas("zhengchai_raw")
    gx_run = RunIdentifier(run_name=run_id, run_time=datetime.now().astimezone())
    unexpected: dict[str, set[tuple]] = defaultdict(set)
    for family, suite_json in suites.items():
        keys = list(FAMILY_KEYS[family])
        asset = (source.get_asset(family) if family in source.get_asset_names()
                 else source.add_dataframe_asset(family))
        batch_def = next((b for b in asset.batch_definitions if b.name == "whole"), None) \
            or asset.add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add_or_update(gx.ExpectationSuite(**suite_json))
        vd = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=f"{SUITE_PREFIX}{family}", data=batch_def, suite=suite))
        result = vd.run(
            batch_parameters={"dataframe": _gx_frame(frames[family], family, rules)},
            expectation_parameters=params,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys},
            run_id=gx_run,
        )
        for r in result.results:
            rule = r.expectation_config.meta["rule"]
            if r.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX could not evaluate {rule} on {family}: "
                                   f"{r.exception_info.get('exception_message')}")
            if r.success:
                continue
            rows = r.result.get("unexpected_index_list")
            if rows is None or len(rows) != r.result.get("unexpected_count"):
                raise RuntimeError(f"GX returned no complete unexpected_index_list for {rule} on {family}")
            for row in rows:
                unexpected[rule].add(tuple(_key(row[k]) for k in keys))
    index = None
    if data_docs_dir is not None:
        sites = context.build_data_docs()
        url = next(iter(sites.values()), None)
        if url:
            index = Path(url.removeprefix("file://"))
    return unexpected, index


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Outcome:
    """One (document, rule) result: one row of raw.validation_results."""

    document_id: str
    rule: str
    severity: str
    passed: bool
    skipped: bool
    observed: dict
    message: str
    accepted: bool = False


@dataclass
class ValidationReport:
    run_id: str
    documents: int
    outcomes: list[Outcome]
    quarantined: list[str]
    data_docs_index: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def failures(self) -> dict[str, list[Outcome]]:
        """Failed rules per document (errors and warnings, accepted ones included)."""
        out: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            if not o.passed:
                out[o.document_id].append(o)
        return dict(out)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.severity == "error"]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.severity == "warning"]

    def outcome(self, document_id: str, rule: str) -> Outcome:
        return next(o for o in self.outcomes if o.document_id == document_id and o.rule == rule)


def _outcomes(frames: dict[str, pd.DataFrame], unexpected: dict[str, set[tuple]], rules: Rules,
              params: dict[str, Any], acceptances: dict[tuple[str, str], dict]) -> list[Outcome]:
    doc_ids = frames["documents"].document_id.tolist()
    doc_records = frames["documents"].to_dict("records")
    outcomes: list[Outcome] = []
    for rule in rules.rules.values():
        failed = unexpected.get(rule.name, set())
        failed_docs = {k[0] for k in failed}
        if rule.family == "documents":
            for row in doc_records:
                doc = row["document_id"]
                observed = {c: _py(row.get(c)) for c in rule.inputs}
                observed.update({c.column: _py(row.get(c.column)) for c in rule.checks})
                applies = any(c.not_null for c in rule.checks) or any(
                    observed[c.column] is not None for c in rule.checks)
                if doc in failed_docs:
                    message = _fail_message(rule, observed, params)
                elif not applies:
                    missing = [c for c in rule.inputs if observed.get(c) is None]
                    observed["skipped"] = rule.when_missing or "missing: " + ", ".join(
                        missing or [c.column for c in rule.checks])
                    message = f"skipped: {observed['skipped']}"
                else:
                    message = "ok"
                outcomes.append(_outcome(doc, rule, doc not in failed_docs, not applies and doc not in failed_docs,
                                         observed, message, acceptances))
            continue
        df = frames[rule.family]
        keys = FAMILY_KEYS[rule.family]
        cols = [*ITEM_COLUMNS[rule.family], *dict.fromkeys(c.column for c in rule.checks)]
        checked = df[[c.column for c in rule.checks]].notna().any(axis=1)
        n_checked = checked.groupby(df.document_id).sum().to_dict() if len(df) else {}
        bad: dict[str, list[dict]] = defaultdict(list)
        for r in df[df.document_id.isin(failed_docs)].to_dict("records"):
            if tuple(_key(r[k]) for k in keys) in failed:
                bad[r["document_id"]].append({c: _py(r.get(c)) for c in cols})
        for doc in doc_ids:
            n = int(n_checked.get(doc, 0))
            if doc in bad:
                observed = {"checked": n, "failed": bad[doc]}
                message = _fail_message(rule, observed, params, items=True)
            elif n:
                observed = {"checked": n}
                message = "ok"
            else:
                note = rule.when_missing or f"no {rule.family} to check"
                observed = {"checked": 0, "skipped": note}
                message = f"skipped: {note}"
            outcomes.append(_outcome(doc, rule, doc not in bad, not n and doc not in bad, observed, message,
                                     acceptances))
    return outcomes


def _outcome(doc: str, rule: Rule, passed: bool, skipped: bool, observed: dict, message: str,
             acceptances: dict[tuple[str, str], dict]) -> Outcome:
    accepted = False
    if not passed and (doc, rule.name) in acceptances:
        a = acceptances[(doc, rule.name)]
        observed = {**observed, "accepted": a}
        message += f" — accepted by {a['by']}: {a['reason']}"
        accepted = True
    return Outcome(doc, rule.name, rule.severity, passed, skipped, observed, message, accepted)


def _fail_message(rule: Rule, observed: dict, params: dict[str, Any], items: bool = False) -> str:
    allowed = "; ".join(f"{c.column} {c.allowed(params)}" for c in rule.checks)
    if items:
        shown = observed["failed"][:5]
        parts = ["; ".join(f"{k}={_fmt(v, it.get('unit') if k == 'value' else _unit(k, rule))}"
                           for k, v in it.items() if k != "unit")
                 for it in shown]
        more = f" (+{len(observed['failed']) - 5} more)" if len(observed["failed"]) > 5 else ""
        return f"{rule.spec} — failed: [" + "] [".join(parts) + f"]{more}; allowed: {allowed}"
    shown = ", ".join(f"{k} = {_fmt(v, _unit(k, rule))}" for k, v in observed.items())
    return f"{rule.spec} — {shown}; allowed: {allowed}"


def _unit(column: str, rule: Rule) -> str | None:
    for c in rule.checks:
        if c.column == column:
            return c.unit
    measure = max((m for m in BY_NAME if column.startswith(m)), key=len, default=None)
    return BY_NAME[measure].unit if measure else None


def _fmt(v: Any, unit: str | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool) or not isinstance(v, int | float):
        return json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, str) else v
    if unit == "yuan":
        return f"{v / 10000:,.2f}万元"
    if unit == "percent":
        return f"{v:.2f}%"
    if unit == "ratio":
        return f"{v:,.1f}×"
    if unit == "year":
        return f"{v:.0f}"
    return f"{v:g}"


# --------------------------------------------------------------------------- entry points


def validate(con: duckdb.DuckDBPyConnection, run_id: str, *, data_docs_dir: Path | None = None,
             current_year: int | None = None, expectations_dir: Path | None = None) -> ValidationReport:
    """Check every parsed document in raw against the rules; record the outcomes; report.

    Replaces raw.validation_results with one row per (document, rule). A rule whose measures a
    document lacks passes with a `skipped` note in `observed`. With data_docs_dir, a file-backed
    GX context lives there (its stores and Data Docs HTML, git-ignored).
    """
    rules = load_rules(expectations_dir)
    suites = load_suites(rules, expectations_dir)
    params = {"current_year": current_year or date.today().year}
    frames = build_frames(con, rules)
    unexpected, index = run_gx(frames, suites, rules, run_id=run_id, params=params,
                               data_docs_dir=Path(data_docs_dir) if data_docs_dir else None)
    acceptances = {(d, r): {"by": by, "reason": reason} for d, r, by, reason in con.execute(
        "select document_id, rule, accepted_by, reason from raw.acceptances").fetchall()}
    outcomes = _outcomes(frames, unexpected, rules, params, acceptances)
    _write_results(con, run_id, outcomes)

    quarantined = sorted({o.document_id for o in outcomes
                          if not o.passed and o.severity == "error" and not o.accepted})
    by_rule: dict[str, dict[str, int]] = {r: {"passed": 0, "failed": 0, "skipped": 0} for r in rules.rules}
    for o in outcomes:
        by_rule[o.rule]["failed" if not o.passed else "skipped" if o.skipped else "passed"] += 1
    failed = [o for o in outcomes if not o.passed]
    counts = {
        "documents": len(frames["documents"]),
        "results": len(outcomes),
        "errors": sum(o.severity == "error" for o in failed),
        "warnings": sum(o.severity == "warning" for o in failed),
        "accepted": sum(o.accepted for o in failed),
        "quarantined": len(quarantined),
    }
    return ValidationReport(run_id=run_id, documents=counts["documents"], outcomes=outcomes,
                            quarantined=quarantined, data_docs_index=index, counts=counts, by_rule=by_rule)


def check_extractions(extractions: list) -> dict[str, list[tuple[str, str, str]]]:
    """The consistency rules on extraction output alone (no warehouse): per sha256, the failed
    rules as (severity, rule, message). Used by `zhengchai extract --json` to report what the
    nightly run would quarantine or warn about. Rules across documents (one current document per
    department and year) are left to the warehouse, where all versions are known."""
    from zhengchai.warehouse import ensure_schema, land

    con = duckdb.connect(":memory:")
    try:
        ensure_schema(con)
        land(con, extractions, "extract")
        report = validate(con, "extract")
    finally:
        con.close()
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for o in report.outcomes:
        if not o.passed and o.rule != "one_current_document":
            out[o.document_id].append((o.severity, o.rule, o.message))
    return dict(out)


def _write_results(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: list[Outcome]) -> None:
    at = now()
    rows = pd.DataFrame({
        "run_id": [run_id] * len(outcomes),
        "document_id": [o.document_id for o in outcomes],
        "rule": [o.rule for o in outcomes],
        "severity": [o.severity for o in outcomes],
        "passed": [o.passed for o in outcomes],
        "observed": [json.dumps(o.observed, ensure_ascii=False, sort_keys=True, default=str) for o in outcomes],
        "message": [o.message for o in outcomes],
        "validated_at": [at] * len(outcomes),
    })
    cols = "run_id, document_id, rule, severity, passed, observed, message, validated_at"
    con.execute("begin transaction")
    try:
        con.execute("delete from raw.validation_results")
        if len(rows):
            con.register("_zhengchai_validation_rows", rows)
            con.execute(f"insert into raw.validation_results ({cols}) select {cols} from _zhengchai_validation_rows")
            con.unregister("_zhengchai_validation_rows")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def quarantined_documents(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Documents failing an error rule of the latest validation that no analyst accepted."""
    return {r[0] for r in con.execute(QUARANTINE_SQL).fetchall()}


def validate_published(con: duckdb.DuckDBPyConnection, *, expectations_dir: Path | None = None) -> list[str]:
    """Warehouse-level invariants after dbt has run; an empty list means all hold.

    Checks what `published` in rules.yml names, where the relations and columns exist: a
    validation covering every parsed document, one current version per report, natural keys
    unique, and no quarantined or superseded document behind the published facts.
    """
    cfg = load_rules(expectations_dir).published
    problems: list[str] = []
    relations: dict[str, dict[str, set[str]]] = defaultdict(dict)  # name -> schema -> columns
    for schema, name, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_catalog = current_database() and table_schema <> 'raw'").fetchall():
        relations[name].setdefault(schema, set()).add(column)

    def rel(schema: str, name: str) -> str:
        return f'"{schema}"."{name}"'

    def duplicates(schema: str, name: str, keys: list[str], where: str = "true") -> int:
        cols = ", ".join(f'"{k}"' for k in keys)
        return con.execute(f"select count(*) from (select {cols} from {rel(schema, name)} where {where} "
                           "group by all having count(*) > 1)").fetchone()[0]

    parsed = con.execute("select count(*) from raw.documents where parse_status = 'parsed'").fetchone()[0]
    validated = con.execute("select count(distinct v.document_id) from raw.validation_results v "
                            "join raw.documents d using (document_id) where d.parse_status = 'parsed'").fetchone()[0]
    if validated < parsed:
        problems.append(f"raw.validation_results covers {validated} of {parsed} parsed documents: "
                        "validation did not run on the latest raw layer")

    current = cfg.get("current_documents") or {}
    current_ids: set[str] | None = None
    for schema, cols in relations.get(current.get("model", ""), {}).items():
        where = f'"{current["where"]}"' if current.get("where") in cols else "true"
        keys = next((k for k in current.get("keys") or [] if set(k) <= cols), None)
        if keys and (n := duplicates(schema, current["model"], keys, where)):
            problems.append(f"{schema}.{current['model']}: {n} ({', '.join(keys)}) with more than one "
                            "current document")
        if "document_id" in cols:
            current_ids = {r[0] for r in con.execute(
                f"select document_id from {rel(schema, current['model'])} where {where}").fetchall()}

    for name, alternatives in (cfg.get("unique_keys") or {}).items():
        for schema, cols in relations.get(name, {}).items():
            keys = next((k for k in alternatives if set(k) <= cols), None)
            if keys and (n := duplicates(schema, name, keys)):
                problems.append(f"{schema}.{name}: {n} duplicate keys ({', '.join(keys)})")

    quarantined = sorted(quarantined_documents(con))
    for name, schemas in sorted(relations.items()):
        if not any(fnmatch.fnmatch(name, p) for p in cfg.get("loadable_only") or []):
            continue
        for schema, cols in schemas.items():
            if "document_id" not in cols:
                continue
            ids = {r[0] for r in con.execute(f"select distinct document_id from {rel(schema, name)}").fetchall()}
            if None in ids:
                problems.append(f"{schema}.{name}: rows without a document_id (no provenance)")
            if bad := ids & set(quarantined):
                problems.append(f"{schema}.{name}: holds {len(bad)} quarantined documents")
            if current_ids is not None and (stale := ids - current_ids - {None}):
                problems.append(f"{schema}.{name}: holds {len(stale)} documents that are not current")
    return problems


# --------------------------------------------------------------------------- helpers


def _py(v: Any) -> Any:
    """A JSON-ready Python value from a pandas/numpy one (NaN/NA -> None)."""
    if v is None:
        return None
    if isinstance(v, list | tuple):
        return [_py(x) for x in v]
    if isinstance(v, dict):
        return {k: _py(x) for k, x in v.items()}
    if hasattr(v, "tolist") and not isinstance(v, str):
        v = v.tolist()
        if isinstance(v, list):
            return [_py(x) for x in v]
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp | datetime | date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _key(v: Any) -> Any:
    v = _py(v)
    return int(v) if isinstance(v, float) and v.is_integer() else v


def _ts(v: Any) -> tuple[int, str]:
    """Sort key: missing dates sort first (oldest)."""
    v = _py(v)
    return (0, "") if v is None else (1, str(v))


def _same(a: Any, b: Any) -> bool:
    return _py(a) == _py(b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zhengchai.validate",
                                 description="Generate or check the GX suites from expectations/rules.yml.")
    ap.add_argument("--write-suites", action="store_true", help="regenerate expectations/*.json")
    ap.add_argument("--check-suites", action="store_true", help="fail if expectations/*.json are stale")
    ap.add_argument("--dir", type=Path, default=None, help="expectations directory")
    args = ap.parse_args(argv)
    if args.write_suites:
        for p in write_suites(args.dir):
            print(p)
        return 0
    try:
        load_suites(load_rules(args.dir), args.dir)
    except RulesError as e:
        print(e, file=sys.stderr)
        return 1
    print("suites match rules.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
