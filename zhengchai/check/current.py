"""Which version of a report is current, and whether tied versions disagree (one_current_document)."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pandas as pd

from zhengchai.check.rules import Rules, RulesError
from zhengchai.check.values import py, same, ts


def current_documents(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, rules: Rules) -> None:
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
        order = sorted(ix, key=lambda i: (ts(g.at[i, "report_date"]), ts(g.at[i, "loaded_at"]),
                                          g.at[i, "document_id"]), reverse=True)
        top = order[0]
        tied = [i for i in order
                if same(g.at[i, "report_date"], g.at[top, "report_date"])
                and g.at[i, "landed_run_id"] == g.at[top, "landed_run_id"]]
        conflicts = []
        tied_ids = [g.at[i, "document_id"] for i in tied]
        for a_pos, a in enumerate(tied_ids):
            for b in tied_ids[a_pos + 1:]:
                for measure in sorted(figures[a].keys() & figures[b].keys()):
                    (va, unit), (vb, _) = figures[a][measure], figures[b][measure]
                    if abs(va - vb) > tol_by_unit.get(unit, 0) + 1e-9:
                        conflicts.append({"measure": measure, a: py(va), b: py(vb)})
        for i in ix:
            df.at[i, "current_document"] = g.at[top, "document_id"]
            if i in tied:
                df.at[i, "current_conflict"] = bool(conflicts)
                others = [d for d in tied_ids if d != g.at[i, "document_id"]]
                df.at[i, "tied_with"] = others or None
                df.at[i, "conflicts"] = conflicts or None
            else:
                df.at[i, "current_conflict"] = False

