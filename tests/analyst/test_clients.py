"""The warehouse in analysts' tools: the DuckDB 1.x CLI installed with the project, and dbt docs."""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.request

import duckdb
import pytest

from zhengchai import docs
from zhengchai.portable import is_portable, make_portable, storage_version
from zhengchai.warehouse import connect


def cli_or_skip() -> str:
    import shutil
    import sys
    from pathlib import Path

    here = Path(sys.executable).with_name("duckdb")
    cli = str(here) if here.exists() else shutil.which("duckdb")
    if not cli:
        pytest.skip("the duckdb CLI is not installed (pip install -c constraints.txt -e .)")
    return cli


def run_cli(cli: str, path, sql: str) -> str:
    done = subprocess.run([cli, "-readonly", "-csv", str(path), "-c", sql], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_cli_is_a_1x_client():
    cli = cli_or_skip()
    version = subprocess.run([cli, "--version"], capture_output=True, text=True, timeout=30).stdout
    assert version.startswith("v1."), version


def test_a_new_warehouse_file_is_written_for_1x_clients(tmp_path):
    con = connect(tmp_path / "new.duckdb")
    con.execute("create table t as select 42 as answer")
    con.close()
    assert is_portable(tmp_path / "new.duckdb")
    assert run_cli(cli_or_skip(), tmp_path / "new.duckdb", "select answer from t").split() == ["answer", "42"]


def test_a_warehouse_in_the_newer_format_is_rewritten_with_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # the library's default storage
    con.execute("create schema raw; create table raw.facts as select range as n from range(1000)")
    con.execute("create view v as select count(*) as c from raw.facts")
    con.close()
    if is_portable(path):
        pytest.skip(f"this DuckDB writes {storage_version(path)} by default: nothing to rewrite")
    assert make_portable(path) and is_portable(path) and not make_portable(path)
    assert run_cli(cli_or_skip(), path, "select c from v").split() == ["c", "1000"]


@pytest.mark.slow
def test_the_published_sample_warehouse_opens_in_the_cli(sample_warehouse):
    expected = duckdb.connect(str(sample_warehouse), read_only=True).execute(
        "select count(*) from mart_district_year").fetchone()[0]
    out = run_cli(cli_or_skip(), sample_warehouse,
                  "select count(*) as n from mart_district_year; select count(*) as f from marts.fct_budget")
    assert out.split()[:2] == ["n", str(expected)] and "f" in out.split()


@pytest.mark.slow
def test_docs_have_the_project_overview_and_open_as_one_file(sample_warehouse, tmp_path):
    page = docs.generate(sample_warehouse, tmp_path / "docs")
    html = page.read_text(encoding="utf-8")
    assert page.name == "static_index.html"
    # the overview (embedded as JSON, maybe \u-escaped), not dbt's generic welcome page
    title = "数据仓库说明"
    assert title in html or json.dumps(title)[1:-1] in html
    assert "doc.zhengchai.__overview__" in html and "mart_district_year" in html


def test_docs_are_served_on_loopback_only(tmp_path):
    (tmp_path / "static_index.html").write_text("<html>docs</html>", encoding="utf-8")
    server = docs.make_server(tmp_path, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static_index.html", timeout=10) as response:
            assert response.status == 200 and b"docs" in response.read()
    finally:
        server.shutdown()
        server.server_close()
