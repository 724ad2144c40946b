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
    if fmt == "xlsx":  # one workbook made for Excel users, not a dump of tables (--tables is for csv/parquet)
        from zhengchai.workbook import write_workbook

        return [write_workbook(con, out / "zhengchai.xlsx")]
    # Files are written from Python, not with COPY: query connections may not write files.
    written = []
    for table in chosen:
        path = out / f"{table}.{fmt}"
        arrow = con.table(table).to_arrow_table()
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(arrow, path)
        else:  # a BOM, so Excel on Chinese Windows reads UTF-8
            arrow.to_pandas(integer_object_nulls=True).map(_readable).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written


def _readable(value):
    """Lists and structs as text a spreadsheet shows (a list of names joined with 、)."""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "、".join(str(v) for v in value)
    return value
