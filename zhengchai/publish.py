"""How a warehouse changes: one writer at a time, on a private copy, swapped in whole.

Used by the nightly run and by `zhengchai accept`: take the lock, copy the published file to a
staging file, change and build the copy, then publish it with fsync + one atomic rename. Readers
never see a half-built warehouse, and a crash leaves the previous one intact.

The write-ahead log: a read-write client (the duckdb CLI, a notebook) that died without a checkpoint
leaves `warehouse.duckdb.wal` beside the file, and DuckDB replays it on the next open. The staging
copy takes the file *and* its WAL and folds the WAL in (open + checkpoint), so nothing committed is
lost; the published file goes out with no WAL of its own, and the stale WAL is moved out of the way
before the rename: a new file never sits beside an old WAL (which would make every reader fail).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from zhengchai.portable import make_portable

LOCK_NAME = ".zhengchai-run.lock"


class AlreadyRunning(RuntimeError):
    pass


@contextmanager
def run_lock(warehouse_dir: Path) -> Iterator[None]:
    """One run at a time per warehouse: a second concurrent run is refused, not interleaved."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / LOCK_NAME
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise AlreadyRunning(f"another zhengchai run is in progress on {warehouse_dir} ({holder}); "
                                 "this run was refused so the two cannot corrupt each other") from e
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_not_running(warehouse_dir: Path) -> None:
    """Refuse early (before any server or worker starts) when a run holds the lock.

    Only a courtesy: the run itself takes the lock, so a race between two starts is still safe.
    """
    with run_lock(warehouse_dir):
        pass


def new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def staging_path(published: Path, run_id: str) -> Path:
    return published.parent / ".build" / f"{run_id}.duckdb"


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def checkpoint(path: Path) -> None:
    """Fold a database file's WAL into it: open read-write (DuckDB replays the WAL), checkpoint."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def stage(published: Path, run_id: str, *, clear: bool = True) -> Path:
    """A private copy of the published warehouse (an empty file name when none is published yet),
    with what a dead writer left in its WAL folded in.

    With `clear`, what a crashed or killed run left in the staging folder goes first.
    """
    staging = staging_path(published, run_id)
    staging.parent.mkdir(parents=True, exist_ok=True)
    if clear:
        for stale in staging.parent.iterdir():
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink(missing_ok=True)
    if published.exists():
        shutil.copy2(published, staging)
        if wal_of(published).exists():
            shutil.copy2(wal_of(published), wal_of(staging))
            checkpoint(staging)
    return staging


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def publish(staging: Path, published: Path) -> Path:
    """Swap the built warehouse in with one atomic rename. Readers holding the old file keep
    reading it (the inode lives until they close); new readers see the new one whole.

    The new file goes out with no WAL: its own is folded in first, and a stale one beside the
    published file (already folded into the staging copy by `stage`) is moved aside just before the
    rename. A reader that opens the old file in between sees it as last checkpointed."""
    published.parent.mkdir(parents=True, exist_ok=True)
    if wal_of(staging).exists():
        checkpoint(staging)
    make_portable(staging)  # a warehouse from before: once, into a format DuckDB 1.x clients read
    _fsync(staging)
    stale, aside = wal_of(published), published.with_name(f"{published.name}.wal.stale-{staging.stem}")
    if stale.exists():
        os.replace(stale, aside)
    os.replace(staging, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    aside.unlink(missing_ok=True)  # folded into the file just published
    return published


def discard(staging: Path) -> None:
    for leftover in staging.parent.glob(staging.name + "*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)
