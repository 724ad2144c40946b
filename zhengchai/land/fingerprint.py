"""Whether a run must check and build again: a hash of everything the checks and dbt read.

Raw is append-only and keyed by content, so the documents and their parse status stand for their
facts and indicators; problems count by kind (repeated warnings, a duplicate's each night, change
nothing). The code the build runs, the versions of its packages and the year count too.
"""

from __future__ import annotations

import functools
import hashlib
from datetime import date
from pathlib import Path

import duckdb

from zhengchai.warehouse import now

REPO = Path(__file__).resolve().parents[2]
# what the checks and the dbt build read besides the raw tables; a change to any rebuilds
BUILD_CODE = ("dbt_project/dbt_project.yml", "dbt_project/profiles.yml", "dbt_project/models",
              "dbt_project/macros", "dbt_project/seeds", "dbt_project/tests", "expectations",
              "zhengchai/check", "zhengchai/data", "zhengchai/dbt.py", "zhengchai/land")
BUILD_PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb", "great_expectations")


@functools.cache
def code_fingerprint() -> str:
    from importlib import metadata

    from zhengchai import __version__

    h = hashlib.sha256(f"zhengchai {__version__}\n".encode())
    for name in BUILD_PACKAGES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    for rel in BUILD_CODE:
        root = REPO / rel
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def build_code(today: date | None = None) -> str:
    """What the checks and models compute with: the code and the year (rules and models use it)."""
    return hashlib.sha256(f"{code_fingerprint()} {(today or date.today()).year}".encode()).hexdigest()


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, today: date | None = None) -> str:
    parts = [code_fingerprint(), str((today or date.today()).year)]  # rules and models use this year
    for sql in (
        "select document_id, parse_status from raw.documents order by all",
        "select distinct document_id, stage, severity, code from raw.problems order by all",
        "select * from raw.acceptances order by all",
        # which versions are current follows what is in raw/ now (a restored file), not only new content
        "select document_id, is_current from raw.document_versions order by all",
    ):
        parts.append(repr(con.execute(sql).fetchall()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _has_marts(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_name = 'mart_district_year' "
                       "and table_catalog = current_database()").fetchone()[0] > 0


def claim_build(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """None when this run must check and build (recorded in raw.builds, kept only if the build is
    published, as the staging file is); else the run whose build is still current."""
    fingerprint = inputs_fingerprint(con)
    last = con.execute("select run_id, inputs_fingerprint from raw.builds order by built_at desc limit 1").fetchone()
    if last is not None and last[1] == fingerprint and _has_marts(con):
        return last[0]
    con.execute("insert into raw.builds (run_id, inputs_fingerprint, built_at) values (?, ?, ?)",
                [run_id, fingerprint, now()])
    return None
