"""The marts, facts and dimensions as Parquet, CSV or one Excel workbook."""

from __future__ import annotations

from pathlib import Path

import duckdb

PREFIXES = ("mart_", "fct_", "dim_")


def exportable_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        """select table_name from information_schema.tables
           where table_schema = 'main' and table_catalog = current_database()
           order by table_name""").fetchall()
    return [r[0] for r in rows if r[0].startswith(PREFIXES)]


def export(con: duckdb.DuckDBPyConnection, out: Path, fmt: str, tables: list[str] | None = None) -> list[Path]:
    available = exportable_tables(con)
    chosen = tables or available
    unknown = sorted(set(chosen) - set(available))
    if unknown:
        raise ValueError(f"no such table(s): {', '.join(unknown)}; available: {', '.join(available)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "xlsx":
        import pandas as pd

        path = out / "zhengchai.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for table in chosen:
                # Excel caps sheet names at 31 characters
                con.table(table).df().to_excel(writer, sheet_name=table[:31], index=False)
        return [path]
    for table in chosen:
        path = out / f"{table}.{fmt}"
        _write_table(con, table, path, fmt)
        written.append(path)
    return written


def _write_table(con: duckdb.DuckDBPyConnection, table: str, path: Path, fmt: str) -> None:
    """Written from Python: the sealed read connection cannot write files itself (no COPY)."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(con.table(table).to_arrow_table(), path)
    else:
        # a byte-order mark so that Excel on Chinese Windows reads the file as UTF-8
        con.table(table).df().to_csv(path, index=False, encoding="utf-8-sig")
