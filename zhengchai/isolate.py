"""Run a document's extraction in a forked child with a deadline.

A pathological PDF can loop or eat memory inside pdfminer; a thread cannot be stopped, a child
process can. os.fork works the same in a local worker, a process pool or a Dask worker (whose
daemonic processes may not use multiprocessing children).

IsolatedCaller: one child for many calls (a batch), replaced when a call hangs, crashes or raises;
what the pipeline uses. call_with_deadline: the same for a single call.

A child is killed as a whole: it leads a process group of its own, so what it starts (Tesseract
for a scanned PDF) is in that group and dies with it at the deadline, and it gets a private
temporary folder (TMPDIR) that the parent removes when the child is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import resource
import select
import shutil
import signal
import tempfile
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


def _quiet_and_capped(memory_bytes: int | None) -> None:
    """In a fresh child: no logging (its outcome goes back as data; the parent's handlers, Prefect's
    console among them, are not fork-safe), and at most `memory_bytes` more address space than the
    child started with.

    The cap is on top of what the process already has: a worker that imported Prefect and ran a few
    threads holds a gigabyte or more of address space before reading anything, and a fixed cap
    below that makes every allocation fail (MemoryError, or a crash where C code does not check).
    """
    import logging

    logging.disable(logging.CRITICAL)
    if memory_bytes:
        try:
            with open("/proc/self/statm") as f:
                base = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            base = 0
        limit = base + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _fork() -> int:
    """os.fork, with everything the parent holds frozen out of the child's garbage collector: the
    child never walks (and so never copies) those pages, and never finalizes objects that belong to
    threads it does not have (Prefect's event loop leaves coroutines that complain when collected)."""
    gc.freeze()
    try:
        pid = os.fork()
    except BaseException:
        gc.unfreeze()
        raise
    if pid:
        gc.unfreeze()
    return pid


def _kill_group(pgid: int) -> None:
    """SIGKILL to a child's process group (the child and all it started), then to the child itself
    in case it had not yet made its group when the kill came."""
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pgid, signal.SIGKILL)


def _private_tmp(path: str) -> None:
    """In a fresh child: temporary files (its own and those of programs it starts) go to `path`."""
    os.environ["TMPDIR"] = path
    tempfile.tempdir = path


class DeadlineExceeded(Exception):
    pass


class ChildFailed(Exception):
    pass


def call_with_deadline(fn: Callable[..., Any], *args: Any, seconds: float,
                       memory_bytes: int | None = None) -> Any:
    """fn(*args) once, in a forked child of its own (an IsolatedCaller for one call). memory_bytes:
    how much more address space the child may take than its parent had."""
    with IsolatedCaller(fn, memory_bytes) as child:
        return child.call(*args, seconds=seconds)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


# -- one child for many calls -----------------------------------------------------------------------------------
#
# A fork per document costs little on its own, but every child then copies, page by page, the memory
# it touches (Python's reference counts write everywhere). Measured on the sample corpus on a 2-core
# VM: ~35 ms per document with one worker, and with two workers forking at once the copying is so
# contended that two processes extract more slowly than one (0.8x). A child that lives for a batch
# pays the copying once; it is replaced only when a document hangs, crashes or fails in it.

_HEADER = 8  # length prefix of a pickled message


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, n: int) -> bytes | None:
    """Blocking read of n bytes; None at end of file."""
    chunks, left = [], n
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _serve(fn: Callable[..., Any], requests: int, answers: int) -> None:
    """The child's loop: a call's pickled arguments in, its pickled outcome out, until EOF."""
    while True:
        header = _read_exact(requests, _HEADER)
        if header is None:
            return
        body = _read_exact(requests, int.from_bytes(header, "big"))
        if body is None:
            return
        try:
            payload = pickle.dumps(("ok", fn(*pickle.loads(body))))
        except BaseException as e:  # everything goes back to the parent as data
            payload = pickle.dumps(("error", f"{type(e).__name__}: {e}"))
        _write_all(answers, len(payload).to_bytes(_HEADER, "big") + payload)


class IsolatedCaller:
    """fn(*args) in a long-lived forked child, one call at a time, each with its own deadline.

    A call that overruns its deadline kills the child (DeadlineExceeded); a child that dies, or a
    call that raises, gives ChildFailed. Either way the next call starts a fresh child.

        with IsolatedCaller(extract, memory_bytes=4 << 30) as caller:
            for path in paths:
                result = caller.call(path, seconds=120)
    """

    def __init__(self, fn: Callable[..., Any], memory_bytes: int | None = None):
        self.fn = fn
        self.memory_bytes = memory_bytes
        self.pid: int | None = None
        self.tmpdir: str | None = None  # the child's private TMPDIR
        self.calls = 0  # answered by the current child
        self._requests = self._answers = -1

    def __enter__(self) -> IsolatedCaller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        request_r, request_w = os.pipe()
        answer_r, answer_w = os.pipe()
        parent = os.getpid()
        tmpdir = tempfile.mkdtemp(prefix="zhengchai-child-")
        pid = _fork()
        if pid == 0:
            status = 0
            try:
                os.setpgid(0, 0)  # a group of its own: killed whole, with whatever it starts
                os.close(request_w)
                os.close(answer_r)
                die_with_parent(parent)
                _private_tmp(tmpdir)
                _quiet_and_capped(self.memory_bytes)
                _serve(self.fn, request_r, answer_w)
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        with contextlib.suppress(OSError):  # the child does it too; whichever comes first
            os.setpgid(pid, pid)
        os.close(request_r)
        os.close(answer_w)
        self.pid, self.calls, self.tmpdir = pid, 0, tmpdir
        self._requests, self._answers = request_w, answer_r

    def close(self) -> None:
        """Stop the child (it holds nothing worth saving) and release its pipes."""
        if self.pid is not None:
            self._reap()

    def _reap(self) -> int:
        # what the child started goes too, killed while the child (a zombie at worst) still holds its
        # pid, so the group id cannot have been given to another process
        _kill_group(self.pid)
        _, status = os.waitpid(self.pid, 0)
        self._release()
        return status

    def _dead(self) -> int | None:
        """The child's exit status if it has died (reaped), else None."""
        if os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
            return None
        return self._reap()

    def _release(self) -> None:
        """After the child is reaped: its pipes and its temporary folder."""
        for fd in (self._requests, self._answers):
            os.close(fd)
        if self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.pid, self._requests, self._answers, self.tmpdir = None, -1, -1, None

    def call(self, *args: Any, seconds: float) -> Any:
        if self.pid is None:
            self._start()
        request = pickle.dumps(args)
        deadline = time.monotonic() + seconds
        try:
            _write_all(self._requests, len(request).to_bytes(_HEADER, "big") + request)
            answer = self._answer(deadline, seconds)
        except BrokenPipeError:  # the child died before reading: an earlier call broke it
            status = self._dead()
            if status is None:
                self.close()
                raise ChildFailed("the extraction process stopped reading") from None
            raise ChildFailed(f"the extraction process died ({_describe(status)})") from None
        except BaseException:  # the deadline, or the caller interrupted (Ctrl-C, a cancelled task)
            self.close()
            raise
        kind, value = answer
        if kind == "error":
            self.close()  # whatever raised may have left the child's state half-changed
            raise ChildFailed(value)
        self.calls += 1
        return value

    def _answer(self, deadline: float, seconds: float) -> tuple[str, Any]:
        buffer = bytearray()
        expected: int | None = None
        while expected is None or len(buffer) < expected:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(f"gave up after {seconds:g} s")
            # wake up now and then: a crashed child whose pipe another process still holds
            # (a sibling forked meanwhile) gives no end of file, only its exit status
            ready, _, _ = select.select([self._answers], [], [], min(left, 0.5))
            if not ready:
                status = self._dead()
                if status is not None:
                    raise ChildFailed(f"the extraction process died ({_describe(status)})")
                continue
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                status = self._reap()
                raise ChildFailed(f"the extraction process died ({_describe(status)})")
            buffer += chunk
            if expected is None and len(buffer) >= _HEADER:
                expected = _HEADER + int.from_bytes(buffer[:_HEADER], "big")
        try:
            return pickle.loads(bytes(buffer[_HEADER:]))
        except Exception as e:
            self.close()
            raise ChildFailed(f"the extraction process sent an unreadable answer: {e}") from e
