"""The published warehouse in a storage format the DuckDB 1.x clients analysts use can open.

DuckDB 2.0 writes a newer storage format by default, which the DuckDB 1.x CLI, DBeaver and
Metabase drivers refuse. A file created with an older storage version keeps it when a newer
DuckDB writes to it, so new files are created with it, and an existing file in the newer format
is rewritten once before it is published.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

# the newest storage version DuckDB 1.4 and 1.5 clients read
STORAGE_VERSION = "v1.4.0"


def new_file_config() -> dict[str, str]:
    return {"storage_compatibility_version": STORAGE_VERSION}


def storage_version(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tags = con.execute(
            "select tags from duckdb_databases() where database_name = current_database()").fetchone()[0]
    finally:
        con.close()
    return dict(tags).get("storage_version", "")


def is_portable(path: Path) -> bool:
    return storage_version(path).startswith("v1.")


def make_portable(path: Path) -> bool:
    """Rewrite `path` in STORAGE_VERSION if it is in a newer one. Returns whether it rewrote.

    The copy is written beside the file and renamed over it, so a crash leaves the original.
    """
    path = Path(path)
    if is_portable(path):
        return False
    copy = path.with_name(path.name + ".portable")
    copy.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_quoted(path)}' as src (read_only)")
        con.execute(f"attach '{_quoted(copy)}' as dst (storage_version '{STORAGE_VERSION}')")
        con.execute("copy from database src to dst")
        con.execute("detach dst")
        con.execute("detach src")
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(copy, path)
    return True


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
