"""What a build must redo: everything, or only the documents a run's new content affects.

A build is full when there is no earlier build to grow (no intermediate.int_current_documents) or
when what the checks and models compute changed (the code, the package versions, the year: the
code fingerprint). Otherwise it is incremental, and the affected documents are

- the documents of every report (version group) where a version is new or the current version or
  what is on disk changed - a republished report changes which version is current, so all of its
  versions are checked and modelled again;
- documents this run wrote a problem for or saw moved (their status and path change), and documents
  an analyst accepted since the last build (their outcomes carry the acceptance).

The checks (check_warehouse, `documents=`) and dbt's incremental models (macro build_scope) redo
exactly these; raw.build_scope records them per run. Everything not listed keeps its validation
results and its rows in the incremental models, which equal what a full build would make of them.
"""

from __future__ import annotations

import duckdb

_PREVIOUS_BUILD = """
    select code_fingerprint from raw.builds where run_id <> ? order by built_at desc limit 1"""

# int_current_documents is the previous build's record of the versions; comparing it with the raw view
# says which reports changed. A group's members all come back when any of them is new or moved.
_AFFECTED = """
with versions as (
    select document_id, version_group, current_document_id, is_current, is_on_disk
    from raw.document_versions
),

built as (
    select document_id, version_group, current_document_id, is_current, is_on_disk
    from intermediate.int_current_documents
),

changed_groups as (
    select distinct versions.version_group
    from versions
    left join built on versions.document_id = built.document_id
    where built.document_id is null
        or built.version_group is distinct from versions.version_group
        or built.current_document_id is distinct from versions.current_document_id
        or built.is_current is distinct from versions.is_current
        or built.is_on_disk is distinct from versions.is_on_disk
),

touched as (
    select document_id from raw.problems where run_id = $run_id and document_id is not null
    union
    select document_id from raw.files where run_id = $run_id and status = 'moved'
    union
    -- accepted since the last build: their outcomes carry the acceptance
    select document_id from raw.acceptances
    where accepted_at > (select max(built_at) from raw.builds where run_id <> $run_id)
)

select document_id from versions where version_group in (select version_group from changed_groups)
union
select document_id from touched where document_id in (select document_id from raw.documents)
"""


def _has_previous_build(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_schema = 'intermediate' "
                       "and table_name = 'int_current_documents' and table_catalog = current_database()"
                       ).fetchone()[0] > 0


def decide(con: duckdb.DuckDBPyConnection, run_id: str, code_fingerprint: str) -> list[str] | None:
    """Record and return this run's scope: None for a full build, else the affected document ids."""
    previous = con.execute(_PREVIOUS_BUILD, [run_id]).fetchone()
    full = previous is None or previous[0] != code_fingerprint or not _has_previous_build(con)
    affected = None if full else sorted(r[0] for r in con.execute(_AFFECTED, {"run_id": run_id}).fetchall())
    con.execute("update raw.builds set code_fingerprint = ?, scope = ? where run_id = ?",
                [code_fingerprint, "full" if full else "incremental", run_id])
    con.execute("delete from raw.build_scope where run_id = ?", [run_id])
    if affected:
        con.execute("insert into raw.build_scope select ?, unnest(?)", [run_id, affected])
    return affected


def documents(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str] | None:
    """This run's scope as decide() recorded it: None for a full build (or none recorded)."""
    row = con.execute("select scope from raw.builds where run_id = ?", [run_id]).fetchone()
    if row is None or row[0] != "incremental":
        return None
    return [r[0] for r in con.execute("select document_id from raw.build_scope where run_id = ? order by 1",
                                      [run_id]).fetchall()]
