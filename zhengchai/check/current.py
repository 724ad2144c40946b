"""one_current_document: whether versions of a report tied with its current one disagree.

Which version is current is decided once, by the raw view raw.document_versions (land/schema.py), which
dbt's int_current_documents reads too; this module only reads it.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pandas as pd

from zhengchai.check.rules import Rules, RulesError
from zhengchai.check.values import py, same


def _tolerances(rules: Rules) -> dict[str, float]:
    tol_by_unit = {}
    for unit, t in (rules.settings.get("conflict_tolerance") or {}).items():
        if isinstance(t, str) and t not in rules.tolerances:
            raise RulesError(f"conflict_tolerance of {unit}: unknown tolerance {t!r}")
        tol_by_unit[unit] = rules.tolerances[t] if isinstance(t, str) else float(t)
    return tol_by_unit


def _unscoped_figures(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, dict[str, tuple[float, str]]]:
    figures: dict[str, dict[str, tuple[float, str]]] = defaultdict(dict)
    if ids:
        rows = con.execute("""
            select document_id, measure, arg_min(value, fact_seq), arg_min(unit, fact_seq)
            from raw.facts where nullif(trim(scope), '') is null and document_id in (select unnest(?))
            group by all""", [ids]).fetchall()
        for doc, measure, value, unit in rows:
            figures[doc][measure] = (value, unit)
    return figures


def current_documents(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, rules: Rules) -> None:
    """Columns of one_current_document: the current version of each document's report, the versions
    tied with it (same report_date, landed in the same run) and the figures on which they disagree."""
    n = len(df)
    for column in ("current_conflict", "current_document", "tied_with", "conflicts"):
        df[column] = pd.Series([None] * n, dtype="object", index=df.index)
    if not n:
        return
    versions = dict(con.execute("select document_id, [version_group, current_document_id] "
                                "from raw.document_versions").fetchall())
    position = dict(zip(df.document_id, df.index, strict=True))
    groups: dict[str, list] = defaultdict(list)
    versioned = df[df.department.notna() & df.fiscal_year.notna()]  # the others are no report's version
    for i, doc in zip(versioned.index, versioned.document_id, strict=True):
        groups[versions[doc][0]].append(i)
    tol_by_unit = _tolerances(rules)
    figures = _unscoped_figures(con, [df.at[i, "document_id"] for ix in groups.values() if len(ix) > 1 for i in ix])
    singles = [ix[0] for ix in groups.values() if len(ix) == 1]  # their own current version, tied with nothing
    df.loc[singles, "current_document"] = [versions[d][1] for d in df.loc[singles, "document_id"]]
    df.loc[singles, "current_conflict"] = False
    for ix in (ix for ix in groups.values() if len(ix) > 1):
        current = versions[df.at[ix[0], "document_id"]][1]
        top = position.get(current)  # None when the current version could not be parsed
        tied = [i for i in ix if top is not None and same(df.at[i, "report_date"], df.at[top, "report_date"])
                and df.at[i, "landed_run_id"] == df.at[top, "landed_run_id"]]
        tied_ids = [df.at[i, "document_id"] for i in tied]
        conflicts = []
        for a_pos, a in enumerate(tied_ids):
            for b in tied_ids[a_pos + 1:]:
                for measure in sorted(figures[a].keys() & figures[b].keys()):
                    (va, unit), (vb, _) = figures[a][measure], figures[b][measure]
                    if abs(va - vb) > tol_by_unit.get(unit, 0) + 1e-9:
                        conflicts.append({"measure": measure, a: py(va), b: py(vb)})
        for i in ix:
            df.at[i, "current_document"] = current
            df.at[i, "current_conflict"] = bool(conflicts) if i in tied else False
            if i in tied and len(ix) > 1:
                others = [d for d in tied_ids if d != df.at[i, "document_id"]]
                df.at[i, "tied_with"] = others or None
                df.at[i, "conflicts"] = conflicts or None
