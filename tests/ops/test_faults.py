"""Faults during a nightly run: a hanging, crashing or memory-eating document; a batch that fails
once; a second run while one is going; a run killed with kill -9 in the middle of extraction."""

from __future__ import annotations

import faulthandler
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhengchai import pipeline, publish, runner
from zhengchai.config import Settings

pytestmark = pytest.mark.slow

REPORT = """长沙市{district}房屋征收和补偿办公室
2021年度部门整体支出绩效自评报告
2021年，区征收办全年预算数为300万元，实际支出280万元，其中基本支出80万元，项目支出200万元。
全年签约住户95户。
"""


def _report(district: str) -> str:
    return REPORT.format(district=district)


def test_a_hanging_crashing_or_greedy_document_is_recorded_and_a_failed_batch_is_retried(
        prefect_server, tmp_path, monkeypatch, ops):
    raw = tmp_path / "raw"
    for name, district in (("ok-1", "芙蓉区"), ("ok-2", "天心区"), ("hang", "岳麓区"), ("crash", "开福区"),
                           ("greedy", "雨花区"), ("ok-3", "望城区")):
        (raw / district).mkdir(parents=True)
        (raw / district / f"{name}.txt").write_text(_report(district), encoding="utf-8")

    # Faults injected where a real reader would hit them: in the forked child that reads the file.
    # workers=1 runs the batches on a thread of this process, so the patches reach the children.
    real_extract = runner._extract_path

    def faulty_extract(path: str, options):
        name = Path(path).stem
        if name == "hang":  # a pathological file pdfminer would loop on
            while True:
                time.sleep(1)
        if name == "crash":  # a segfault in a C extension
            faulthandler.disable()  # (pytest's would print this expected crash's traceback)
            os.kill(os.getpid(), signal.SIGSEGV)
        if name == "greedy":  # a decompression bomb: stopped by the child's memory limit
            return bytearray(8 << 30)
        return real_extract(path, options)

    monkeypatch.setattr(runner, "_extract_path", faulty_extract)

    calls: list[list[str]] = []
    real_files = pipeline.extract_files

    def flaky_files(raw_dir, files, *args, **kwargs):
        calls.append([f.path for f in files])
        if len(calls) == 1:
            raise OSError("the file share went away for a moment")
        return real_files(raw_dir, files, *args, **kwargs)

    monkeypatch.setattr(pipeline, "extract_files", flaky_files)

    from flows.nightly import run

    settings = Settings(raw_dir=raw, warehouse=tmp_path / "wh" / "warehouse.duckdb", workers=1, document_timeout=5)
    result = run(settings)

    failed = {path: code for path, code, _ in result["documents_failed"]}
    assert failed == {"岳麓区/hang.txt": "timeout", "开福区/crash.txt": "extractor_crashed",
                      "雨花区/greedy.txt": "extractor_crashed"}
    messages = dict(ops.query(settings.warehouse, "select source_path, message from raw.problems where severity = 'error'"))
    assert "SIGSEGV" in messages["开福区/crash.txt"] or "signal 11" in messages["开福区/crash.txt"]
    assert "MemoryError" in messages["雨花区/greedy.txt"]
    assert ops.query(settings.warehouse, "select count(*) from fct_budget")[0][0] == 3  # the good ones went on

    # the batch that failed was run again, and only it
    assert calls.count(calls[0]) == 2 and len(calls) == result["batches"] + 1
    retried = [r for r in ops.task_runs(result["flow_run_id"], "extract-batch") if r.run_count == 2]
    assert ops.wait_until(lambda: len([r for r in ops.task_runs(result["flow_run_id"], "extract-batch")
                                       if r.run_count == 2 and r.state.is_completed()]) == 1, timeout=60), retried


def test_the_flow_refuses_to_run_while_another_run_holds_the_lock(prefect_server, tmp_path):
    """A scheduled run (the flow itself, no CLI in front) that finds a run going is refused."""
    from flows.nightly import nightly

    raw = tmp_path / "raw"
    raw.mkdir()
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    with publish.run_lock(warehouse.parent), pytest.raises(publish.AlreadyRunning, match="in progress"):
        nightly(raw_dir=str(raw), warehouse=str(warehouse), workers=1)
    assert not warehouse.exists() and not (warehouse.parent / ".build").exists()


HOLD_LOCK = """
import sys, time
from pathlib import Path
from zhengchai.publish import run_lock
with run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_zhengchai_run_is_refused_with_exit_code_3_while_another_process_runs(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r.txt").write_text(_report("芙蓉区"), encoding="utf-8")
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(warehouse.parent)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        done = subprocess.run([str(Path(sys.executable).with_name("zhengchai")), "run", "--raw", str(raw),
                               "--warehouse", str(warehouse)], capture_output=True, text=True, env=env, timeout=300)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 3, done.stderr
    assert "another zhengchai run is in progress" in done.stderr and f"pid {holder.pid}" in done.stderr
    assert not warehouse.exists()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _extraction_children(sid: int) -> list[int]:
    """Processes of the run's session forked by a process-pool worker: extraction is under way.
    (The session, not the process group: each extraction child leads a group of its own.)"""
    procs = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[3]) == sid:
            procs[int(entry.name)] = (int(fields[1]), cmdline)
    workers = {pid for pid, (_, cmdline) in procs.items() if b"spawn_main" in cmdline}
    return [pid for pid, (parent, _) in procs.items() if parent in workers]


def test_kill_9_mid_extraction_leaves_the_published_warehouse_and_the_next_run_finishes(
        first_run, prefect_server, tmp_path, ops):
    from lab.sample import generate

    # a published warehouse (the shared first run's), and new reports to extract
    raw = tmp_path / "raw"
    shutil.copytree(first_run.raw, raw)
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copy2(first_run.settings.warehouse, warehouse)
    generate(raw / "new", seed=44, n_docs=12, bad_files=False)
    before_sha = _sha256(warehouse)
    before = ops.query(warehouse, "select count(*), (select count(*) from mart_district_year) from raw.documents")

    args = ["run", "--raw", str(raw), "--warehouse", str(warehouse), "--workers", "2"]
    # its own Prefect server (and Prefect home), as a bare `zhengchai run` starts one
    env = {"PREFECT_HOME": str(tmp_path / "prefect"), "ZHENGCHAI_MAX_PAGES": str(first_run.settings.max_pages)}
    victim = ops.zhengchai(*args, env=env, unset=("PREFECT_API_URL",), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        assert ops.wait_until(lambda: _extraction_children(victim.pid) or victim.poll() is not None, timeout=240)
        assert victim.poll() is None, "the run ended before extraction was seen"
        victim.send_signal(signal.SIGKILL)
        victim.wait()

        # the published file is the one from before, whole and readable
        assert _sha256(warehouse) == before_sha
        assert ops.query(warehouse, "select count(*), (select count(*) from mart_district_year) "
                                    "from raw.documents") == before
        assert list((warehouse.parent / ".build").glob("*.duckdb")), "the kill came before the staging copy"
        # nothing of the killed run lives on: pool workers, extraction children, its Prefect server
        assert ops.wait_until(lambda: not ops.process_session(victim.pid), timeout=30), ops.process_session(victim.pid)
    finally:
        ops.kill_group(victim.pid)

    # the next run is not blocked by the dead one and does the whole job
    again = ops.zhengchai(*args, env={"ZHENGCHAI_MAX_PAGES": str(first_run.settings.max_pages),
                                      "PREFECT_LOGGING_LEVEL": "INFO"},  # the summary is printed as a log line
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = again.communicate(timeout=600)
    finally:
        ops.kill_group(again.pid)
    assert again.returncode == 0, output[-3000:]
    assert "documents parsed         12" in output
    assert ops.query(warehouse, "select count(*) from raw.documents")[0][0] == before[0][0] + 12
    assert ops.query(warehouse, "select count(*) from raw.runs where status = 'published'")[0][0] == 2
    assert list((warehouse.parent / ".build").iterdir()) == []  # the dead run's staging file is gone
