"""`zhengchai query` cannot write, reach other files, install extensions or change its settings.

Each forbidden statement is refused with a clear message, and neither the warehouse nor any other
file changes. The refusals come from DuckDB's own settings and parser (zhengchai/query.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from zhengchai.cli import main
from zhengchai.query import QueryRefused, open_readonly, run_query


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute("create table raw.facts as select 'budget' as measure, 100.0 as value")
    con.execute("create table fct_budget as select '望城区' as district, 2020 as fiscal_year, 100.0 as budget")
    con.close()
    return path


@pytest.fixture()
def other_db(tmp_path: Path) -> Path:
    """Stands for a running build's staging file: a writable DuckDB file beside the warehouse."""
    path = tmp_path / ".build" / "staging.duckdb"
    path.parent.mkdir()
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute("create table raw.facts as select 'budget' as measure, 100.0 as value")
    con.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def forbidden(tmp: Path, other: Path) -> dict[str, str]:
    return {
        "copy": f"copy fct_budget to '{tmp / 'out.csv'}'",
        "copy_query": f"copy (select * from fct_budget) to '{tmp / 'out.parquet'}' (format parquet)",
        "export": f"export database '{tmp / 'dump'}'",
        "read_text": "select * from read_text('/etc/passwd')",
        "read_csv": "select * from read_csv('/etc/passwd')",
        "glob": "select * from glob('/etc/*')",
        "environ": "select * from read_text('/proc/self/environ')",
        "two_statements": "select 1; select 2",
        "install": "install httpfs",
        "load": "load httpfs",
        "attach_staging": f"attach '{other}' as s (read_write)",
        "attach_new": f"attach '{tmp / 'new.duckdb'}' as n",
        "update_attached": "update s.raw.facts set value = 999999999 where measure = 'budget'",
        "set": "set enable_external_access = true",
        "reset": "reset lock_configuration",
        "pragma_set": "pragma threads = 1",
        "create": "create table intruder (a int)",
        "insert": "insert into fct_budget values ('x', 2020, 1)",
        "checkpoint_write": "create or replace view v as select 1",
    }


def test_each_forbidden_statement_is_refused_and_nothing_changes(warehouse, other_db, tmp_path, capsys):
    before_files = files_under(tmp_path)
    before = {warehouse: digest(warehouse), other_db: digest(other_db)}
    for name, sql in forbidden(tmp_path, other_db).items():
        code = main(["query", sql, "--warehouse", str(warehouse)])
        err = capsys.readouterr().err
        assert code != 0, name
        assert err.startswith(("query refused:", "query failed:")), (name, err)
        assert "Traceback" not in err
    assert {p: digest(p) for p in before} == before
    assert files_under(tmp_path) == before_files


def test_refusals_name_the_reason(warehouse, tmp_path):
    con = open_readonly(warehouse)
    cases = {
        "select 1; select 2": "one statement per query",
        f"copy fct_budget to '{tmp_path / 'x.csv'}'": "COPY statements are refused",
        f"attach '{tmp_path / 'x.duckdb'}' as x": "ATTACH statements are refused",
        "set threads = 1": "SET statements are refused",
        "select * from read_text('/etc/passwd')": "read-only settings",
    }
    for sql, reason in cases.items():
        with pytest.raises(QueryRefused, match=reason):
            run_query(con, sql)
    con.close()


def test_the_settings_cannot_be_switched_back_on(warehouse):
    con = open_readonly(warehouse)
    with pytest.raises(duckdb.Error):
        con.execute("set enable_external_access = true")
    assert con.execute("select current_setting('enable_external_access')").fetchone()[0] is False
    con.close()


def test_reading_statements_still_work(warehouse, capsys):
    for sql in ("select district, budget from fct_budget", "describe fct_budget", "show tables",
                "summarize fct_budget", "explain select * from fct_budget", "pragma table_info('fct_budget')"):
        assert main(["query", sql, "--warehouse", str(warehouse)]) == 0, sql
    capsys.readouterr()
    assert main(["query", "select budget from fct_budget", "--csv", "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.splitlines() == ["budget", "100.0"]
