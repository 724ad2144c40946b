"""The analysts' door to the published warehouse: read-only, sealed, one statement at a time.

`zhengchai query`, `problems`, `export` and the report read through `open_readonly`. The sealing is
DuckDB's own: the file is opened read-only, file-system access (COPY … TO, EXPORT DATABASE, ATTACH,
read_text/read_csv/glob, INSTALL) and extension loading are switched off, and the configuration is
locked so that no SET or PRAGMA can switch them back on. On top of that a query is parsed by DuckDB
and refused unless it is exactly one statement of a reading kind.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# DuckDB settings that make a connection unable to write or reach anything but its own file.
SEALED_CONFIG: dict[str, object] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "lock_configuration": True,
}

# Statement kinds a query may be (SELECT covers SHOW, DESCRIBE and SUMMARIZE; PRAGMA and CALL
# read catalogue information: with the configuration locked they cannot change a setting).
READING_STATEMENTS = frozenset({
    duckdb.StatementType.SELECT,
    duckdb.StatementType.EXPLAIN,
    duckdb.StatementType.PRAGMA,
    duckdb.StatementType.CALL,
})


class QueryRefused(ValueError):
    """A query the sealed connection will not run; the message says why."""


def open_readonly(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse sealed: read-only, no file system, no extensions, locked."""
    return duckdb.connect(str(path), read_only=True, config=dict(SEALED_CONFIG))


def statement_of(con: duckdb.DuckDBPyConnection, sql: str):
    """The one reading statement in `sql`, as DuckDB parses it; QueryRefused otherwise."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as e:
        raise QueryRefused(f"the query does not parse: {e}") from e
    if len(statements) != 1:
        raise QueryRefused(f"one statement per query, this has {len(statements)}; "
                           "run them one at a time")
    statement = statements[0]
    if statement.type not in READING_STATEMENTS:
        kind = statement.type.name
        raise QueryRefused(f"{kind} statements are refused: the warehouse is read-only and a query "
                           "may not write, attach, copy, export, install or change settings")
    return statement


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyRelation | None:
    """Run one reading statement on a sealed connection; QueryRefused for anything else."""
    statement = statement_of(con, sql)
    try:
        return con.sql(statement.query)
    except duckdb.PermissionException as e:
        raise QueryRefused(f"refused by the warehouse's read-only settings: {e}") from e
