"""A user's mistake gets a clear message and an exit code, never a Python traceback (issue 11, section 4)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from zhengchai.cli import main

REPO = Path(__file__).resolve().parents[2]


def zhengchai(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhengchai.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def empty_warehouse(tmp_path) -> Path:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    return path


def test_query_on_a_file_that_is_not_a_warehouse(tmp_path):
    r = zhengchai("query", "select 1", "--warehouse", "README.md")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "cannot open README.md as a warehouse" in r.stderr


def test_export_of_a_table_that_does_not_exist(empty_warehouse, tmp_path):
    r = zhengchai("export", "--format", "csv", "--tables", "mart_distrct_year", "--out", str(tmp_path / "x"),
                  "--warehouse", str(empty_warehouse))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "no such table(s): mart_distrct_year" in r.stderr


def test_a_reader_that_leaves_early_is_not_an_error(empty_warehouse):
    """`zhengchai query … | head -1`: the pipe closes under us (SIGPIPE), quietly."""
    p = subprocess.Popen([sys.executable, "-m", "zhengchai.cli", "query", "select * from range(2000000)", "--csv",
                          "--warehouse", str(empty_warehouse)], cwd=REPO, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    assert p.stdout.readline() == b"range\n"
    p.stdout.close()
    stderr = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141  # 128 + SIGPIPE, as a shell tool exits
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception ignored" not in stderr


def test_extract_of_a_missing_file(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nowhere.pdf")]) == 2
    assert f"no such file: {tmp_path / 'nowhere.pdf'}" in capsys.readouterr().err


@pytest.mark.parametrize("json", [False, True])
def test_extract_of_a_file_that_is_not_a_report_exits_non_zero(capsys, json):
    assert main(["extract", str(REPO / "README.md"), "--no-checks", *(["--json"] if json else [])]) == 1
    err = capsys.readouterr().err
    assert "README.md: not loaded" in err and "not_a_report" in err


@pytest.mark.parametrize("args", [
    ["run", "--workers", "0"], ["run", "--workers", "-2"], ["run", "--workers", "two"], ["run", "--timeout", "0"],
    ["run", "--timeout", "-1"], ["query", "select 1", "--max-rows", "0"], ["sample", "--n-docs", "0"],
    ["bench", "speed", "--n-docs", "-5"],
])
def test_numbers_that_must_be_positive_are_refused(args, capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main([*args, *(["--raw", str(tmp_path / "none")] if args[0] == "run" else [])])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {args[-2]}" in err and "positive" in err
