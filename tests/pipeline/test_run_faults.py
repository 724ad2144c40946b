"""A run over raw/ that nothing in raw/ can stop, and that leaves a trace when it is stopped
(issue 14, items 2 and 10). The pipeline's steps without Prefect and without dbt (the `run_steps` fixture, tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from zhengchai import pipeline
from zhengchai.warehouse import connect

REPORT = "某区房屋征收办公室2021年度部门整体支出绩效自评报告。全年预算数为300万元，实际支出280万元。\n"


def _rows(path: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_name_that_is_not_utf8_is_landed_with_its_bytes_escaped(tmp_path, run_steps):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / os.fsdecode(b"\xd7\xd4\xc6\xc0-report.txt")).write_text(REPORT, encoding="utf-8")
    published = tmp_path / "w" / "warehouse.duckdb"
    ctx = run_steps(raw, published, build=False)
    [(path, status)] = _rows(published, "select path, status from raw.files where run_id = ?", [ctx.run_id])
    assert (path, status) == ("\\xd7\\xd4\\xc6\\xc0-report.txt", "new")
    assert _rows(published, "select source_path from raw.documents") == [(path,)]


def test_a_file_that_cannot_be_read_is_recorded_and_the_run_goes_on(tmp_path, run_steps, monkeypatch):
    """As root, permissions do not bite: the open is made to fail the way it does for a user without
    read permission (tests/read/test_discover.py drops root to check the real thing)."""
    from zhengchai.read import discover as module

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(REPORT, encoding="utf-8")
    (raw / "locked.txt").write_text(REPORT + "x", encoding="utf-8")
    real_open = os.open

    def open_(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(module.os, "open", open_)
    published = tmp_path / "w" / "warehouse.duckdb"
    ctx = run_steps(raw, published, build=False)
    assert [f.path for f in ctx.plan.files] == ["good.txt"]
    assert _rows(published, "select source_path, stage, code from raw.problems where run_id = ? "
                            "and stage = 'discover'", [ctx.run_id]) == [("locked.txt", "discover", "unreadable")]
    assert not list((published.parent / ".build").iterdir())


def test_a_failing_prepare_leaves_no_staging_copy(tmp_path, monkeypatch):
    from zhengchai.read import discover as module

    raw = tmp_path / "raw"
    raw.mkdir()
    published = tmp_path / "w" / "warehouse.duckdb"

    def broken(*args, **kwargs):
        raise OSError("the file share went away")

    monkeypatch.setattr(pipeline, "scan", broken)
    assert module.scan is not broken
    with pytest.raises(OSError):
        pipeline.prepare(raw, published)
    assert list((published.parent / ".build").iterdir()) == []


def test_a_killed_run_is_recorded_as_abandoned_by_the_next(tmp_path, run_steps):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_text(REPORT, encoding="utf-8")
    published = tmp_path / "w" / "warehouse.duckdb"
    run_steps(raw, published, build=False)
    killed = pipeline.prepare(raw, published)  # ... and then the process is killed: nothing more happens
    failed = pipeline.prepare(raw, published)
    pipeline.discard(failed, "RuntimeError: dbt build failed")
    after = run_steps(raw, published, build=False)
    runs = dict(_rows(published, "select run_id, status from raw.runs"))
    assert runs[killed.run_id] == "abandoned" and runs[failed.run_id] == "failed"
    assert runs[after.run_id] == "published"
    [(note,)] = _rows(published, "select note from raw.runs where run_id = ?", [failed.run_id])
    assert "dbt build failed" in note
    assert not list((published.parent / ".runs").iterdir())  # recorded once, then the journals go


def test_a_renamed_file_takes_its_new_path_and_a_copy_never_becomes_the_original(tmp_path, run_steps):
    raw = tmp_path / "raw"
    (raw / "b").mkdir(parents=True)
    (raw / "b/first-name.txt").write_text(REPORT, encoding="utf-8")
    published = tmp_path / "w" / "warehouse.duckdb"
    run_steps(raw, published, build=False)
    (raw / "b/first-name.txt").rename(raw / "b/second-name.txt")
    run_steps(raw, published, build=False)
    assert _rows(published, "select source_path, file_name from raw.documents") == [
        ("b/second-name.txt", "second-name.txt")]
    (raw / "a-copy.txt").write_bytes((raw / "b/second-name.txt").read_bytes())  # sorts before the original
    ctx = run_steps(raw, published, build=False)
    assert dict(_rows(published, "select path, status from raw.files where run_id = ?", [ctx.run_id])) == {
        "b/second-name.txt": "unchanged", "a-copy.txt": "duplicate"}


def test_an_entry_that_is_not_a_file_is_recorded_with_its_reason(tmp_path, run_steps):
    raw = tmp_path / "raw"
    (raw / "d").mkdir(parents=True)
    os.symlink(raw / "d", raw / "to-dir")
    os.symlink(raw / "missing.pdf", raw / "dangling.pdf")
    os.mkfifo(raw / "fifo.pdf")
    published = tmp_path / "w" / "warehouse.duckdb"
    ctx = run_steps(raw, published, build=False)
    con = connect(published, read_only=True)
    try:
        files = dict(con.execute("select path, status from raw.files where run_id = ?", [ctx.run_id]).fetchall())
        reasons = dict(con.execute("select source_path, code from raw.problems where run_id = ? "
                                   "and stage = 'discover'", [ctx.run_id]).fetchall())
    finally:
        con.close()
    assert files == {"to-dir": "skipped", "dangling.pdf": "skipped", "fifo.pdf": "skipped"}
    assert reasons == {"to-dir": "link_to_directory", "dangling.pdf": "dangling_link", "fifo.pdf": "not_a_regular_file"}


# -- publish owns the file: a stale WAL (issue 14, item 4) ----------------------------------------------------

WRITER = """
import os, signal, sys
import duckdb

con = duckdb.connect(sys.argv[1])  # read-write, as `duckdb warehouse.duckdb` opens it
con.execute("insert into raw.acceptances values ('by-hand', 'a_rule', 'typed in the CLI', 'someone', now())")
os.kill(os.getpid(), signal.SIGKILL)  # dies without a checkpoint: the insert is only in the WAL
"""


def test_a_writer_killed_without_a_checkpoint_breaks_no_reader_after_the_next_publish(tmp_path, run_steps):
    import subprocess
    import sys

    from zhengchai import summary

    def wal_of(path: Path) -> Path:
        return path.with_name(path.name + ".wal")

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_text(REPORT, encoding="utf-8")
    published = tmp_path / "w" / "warehouse.duckdb"
    run_steps(raw, published, build=False)
    writer = subprocess.run([sys.executable, "-c", WRITER, str(published)])
    assert writer.returncode == -9 and wal_of(published).exists()

    (raw / "new.txt").write_text(REPORT.replace("300", "310"), encoding="utf-8")
    ctx = run_steps(raw, published, build=False)
    assert not wal_of(published).exists()
    assert not [p.name for p in published.parent.iterdir() if ".wal" in p.name]
    # a fresh reader works, sees the new run, and lost nothing the dead writer had committed
    assert _rows(published, "select count(*) from raw.documents") == [(2,)]
    assert _rows(published, "select reason from raw.acceptances") == [("typed in the CLI",)]
    assert summary.summarize(ctx, published, 1).run_id == ctx.run_id
