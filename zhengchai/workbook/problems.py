"""The 问题文档 sheet: every problem of every document with its district, year and state."""

from __future__ import annotations

import duckdb
import pandas as pd

from zhengchai.report.data import DOCUMENTS_SQL, PROBLEMS_SQL, place_by_folder
from zhengchai.report.labels import code_label, rule_label


def problem_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    problems = con.execute(PROBLEMS_SQL).df()
    documents = con.execute(DOCUMENTS_SQL).df()
    districts = {r[0] for r in con.execute("select district from dim_district where district is not null").fetchall()}
    place_by_folder(documents, districts)
    merged = problems.merge(documents[["document_id", "place_district", "place_year", "status", "is_current"]],
                            on="document_id", how="left")
    current = merged.is_current.fillna(True).astype(bool)
    rows = pd.DataFrame({
        "district": merged.place_district, "fiscal_year": merged.place_year, "file": merged.source_path,
        "status": [s if c else "已被新版本取代" for s, c in zip(merged.status, current, strict=True)],
        "severity": merged.severity, "code": merged.code,
        "rule": [rule_label(c) if s == "check" else code_label(c) for s, c in zip(merged.stage, merged.code, strict=True)],
        "message": merged.message, "accepted": merged.accepted.astype(bool),
    })
    rows["accept"] = [
        f'zhengchai accept {d[:12]} --rule {c} --reason "…"'
        if s == "check" and sev == "error" and not a and cur else None
        for d, c, s, sev, a, cur in zip(merged.document_id, merged.code, merged.stage, merged.severity,
                                        merged.accepted, current, strict=True)]
    return rows.sort_values(["district", "fiscal_year", "file", "severity"], na_position="last")
