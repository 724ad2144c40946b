"""Run one document's extraction in a forked child with a deadline.

A pathological PDF can loop or eat memory inside pdfminer; a thread cannot be stopped, a child
process can. os.fork works the same in a local worker, a process pool or a Dask worker (whose
daemonic processes may not use multiprocessing children).
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from typing import Any


class DeadlineExceeded(Exception):
    pass


class ChildFailed(Exception):
    pass


def call_with_deadline(fn: Callable[..., Any], *args: Any, seconds: float,
                       memory_bytes: int | None = None) -> Any:
    """fn(*args) in a forked child; its pickled result comes back through a pipe."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's cleanup
        os.close(read_fd)
        status = 0
        try:
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
    except DeadlineExceeded:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    _, status = os.waitpid(pid, 0)
    if not chunks:
        raise ChildFailed(f"the extraction process died ({_describe(status)})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise ChildFailed(value)
    return value


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
