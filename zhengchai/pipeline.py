"""The steps of a nightly run as plain functions; flows/nightly.py strings them together.

prepare → extract (in parallel, elsewhere) → land → check → build → check_build → publish.
Everything is written to a private copy of the warehouse (publish.stage); the published file is
replaced by an atomic rename only after the copy is built and checked (publish.publish), so
analysts never see a half-built warehouse and a crash leaves the previous one intact.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zhengchai import land as landing
from zhengchai import publish as swap
from zhengchai import runlog
from zhengchai.extract.model import Extraction
from zhengchai.land import scope
from zhengchai.land.fingerprint import build_code, claim_build
from zhengchai.read.discover import DEFAULT_MAX_FILE_BYTES, Plan, SourceFile, plan, scan
from zhengchai.read.model import DEFAULT_OPTIONS, ReadOptions
from zhengchai.runner import MEMORY_BYTES, extract_files
from zhengchai.warehouse import connect, now


@dataclass(frozen=True)
class RunContext:
    run_id: str
    raw_dir: Path
    published: Path
    staging: Path
    plan: Plan
    leftovers: tuple[str, ...] = ()  # runs that never published, recorded in raw.runs by this one


_PREVIOUS_FILES = """
    select path, document_id, size_bytes, mtime_ns from raw.files
    where run_id = (select run_id from raw.runs where status = 'published' order by finished_at desc limit 1)
      and status not in ('removed', 'skipped')"""


def _start(con, run_id: str, warehouse_dir: Path) -> tuple[str, ...]:
    """This run's 'running' row, and a row for each run that began and never published."""
    left = runlog.leftovers(warehouse_dir, run_id)
    for r in left:
        con.execute("insert or ignore into raw.runs (run_id, started_at, finished_at, status, note) "
                    "values (?, ?, ?, ?, ?)", [r.run_id, r.started_at, now(), r.status, r.note])
    con.execute("insert into raw.runs (run_id, started_at, status) values (?, ?, 'running')", [run_id, now()])
    return tuple(r.run_id for r in left)


def prepare(raw_dir: Path, published: Path, run_id: str | None = None,
            max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> RunContext:
    """Copy the published warehouse to a private file and plan the run against it.

    Nothing found in raw/ stops the run: entries discovery refuses are in the plan with their
    reason. If preparing fails all the same, the staging copy goes with it."""
    run_id = run_id or swap.new_run_id()
    runlog.begin(published.parent, run_id)
    staging = swap.stage(published, run_id)
    try:
        con = connect(staging)
        try:
            landing.ensure_schema(con)
            known = dict(con.execute("select document_id, source_path from raw.documents").fetchall())
            rows = con.execute(_PREVIOUS_FILES).fetchall()
            leftovers = _start(con, run_id, published.parent)
        finally:
            con.close()
        previous = {path: sha for path, sha, _, _ in rows}
        seen = {path: (size, mtime, sha) for path, sha, size, mtime in rows if size is not None and mtime}
        found = scan(raw_dir, max_file_bytes, seen)
        the_plan = plan(found.files, known, previous, found.skipped)
    except BaseException as e:
        swap.discard(staging)
        runlog.mark_failed(published.parent, run_id, f"{type(e).__name__}: {e}")
        raise
    return RunContext(run_id, Path(raw_dir), Path(published), staging, the_plan, leftovers)


def chunks(files: Sequence[SourceFile], workers: int, largest: int = 25) -> list[list[SourceFile]]:
    """Batches for the task runner: a few per worker so work balances, none too big."""
    if not files:
        return []
    size = max(1, min(largest, -(-len(files) // (max(1, workers) * 4))))
    return [list(files[i:i + size]) for i in range(0, len(files), size)]


@dataclass(frozen=True)
class Batch:
    """What one worker made of one batch, and where and how long it took."""

    extractions: tuple[Extraction, ...]
    worker: str  # host:pid of the process that ran the batch
    seconds: float


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def extract_batch(raw_dir: Path, files: Sequence[SourceFile], timeout: float,
                  options: ReadOptions = DEFAULT_OPTIONS, memory_bytes: int | None = MEMORY_BYTES) -> Batch:
    """memory_bytes: the cap of this batch's extraction child (runner.child_memory shares the
    machine-wide budget among the workers)."""
    started = time.perf_counter()
    extractions = extract_files(raw_dir, files, timeout, memory_bytes=memory_bytes, options=options)
    return Batch(tuple(extractions), worker_name(), time.perf_counter() - started)


@dataclass(frozen=True)
class LoadResult:
    documents_landed: int
    files_seen: int
    # False when nothing the checks or dbt read has changed since the build of the published
    # warehouse: its marts are current and are carried over as they are
    needs_build: bool = True
    built_by: str | None = None  # the run whose build is carried over


def land(ctx: RunContext, extractions: Sequence[Extraction]) -> LoadResult:
    """Land new documents, record how this run saw every file, and decide whether to rebuild."""
    sizes = {f.sha256: f.size for f in ctx.plan.files}
    con = connect(ctx.staging)
    try:
        con.execute("begin")
        landed = landing.land(con, extractions, ctx.run_id, sizes)
        landing.record_files(con, ctx.plan, ctx.run_id)
        built_by = claim_build(con, ctx.run_id)
        if built_by is None:
            scope.decide(con, ctx.run_id, build_code())
        con.execute("commit")
    finally:
        con.close()
    return LoadResult(landed, len(ctx.plan.files), built_by is None, built_by)


def check(ctx: RunContext, data_docs_dir: Path | None = None):
    """The consistency checks (expectations/rules.yml) on the raw layer; outcomes in raw.validation_results."""
    from zhengchai.check import check_warehouse

    con = connect(ctx.staging)
    try:
        # an incremental build checks the documents its new content affects (land/scope.py)
        return check_warehouse(con, ctx.run_id, data_docs_dir=data_docs_dir,
                               documents=scope.documents(con, ctx.run_id))
    finally:
        con.close()


def build(ctx: RunContext):
    from zhengchai import dbt

    con = connect(ctx.staging, read_only=True)
    try:
        incremental = scope.documents(con, ctx.run_id) is not None
    finally:
        con.close()
    # dbt's target/ and logs/ live beside the published warehouse, not in the throwaway build folder
    return dbt.build(ctx.staging, artifacts_dir=dbt.artifacts_dir_of(ctx.published),
                     scope_run=ctx.run_id if incremental else None, full_refresh=not incremental)


def check_build(ctx: RunContext) -> list[str]:
    """Warehouse-level invariants after dbt; any failure stops the publish."""
    from zhengchai.check.published import check_file

    return check_file(ctx.staging)


def finish_run(ctx: RunContext, status: str, counts: dict[str, int], note: str | None = None) -> None:
    con = connect(ctx.staging)
    try:
        con.execute(
            """update raw.runs set finished_at = ?, status = ?, files_seen = ?, documents_parsed = ?,
               documents_failed = ?, documents_quarantined = ?, facts_loaded = ?, note = ? where run_id = ?""",
            [now(), status, counts.get("files_seen"), counts.get("documents_parsed"), counts.get("documents_failed"),
             counts.get("documents_quarantined"), counts.get("facts_loaded"), note, ctx.run_id],
        )
        con.execute("checkpoint")
    finally:
        con.close()


def publish(ctx: RunContext) -> Path:
    path = swap.publish(ctx.staging, ctx.published)
    runlog.end(ctx.published.parent, [ctx.run_id, *ctx.leftovers])
    return path


def discard(ctx: RunContext, reason: str = "") -> None:
    swap.discard(ctx.staging)
    if reason:
        runlog.mark_failed(ctx.published.parent, ctx.run_id, reason)
