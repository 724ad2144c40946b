import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhengchai.isolate import ChildFailed, DeadlineExceeded, IsolatedCaller, call_with_deadline


def _square(x):
    return x * x


def _hang(_):
    while True:
        time.sleep(0.05)


def _boom(_):
    raise ValueError("bad page")


def _die(_):
    os._exit(9)


def test_result_comes_back():
    assert call_with_deadline(_square, 7, seconds=30) == 49


def test_a_hang_is_stopped():
    with pytest.raises(DeadlineExceeded):
        call_with_deadline(_hang, None, seconds=0.5)


def test_an_exception_is_reported():
    with pytest.raises(ChildFailed, match="ValueError: bad page"):
        call_with_deadline(_boom, None, seconds=30)


def test_a_dying_child_is_reported():
    with pytest.raises(ChildFailed, match="exit status 9"):
        call_with_deadline(_die, None, seconds=30)


# -- nothing outlives a run killed with kill -9 -----------------------------------------------------------------

HANG_IN_A_CHILD = """
import os, sys, time
from zhengchai.isolate import IsolatedCaller, call_with_deadline

def hang(pid_file):
    with open(pid_file, "w") as f:
        f.write(str(os.getpid()))
    while True:
        time.sleep(1)

if sys.argv[2] == "once":
    call_with_deadline(hang, sys.argv[1], seconds=600)
else:
    IsolatedCaller(hang).call(sys.argv[1], seconds=600)
"""

POOL_WORKER = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from zhengchai.isolate import watch_parent

if __name__ == "__main__":
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=watch_parent,
                             initargs=(0.2,)) as pool:
        print(pool.submit(os.getpid).result(), flush=True)
        time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has exited, only its parent's wait is missing


def _wait_gone(pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout  # bounds a broken test, not what is tested
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


def _kill_9(proc) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("how", ["once", "batch"])
def test_an_extraction_child_dies_with_its_parent(tmp_path, how):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", HANG_IN_A_CHILD, str(pid_file), how])
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(pid_file.read_text())
        assert _alive(child)
        _kill_9(parent)
        assert _wait_gone(child), f"extraction child {child} outlived its killed parent"
    finally:
        parent.kill()


def test_a_pool_worker_leaves_when_its_parent_is_killed(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", POOL_WORKER], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        worker = int(parent.stdout.readline())
        assert _alive(worker)
        _kill_9(parent)
        assert _wait_gone(worker), f"pool worker {worker} outlived its killed parent"
    finally:
        parent.kill()


def test_an_interrupted_caller_does_not_leave_its_child_running(tmp_path):
    """Ctrl-C (or a cancelled task) while waiting: the child is killed, not orphaned."""
    pid_file = tmp_path / "child.pid"

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        with pytest.raises(KeyboardInterrupt):
            call_with_deadline(_hang_and_tell, str(pid_file), seconds=600)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not _alive(int(pid_file.read_text()))


def _hang_and_tell(pid_file):
    with open(pid_file, "w") as f:
        f.write(str(os.getpid()))
    while True:
        time.sleep(0.05)


# -- one child for a batch of calls --------------------------------------------------------------------------

def _pid(_):
    return os.getpid()


def _by_name(name):
    return {"hang": _hang, "boom": _boom, "die": _die}.get(name, _pid)(name)


def test_one_child_answers_many_calls():
    with IsolatedCaller(_pid) as child:
        pids = {child.call(i, seconds=30) for i in range(5)}
        assert len(pids) == 1 and os.getpid() not in pids and child.calls == 5


@pytest.mark.parametrize("fault, error", [("hang", DeadlineExceeded), ("boom", ChildFailed), ("die", ChildFailed)])
def test_a_fault_costs_its_call_only_and_a_fresh_child_takes_over(fault, error):
    with IsolatedCaller(_by_name) as child:
        first = child.call("ok", seconds=30)
        with pytest.raises(error):
            child.call(fault, seconds=1 if fault == "hang" else 30)
        assert child.pid is None  # the broken child is gone
        second = child.call("ok", seconds=30)
        assert second != first and child.calls == 1


def test_the_errors_say_what_happened():
    with IsolatedCaller(_by_name) as child:
        with pytest.raises(ChildFailed, match="ValueError: bad page"):
            child.call("boom", seconds=30)
        with pytest.raises(ChildFailed, match="exit status 9"):
            child.call("die", seconds=30)


def test_a_dead_child_is_noticed_even_when_a_sibling_holds_its_pipe():
    """Two batches on two threads of one worker: the second child inherits the first's pipe, so the
    first child's death gives no end of file; its exit status still tells, long before the deadline."""
    with IsolatedCaller(_by_name) as first, IsolatedCaller(_by_name) as second:
        first.call("ok", seconds=30)
        second.call("ok", seconds=30)  # forked after: holds a copy of first's pipe ends
        # unnoticed, the death would end as DeadlineExceeded after 120 s
        with pytest.raises(ChildFailed, match="exit status 9"):
            first.call("die", seconds=120)


def test_closing_stops_the_child():
    child = IsolatedCaller(_pid)
    pid = child.call(None, seconds=30)
    child.close()
    assert not _alive(pid)


# -- the memory cap is on top of what the process already holds --------------------------------------------------

def _allocate(n):
    return len(bytearray(n))


def test_the_memory_cap_counts_from_the_parents_size_not_from_zero():
    """A pool or Dask worker holds a gigabyte of address space before reading anything (Prefect,
    threads); a cap counted from zero would make every document fail there."""
    import mmap

    held = mmap.mmap(-1, 3 << 30)  # 3 GiB of address space, like a busy worker (not touched: no RAM)
    try:
        assert call_with_deadline(_allocate, 50 << 20, seconds=60, memory_bytes=512 << 20) == 50 << 20
        with IsolatedCaller(_allocate, memory_bytes=512 << 20) as child:
            assert child.call(50 << 20, seconds=60) == 50 << 20
            with pytest.raises(ChildFailed, match="MemoryError"):
                child.call(1 << 30, seconds=60)  # over the allowance: stopped
    finally:
        held.close()


# -- a child is killed as a whole (issue 14, item 6) --------------------------------------------------------

def _start_grandchild_and_hang(pid_file):
    """What an OCR'd page does: start a program (here `sleep`) that writes to the temporary folder."""
    import tempfile

    scratch = Path(tempfile.mkdtemp())  # in the child's TMPDIR
    (scratch / "page.png").write_bytes(b"x" * 1000)
    grandchild = subprocess.Popen(["sleep", "600"])
    Path(pid_file).write_text(f"{grandchild.pid} {scratch}")
    while True:
        time.sleep(0.05)


def test_at_its_deadline_the_child_dies_with_what_it_started_and_its_temp_files(tmp_path):
    pid_file = tmp_path / "pid"
    with pytest.raises(DeadlineExceeded):
        call_with_deadline(_start_grandchild_and_hang, str(pid_file), seconds=3)
    pid, scratch = pid_file.read_text().split()
    assert _wait_gone(int(pid)), "the program the child started outlived the deadline"
    assert not Path(scratch).exists(), "the child's temporary files were left behind"


def test_each_child_leads_a_process_group_of_its_own():
    with IsolatedCaller(_pgid_and_pid) as caller:
        pgid, pid = caller.call(None, seconds=30)
        assert pgid == pid == caller.pid and pgid != os.getpgid(0)


def _pgid_and_pid(_):
    return os.getpgid(0), os.getpid()


def _slow_once(marker):
    """Slow the first time only, as a document is on a machine busy with something else ('always'
    in the name: slow every time)."""
    if "always" in marker or not Path(marker).exists():
        Path(marker).touch()
        time.sleep(600)
    return "done"


def test_a_timeout_is_tried_once_more_with_a_longer_deadline(tmp_path, monkeypatch):
    from zhengchai import runner

    monkeypatch.setattr(runner, "_extract_path", lambda path, options: _slow_once(path))
    with runner.Runner(timeout=2) as run:
        assert run.extract(str(tmp_path / "marker")) == "done"
    with runner.Runner(timeout=1, retry_factor=2) as run:
        x = run.extract(str(tmp_path / "always"), "sha")  # slow both times: recorded, with both deadlines
    assert [(p.code, p.message) for p in x.problems] == [
        ("timeout", "extraction took longer than 1 s, then 2 s and was stopped")]
