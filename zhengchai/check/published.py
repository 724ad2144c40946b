"""Post-build checks: warehouse-level invariants after dbt; an empty list means all hold."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from pathlib import Path

import duckdb

from zhengchai.check.results import quarantined_documents
from zhengchai.check.rules import load_rules


def _coverage(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The latest check covered every parsed document."""
    parsed = con.execute("select count(*) from raw.documents where parse_status = 'parsed'").fetchone()[0]
    validated = con.execute("select count(distinct v.document_id) from raw.validation_results v "
                            "join raw.documents d using (document_id) where d.parse_status = 'parsed'").fetchone()[0]
    if validated < parsed:
        return [f"raw.validation_results covers {validated} of {parsed} parsed documents: "
                "validation did not run on the latest raw layer"]
    return []


def check_published(con: duckdb.DuckDBPyConnection, *, expectations_dir: Path | None = None) -> list[str]:
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

    problems += _coverage(con)
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



def check_file(path: Path) -> list[str]:
    """check_published on a warehouse file, opened read-only for the purpose."""
    from zhengchai.warehouse import connect

    con = connect(path, read_only=True)
    try:
        return check_published(con)
    finally:
        con.close()
