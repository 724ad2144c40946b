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
from zhengchai.extract.model import Extraction
from zhengchai.land.fingerprint import claim_build
from zhengchai.read.discover import Plan, SourceFile, discover, plan
from zhengchai.read.model import DEFAULT_OPTIONS, ReadOptions
from zhengchai.runner import extract_files
from zhengchai.warehouse import connect, now


@dataclass(frozen=True)
class RunContext:
    run_id: str
    raw_dir: Path
    published: Path
    staging: Path
    plan: Plan


def prepare(raw_dir: Path, published: Path, run_id: str | None = None) -> RunContext:
    """Copy the published warehouse to a private file and plan the run against it."""
    run_id = run_id or swap.new_run_id()
    staging = swap.stage(published, run_id)
    con = connect(staging)
    try:
        landing.ensure_schema(con)
        known = dict(con.execute("select document_id, source_path from raw.documents").fetchall())
        previous = dict(con.execute(
            """select path, document_id from raw.files
               where run_id = (select run_id from raw.runs where status = 'published'
                               order by finished_at desc limit 1)
                 and status <> 'removed'""").fetchall())
        con.execute("insert into raw.runs (run_id, started_at, status) values (?, ?, 'running')", [run_id, now()])
    finally:
        con.close()
    files = discover(raw_dir)
    return RunContext(run_id, Path(raw_dir), Path(published), staging, plan(files, known, previous))


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
                  options: ReadOptions = DEFAULT_OPTIONS) -> Batch:
    started = time.perf_counter()
    extractions = extract_files(raw_dir, files, timeout, options=options)
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
        con.execute("commit")
    finally:
        con.close()
    return LoadResult(landed, len(ctx.plan.files), built_by is None, built_by)


def check(ctx: RunContext, data_docs_dir: Path | None = None):
    """The consistency checks (expectations/rules.yml) on the raw layer; outcomes in raw.validation_results."""
    from zhengchai.check import check_warehouse

    con = connect(ctx.staging)
    try:
        return check_warehouse(con, ctx.run_id, data_docs_dir=data_docs_dir)
    finally:
        con.close()


def build(ctx: RunContext):
    from zhengchai import dbt

    # dbt's target/ and logs/ live beside the published warehouse, not in the throwaway build folder
    return dbt.build(ctx.staging, artifacts_dir=dbt.artifacts_dir_of(ctx.published))


def check_build(ctx: RunContext) -> list[str]:
    """Warehouse-level invariants after dbt; any failure stops the publish."""
    from zhengchai.check.published import check_published

    con = connect(ctx.staging, read_only=True)
    try:
        return check_published(con)
    finally:
        con.close()


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
    return swap.publish(ctx.staging, ctx.published)


def discard(ctx: RunContext) -> None:
    swap.discard(ctx.staging)
