"""Run one document's extraction in a forked child with a deadline.

A pathological PDF can loop or eat memory inside pdfminer; a thread cannot be stopped, a child
process can. os.fork works the same in a local worker, a process pool or a Dask worker (whose
daemonic processes may not use multiprocessing children).
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _libc_prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: no parent-death signal, the deadline still holds
        return None


_PRCTL = _libc_prctl()


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """In a freshly forked child: get `sig` when the parent dies (Linux), and go now if it already has.

    A run killed with kill -9 must not leave extraction children running on their own.
    """
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, int(sig))
    if os.getppid() != parent_pid:
        os._exit(1)


def watch_parent(interval: float = 1.0) -> None:
    """For a pool worker (a process-pool initializer): exit when the process that started it dies.

    A worker of concurrent.futures waits for work forever; when its parent is killed it would
    stay behind. A thread that polls the parent's pid is enough: the worker has nothing to save.
    The parent-death signal is no use here, it fires when the *thread* that spawned the worker
    ends, and pools spawn from short-lived threads.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="zhengchai-watch-parent", daemon=True).start()


class DeadlineExceeded(Exception):
    pass


class ChildFailed(Exception):
    pass


def call_with_deadline(fn: Callable[..., Any], *args: Any, seconds: float,
                       memory_bytes: int | None = None) -> Any:
    """fn(*args) in a forked child; its pickled result comes back through a pipe."""
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
        os.close(read_fd)
        status = 0
        try:
            die_with_parent(parent)
            if memory_bytes:
                resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
            payload = pickle.dumps(("ok", fn(*args)))
        except BaseException as e:  # everything goes back to the parent as data
            payload = pickle.dumps(("error", f"{type(e).__name__}: {e}"))
            status = 1
        try:
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise DeadlineExceeded(f"gave up after {seconds:g} s")
                ready, _, _ = select.select([pipe], [], [], left)
                if not ready:
                    continue
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:  # the deadline, or the caller interrupted (Ctrl-C, a cancelled task)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if not chunks:
        raise ChildFailed(f"the extraction process died ({_describe(status)})")
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception as e:  # cut off mid-answer: killed while writing (memory, a signal)
        raise ChildFailed(f"the extraction process died while answering ({_describe(status)})") from e
    if kind == "error":
        raise ChildFailed(value)
    return value


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
