"""The warehouse file: opening it, the clock its rows are stamped with, and bulk inserts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from zhengchai.portable import new_file_config


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    # a new file gets a storage version the DuckDB 1.x clients of analysts open (it keeps it)
    config = new_file_config() if not read_only and not Path(path).exists() else {}
    return duckdb.connect(str(path), read_only=read_only, config=config)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Bulk insert through Arrow: executemany goes row by row and takes seconds per thousand."""
    if not rows:
        return
    import pyarrow as pa

    schema = con.sql(f"select * from {table} limit 0").to_arrow_table().schema
    columns = list(zip(*rows, strict=True))
    batch = pa.table({field.name: pa.array(col, type=field.type) for field, col in zip(schema, columns, strict=True)})
    con.register("_zhengchai_rows", batch)
    try:
        con.execute(f"insert into {table} select * from _zhengchai_rows")
    finally:
        con.unregister("_zhengchai_rows")
