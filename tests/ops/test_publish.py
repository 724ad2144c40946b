"""Publishing and incremental runs: readers in another process never see a half-built warehouse,
a renamed file is not parsed again, a removed one is reported, an unchanged raw/ rebuilds nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

# Polls the published warehouse from another process, one JSON line per poll: the state seen, or
# the error. "new": a new read-only connection each time, as `zhengchai query` or a notebook cell
# does. "kept": one connection opened at the start and kept; it holds the old file after the swap.
# (Two processes: DuckDB shares one database instance among a process's connections to a path, so
# a kept connection would make the new ones see the old file too.)
READER = r"""
import json, os, sys, time
import duckdb

path, mode, out, stop, state_sql = sys.argv[1:6]
kept = duckdb.connect(path, read_only=True) if mode == "kept" else None
with open(out, "w") as log:
    while not os.path.exists(stop):
        try:
            if kept is not None:
                state = kept.execute(state_sql).fetchone()
            else:
                con = duckdb.connect(path, read_only=True)
                try:
                    state = con.execute(state_sql).fetchone()
                finally:
                    con.close()
            log.write(json.dumps({"state": list(state)}) + "\n")
        except Exception as e:
            log.write(json.dumps({"error": f"{type(e).__name__}: {e}"}) + "\n")
        log.flush()
        time.sleep(0.01)
"""

STATE_SQL = """select (select count(*) from mart_district_year),
                      (select count(*) from raw.documents),
                      (select coalesce(sum(hash(document_id)), 0)::varchar from raw.documents),
                      (select count(*) from raw.facts),
                      (select count(*) from raw.runs where status = 'published')"""


@pytest.fixture
def workspace(first_run, tmp_path):
    """A copy of the shared first run's raw/ and published warehouse, free to change."""
    from zhengchai.config import Settings

    raw = tmp_path / "raw"
    shutil.copytree(first_run.raw, raw)
    warehouse = tmp_path / "warehouse" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copy2(first_run.settings.warehouse, warehouse)
    return Settings(raw_dir=raw, warehouse=warehouse, workers=2, document_timeout=120,
                    max_pages=first_run.settings.max_pages)


def test_readers_see_the_old_or_the_new_warehouse_never_a_mix(workspace, first_run, prefect_server, tmp_path, ops):
    from flows.nightly import run
    from lab.sample import generate

    settings = workspace
    before = list(ops.query(settings.warehouse, STATE_SQL)[0])
    # a night's changes: one report renamed, one removed, three new
    renamed_from, removed = first_run.good[1], first_run.good[2]
    renamed_to = "改名/" + renamed_from.replace("/", "-")
    (settings.raw_dir / renamed_to).parent.mkdir()
    (settings.raw_dir / renamed_from).rename(settings.raw_dir / renamed_to)
    (settings.raw_dir / removed).unlink()
    generate(settings.raw_dir / "新", seed=45, n_docs=3, bad_files=False)

    stop = tmp_path / "stop"
    logs = {mode: tmp_path / f"{mode}.jsonl" for mode in ("new", "kept")}

    def polls(mode: str) -> list[dict]:
        text = logs[mode].read_text() if logs[mode].exists() else ""
        return [json.loads(line) for line in text.splitlines()[:-1]]  # the last line may be half-written

    readers = [subprocess.Popen([sys.executable, "-c", READER, str(settings.warehouse), mode, str(log), str(stop),
                                 STATE_SQL]) for mode, log in logs.items()]
    try:
        assert ops.wait_until(lambda: all(len(polls(m)) >= 20 for m in logs), timeout=60)
        result = run(settings)
        after = list(ops.query(settings.warehouse, STATE_SQL)[0])
        seen = {m: len(polls(m)) for m in logs}
        assert ops.wait_until(lambda: all(len(polls(m)) >= seen[m] + 20 for m in logs), timeout=60)
    finally:
        stop.touch()
        for reader in readers:
            reader.wait(timeout=60)

    new, kept = polls("new"), polls("kept")
    assert [p["error"] for p in new + kept if "error" in p] == []
    assert before != after
    new_states = [p["state"] for p in new]
    assert {tuple(s) for s in new_states} == {tuple(before), tuple(after)}  # both seen, nothing else
    switch = new_states.index(after)
    assert all(s == after for s in new_states[switch:])  # no going back once published
    assert {tuple(p["state"]) for p in kept} == {tuple(before)}  # the old file, whole, to the end

    # incremental: only the three new files were parsed; the rename and the removal are recorded
    assert result["documents_parsed"] == 3 and result["moved"] == 1 and result["removed"] == 1 and result["rebuilt"]
    files = dict(ops.query(settings.warehouse, "select path, status from raw.files where run_id = ?", [result["run_id"]]))
    assert files[renamed_to] == "moved" and files[removed] == "removed"
    notes = dict(ops.query(settings.warehouse, "select source_path, code from raw.problems where run_id = ? "
                                               "and stage = 'discover' and code <> 'duplicate_file'", [result["run_id"]]))
    assert notes == {renamed_to: "file_moved", removed: "file_removed"}
    # the removed report's figures stay in the warehouse
    assert ops.query(settings.warehouse, "select count(*) from raw.documents where source_path = ?", [removed]) == [(1,)]


def test_a_run_with_nothing_new_rebuilds_nothing_and_changes_no_content(workspace, first_run, prefect_server, ops):
    from flows.nightly import run

    result = run(workspace)
    assert result["documents_parsed"] == 0 and result["batches"] == 0
    assert not result["rebuilt"] and "build" not in result["timings"] and "check" not in result["timings"]
    ops.assert_same_content(ops.snapshot(workspace.warehouse), first_run.snapshot)
    runs = ops.query(workspace.warehouse, "select status, note from raw.runs order by started_at")
    assert [s for s, _ in runs] == ["published", "published"] and "carried over" in runs[-1][1]
