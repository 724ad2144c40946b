"""The hostile corpus (lab/hostile.py) next to good reports, through `zhengchai run` as an operator
starts it: the run exits 0, every hostile entry has a recorded reason, the good reports load,
nothing outside raw/ reaches the warehouse, the whole run stays under its memory budget, and no
process is left behind.

Unreadable file: the tests run as root, for whom chmod 000 does not bite; here locked.txt is read
and recorded for what it holds. tests/read/test_discover.py drops root to check the refusal itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest

from lab import hostile

pytestmark = pytest.mark.slow

BUDGET_BYTES = 6 << 30  # the whole run: CLI, Prefect server, 2 workers and their extraction children
MEMORY_BUDGET_MB = 4096  # ZHENGCHAI_MEMORY_BUDGET_MB: the extraction children's share, 2 GiB each
GOOD_TEXT = ("长沙市芙蓉区房屋征收和补偿办公室2021年度部门整体支出绩效自评报告\n"
             "2021年，全年预算数为310万元，实际支出290万元，其中基本支出90万元，项目支出200万元。\n")


def _session_rss(sid: int) -> int:
    """Resident memory of every process of the run's session (extraction children lead groups of
    their own, inside the session)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat[stat.rindex(")") + 2:].split()[3]) == sid:
                total += int((entry / "statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, ops):
    import time

    from lab.sample import generate

    root = tmp_path_factory.mktemp("hostile")
    raw, outside = root / "raw", root / "outside"
    good = [p.relative_to(raw).as_posix() for p in generate(raw, seed=43, n_docs=4, bad_files=False)]
    cases = hostile.write_hostile(raw, outside, GOOD_TEXT.encode(), huge_bytes=20 << 20)
    warehouse = root / "warehouse" / "warehouse.duckdb"
    env = {"ZHENGCHAI_MAX_FILE_MB": "16", "ZHENGCHAI_MEMORY_BUDGET_MB": str(MEMORY_BUDGET_MB)}
    unset = tuple(k for k in os.environ if k.startswith("PREFECT_API") or "AUTH_STRING" in k)
    proc = ops.zhengchai("run", "--raw", str(raw), "--warehouse", str(warehouse), "--workers", "2",
                         "--timeout", "60", env=env, unset=unset)
    peak = 0
    try:
        while proc.poll() is None:
            peak = max(peak, _session_rss(proc.pid))
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            ops.kill_group(proc.pid)
    gone = ops.wait_until(lambda: not ops.process_session(proc.pid), timeout=30)
    left = [] if gone else ops.process_session(proc.pid)
    yield {"code": proc.returncode, "peak": peak, "left": left, "warehouse": warehouse, "cases": cases,
           "good": good, "outside": outside}
    os.chmod(raw / "hostile" / "locked.txt", 0o644)


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_run_exits_0_within_its_memory_budget_and_leaves_no_process(hostile_run):
    print(f"hostile run: peak resident memory of the whole run {hostile_run['peak'] / 2**30:.2f} GiB")
    assert hostile_run["code"] == 0
    assert 0 < hostile_run["peak"] < BUDGET_BYTES, f"peak {hostile_run['peak'] / 2**30:.2f} GiB"
    assert hostile_run["left"] == []


def test_every_hostile_entry_has_a_recorded_reason(hostile_run):
    reasons: dict[str, list[str]] = {}
    for path, code in _rows(hostile_run["warehouse"], "select source_path, code from raw.problems"):
        reasons.setdefault(path, []).append(code)
    missing = [c.path for c in hostile_run["cases"] if not c.loads and not reasons.get(c.path)]
    assert missing == []
    expected = {"hostile/zip-bomb.docx": "too_large", "hostile/deep.html": "too_deeply_nested",
                "hostile/huge.txt": "too_large", "hostile/sparse.pdf": "too_large",
                "hostile/passwd-link.txt": "link_outside_raw", "hostile/report-link.txt": "link_outside_raw",
                "hostile/dir-link": "link_outside_raw", "hostile/dangling.pdf": "dangling_link",
                "hostile/fifo.pdf": "not_a_regular_file", "hostile/zz-inside-link.docx": "duplicate_file",
                "hostile/..\\..\\etc\\passwd.html": "suspicious_name", "hostile/laughs.docx": "corrupt",
                "hostile/laughs.xlsx": "corrupt", "hostile/cycle.pdf": "corrupt"}
    assert {path: code for path, code in expected.items() if code not in reasons.get(path, [])} == {}
    assert not any("timeout" in codes for codes in reasons.values())  # each failed fast


def test_the_good_reports_load_under_any_name(hostile_run):
    loaded = dict(_rows(hostile_run["warehouse"], "select source_path, parse_status from raw.documents"))
    wanted = hostile_run["good"] + [c.path for c in hostile_run["cases"] if c.loads]
    assert {path: loaded.get(path) for path in wanted} == dict.fromkeys(wanted, "parsed")


def test_nothing_outside_raw_reaches_the_warehouse(hostile_run):
    outside = hostile_run["outside"]
    decoy_ids = {hashlib.sha256(p.read_bytes()).hexdigest() for p in outside.glob("*.txt")}
    con = duckdb.connect(str(hostile_run["warehouse"]), read_only=True)
    try:
        assert not decoy_ids & {r[0] for r in con.execute("select document_id from raw.documents").fetchall()}
        for table, column in (("raw.facts", "source_text"), ("raw.indicators", "content"),
                              ("raw.problems", "message"), ("raw.documents", "department")):
            hits = con.execute(f"select count(*) from {table} where {column} like ? or {column} like ?",
                               [f"%{hostile.DECOY_MARKER}%", "%hunter2%"]).fetchone()[0]
            assert hits == 0, table
    finally:
        con.close()
