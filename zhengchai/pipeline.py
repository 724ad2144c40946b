"""The steps of a nightly run as plain functions; flows/nightly.py strings them together.

prepare → extract (in parallel, elsewhere) → load → validate → build → check → publish.
Everything is written to a private copy of the warehouse; the published file is replaced by
an atomic rename only after the copy is built and checked, so analysts never see a half-built
warehouse and a crash leaves the previous one intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from zhengchai.discover import Plan, SourceFile, discover, plan
from zhengchai.documents import read_document
from zhengchai.extract import extract_document
from zhengchai.extract.model import DocumentInfo, Extraction, Problem
from zhengchai.isolate import ChildFailed, DeadlineExceeded, IsolatedCaller
from zhengchai.portable import make_portable
from zhengchai.warehouse import connect, ensure_schema, insert_rows, land, now

log = logging.getLogger(__name__)


class AlreadyRunning(RuntimeError):
    pass


@dataclass(frozen=True)
class RunContext:
    run_id: str
    raw_dir: Path
    published: Path
    staging: Path
    plan: Plan


@contextmanager
def run_lock(warehouse_dir: Path) -> Iterator[None]:
    """One run at a time per warehouse: a second concurrent run is refused, not interleaved."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / ".zhengchai-run.lock"
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


def prepare(raw_dir: Path, published: Path, run_id: str | None = None) -> RunContext:
    """Copy the published warehouse to a private file and plan the run against it."""
    run_id = run_id or new_run_id()
    staging = staging_path(published, run_id)
    staging.parent.mkdir(parents=True, exist_ok=True)
    for stale in staging.parent.iterdir():  # left by a run that crashed or was killed
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink(missing_ok=True)
    if published.exists():
        shutil.copy2(published, staging)
    con = connect(staging)
    try:
        ensure_schema(con)
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


def _limit_pages(max_pages: int) -> None:
    """The page limit for PDFs in this (forked, throwaway) process.

    read_document has no page-limit argument; the PDF reader takes one, with a default. The
    reader is looked up when a PDF is read, so a bound copy of it carries the setting.
    """
    from zhengchai.documents import pdf

    original = getattr(pdf.read_pdf, "func", pdf.read_pdf)
    pdf.read_pdf = functools.partial(original, max_pages=max_pages)


def _extract_path(path: str, max_pages: int | None = None) -> Extraction:
    if max_pages is not None:
        _limit_pages(max_pages)
    return extract_document(read_document(path))


def _failure(path: str, sha256: str, code: str, message: str) -> Extraction:
    return Extraction(source=path, sha256=sha256, format=Path(path).suffix.lstrip(".").lower() or "unknown",
                      pages=None, document=DocumentInfo(), problems=(Problem("error", code, message),))


# CMaps of the Chinese CID fonts (STSong-Light and kin, common in government PDFs): pdfminer reads
# each from disk on first use and caches it per process
CJK_CMAPS = ("UniGB-UCS2-H", "UniGB-UTF16-H", "GBK-EUC-H", "GB-EUC-H")


@functools.cache
def warm_up() -> None:
    """Load, once in the extracting process, what every forked child would otherwise load again
    for each document: the readers (imported lazily by read_document) and pdfminer's CJK CMaps.
    Measured on the sample corpus: ~430 ms per document cold, ~90 ms warm (in-process: ~65 ms)."""
    import importlib

    for module in ("pdf", "docx", "xlsx", "html", "text"):
        # a reader whose dependency is missing: its files fail in the child, with the reason
        with contextlib.suppress(ImportError):
            importlib.import_module(f"zhengchai.documents.{module}")
    try:
        from pdfminer.cmapdb import CMapDB

        for name in CJK_CMAPS:
            CMapDB.get_cmap(name)
        for vertical in (False, True):
            CMapDB.get_unicode_map("Adobe-GB1", vertical)
    except Exception as e:  # only a speed-up
        log.debug("CMap warm-up skipped: %s", e)


def extract_files(raw_dir: Path, files: Iterable[SourceFile], timeout: float,
                  memory_bytes: int | None = 4 << 30, max_pages: int | None = None) -> list[Extraction]:
    """Extract the files in a forked child, each with a deadline. A hang, a crash or an exception
    becomes an error problem for that file, and a fresh child goes on with the others.

    One child serves the batch (see isolate.IsolatedCaller for why not one per file). A file that
    fails in a child that had already read others is tried once more in a fresh child, so what one
    file leaves behind (memory, say) is never held against the next.
    """
    warm_up()
    out = []
    with IsolatedCaller(_extract_path, memory_bytes=memory_bytes) as child:
        for f in files:
            path = str(Path(raw_dir) / f.path)
            x = None
            for attempt in (1, 2):
                try:
                    x = child.call(path, max_pages, seconds=timeout)
                except DeadlineExceeded:
                    x = _failure(path, f.sha256, "timeout",
                                 f"extraction took longer than {timeout:g} s and was stopped")
                except ChildFailed as e:
                    if attempt == 1 and child.calls > 0:
                        continue
                    x = _failure(path, f.sha256, "extractor_crashed", f"extraction failed: {e}")
                break
            # report paths relative to raw/, the way analysts name files
            out.append(Extraction(source=f.path, sha256=f.sha256, format=x.format, pages=x.pages,
                                  document=x.document, facts=x.facts, indicators=x.indicators, problems=x.problems))
    return out


@dataclass(frozen=True)
class Batch:
    """What one worker made of one batch, and where and how long it took."""

    extractions: tuple[Extraction, ...]
    worker: str  # host:pid of the process that ran the batch
    seconds: float


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def extract_batch(raw_dir: Path, files: Sequence[SourceFile], timeout: float,
                  max_pages: int | None = None) -> Batch:
    started = time.perf_counter()
    extractions = extract_files(raw_dir, files, timeout, max_pages=max_pages)
    return Batch(tuple(extractions), worker_name(), time.perf_counter() - started)


@dataclass(frozen=True)
class LoadResult:
    documents_landed: int
    files_seen: int
    # False when nothing validation or dbt read has changed since the build of the published
    # warehouse: its marts are current and are carried over as they are
    needs_build: bool = True
    built_by: str | None = None  # the run whose build is carried over


BUILD_DDL = """
create table if not exists raw.builds (
    run_id varchar primary key,
    inputs_fingerprint varchar,   -- what validation and dbt read: raw content, code, the year
    built_at timestamp
);
"""

REPO = Path(__file__).resolve().parent.parent
# what validation and the dbt build read besides the raw tables; a change to any rebuilds
BUILD_CODE = ("dbt_project/dbt_project.yml", "dbt_project/profiles.yml", "dbt_project/models",
              "dbt_project/macros", "dbt_project/seeds", "dbt_project/tests", "expectations",
              "zhengchai/validate.py", "zhengchai/dbt.py", "zhengchai/warehouse.py")
BUILD_PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb", "great_expectations")


@functools.cache
def code_fingerprint() -> str:
    from importlib import metadata

    from zhengchai import __version__

    h = hashlib.sha256(f"zhengchai {__version__}\n".encode())
    for name in BUILD_PACKAGES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    for rel in BUILD_CODE:
        root = REPO / rel
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def inputs_fingerprint(con, today: date | None = None) -> str:
    """A hash of everything the validation and the dbt build read. Raw is append-only and keyed
    by content, so the documents and their parse status stand for their facts and indicators;
    problems count by kind (repeated warnings, a duplicate's each night, change nothing)."""
    parts = [code_fingerprint(), str((today or date.today()).year)]  # rules and models use this year
    for sql in (
        "select document_id, parse_status from raw.documents order by all",
        "select distinct document_id, stage, severity, code from raw.problems order by all",
        "select * from raw.acceptances order by all",
    ):
        parts.append(repr(con.execute(sql).fetchall()))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def load(ctx: RunContext, extractions: Sequence[Extraction]) -> LoadResult:
    """Land new documents and record how this run saw every file."""
    p = ctx.plan
    sizes = {f.sha256: f.size for f in p.files}
    con = connect(ctx.staging)
    try:
        con.execute("begin")
        landed = land(con, extractions, ctx.run_id, sizes)
        rows = [(ctx.run_id, f.path, f.sha256, f.size, "new") for f in p.to_parse]
        rows += [(ctx.run_id, f.path, f.sha256, f.size, "unchanged") for f in p.unchanged]
        rows += [(ctx.run_id, f.path, f.sha256, f.size, "moved") for _, f in p.moved]
        rows += [(ctx.run_id, f.path, f.sha256, f.size, "duplicate") for f, _ in p.duplicates]
        rows += [(ctx.run_id, path, sha, None, "removed") for path, sha in p.removed]
        insert_rows(con, "raw.files", rows)  # Arrow: executemany takes seconds per thousand files
        at = now()
        notes = [(f.sha256, f.path, "discover", "warning", "duplicate_file",
                  f"same content as {kept}; loaded once under that name", ctx.run_id, at) for f, kept in p.duplicates]
        notes += [(sha, path, "discover", "warning", "file_removed",
                   "the file is no longer in raw/; its figures stay in the warehouse", ctx.run_id, at)
                  for path, sha in p.removed]
        notes += [(f.sha256, f.path, "discover", "warning", "file_moved",
                   f"moved from {old}; not parsed again", ctx.run_id, at) for old, f in p.moved]
        insert_rows(con, "raw.problems", notes)
        con.execute(BUILD_DDL)
        fingerprint = inputs_fingerprint(con)
        last = con.execute("select run_id, inputs_fingerprint from raw.builds order by built_at desc limit 1").fetchone()
        needs_build = last is None or last[1] != fingerprint or not _has_marts(con)
        if needs_build:  # recorded now, kept only if this build is published (the staging file is)
            con.execute("insert into raw.builds values (?, ?, ?)", [ctx.run_id, fingerprint, now()])
        con.execute("commit")
    finally:
        con.close()
    return LoadResult(landed, len(p.files), needs_build, None if needs_build else last[0])


def _has_marts(con) -> bool:
    return con.execute("select count(*) from information_schema.tables where table_name = 'mart_district_year' "
                       "and table_catalog = current_database()").fetchone()[0] > 0


def validate(ctx: RunContext, data_docs_dir: Path | None = None):
    from zhengchai import validate as rules

    con = connect(ctx.staging)
    try:
        return rules.validate(con, ctx.run_id, data_docs_dir=data_docs_dir)
    finally:
        con.close()


def build(ctx: RunContext):
    from zhengchai import dbt

    # dbt's target/ and logs/ live beside the published warehouse, not in the throwaway build folder
    return dbt.build(ctx.staging, artifacts_dir=ctx.published.parent / ".dbt")


def check(ctx: RunContext) -> list[str]:
    """Warehouse-level invariants after dbt; any failure stops the publish."""
    from zhengchai import validate as rules

    con = connect(ctx.staging, read_only=True)
    try:
        return rules.validate_published(con)
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
    """Swap the built warehouse in with one atomic rename. Readers holding the old file keep
    reading it (the inode lives until they close); new readers see the new one whole."""
    ctx.published.parent.mkdir(parents=True, exist_ok=True)
    make_portable(ctx.staging)  # a warehouse from before: once, into a format DuckDB 1.x clients read
    with ctx.staging.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(ctx.staging, ctx.published)
    directory = os.open(ctx.published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return ctx.published


def discard(ctx: RunContext) -> None:
    for leftover in ctx.staging.parent.glob(ctx.staging.name + "*"):
        shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)


@dataclass
class Summary:
    run_id: str
    warehouse: str
    files_seen: int = 0
    documents_parsed: int = 0
    documents_failed: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, message
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)  # path, rule, message
    warnings: int = 0
    facts_loaded: int = 0
    facts_in_marts: int = 0
    district_years: int = 0
    duplicates: int = 0
    removed: int = 0
    moved: int = 0
    rebuilt: bool = True  # False: nothing validation or dbt read had changed, the marts were carried over
    workers: list[str] = field(default_factory=list)  # host:pid of the processes that extracted
    batches: int = 0  # extraction tasks
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    report: str | None = None  # index.html of the report written beside the warehouse


class Timer:
    """Seconds per named step of a run: `with timer("build"): ...`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = round(self.seconds.get(step, 0.0) + time.perf_counter() - started, 3)


def summarize(ctx: RunContext, path: Path, parsed: int, *, rebuilt: bool = True, workers: Iterable[str] = (),
              batches: int = 0, timings: dict[str, float] | None = None) -> Summary:
    con = connect(path, read_only=True)
    try:
        s = Summary(run_id=ctx.run_id, warehouse=str(path), files_seen=len(ctx.plan.files), documents_parsed=parsed,
                    duplicates=len(ctx.plan.duplicates), removed=len(ctx.plan.removed), moved=len(ctx.plan.moved),
                    rebuilt=rebuilt, workers=sorted(set(workers)), batches=batches, timings=dict(timings or {}))
        s.documents_failed = con.execute(
            """select coalesce(d.source_path, p.source_path), p.code, p.message
               from raw.problems p left join raw.documents d using (document_id)
               where p.severity = 'error' and p.stage = 'extract' order by 1""").fetchall()
        s.quarantined = con.execute(
            """select d.source_path, v.rule, v.message
               from raw.validation_results v join raw.documents d using (document_id)
               left join raw.acceptances a on a.document_id = v.document_id and a.rule = v.rule
               where not v.passed and v.severity = 'error' and a.rule is null order by 1, 2""").fetchall()
        s.warnings = con.execute(
            "select count(*) from raw.validation_results where not passed and severity = 'warning'").fetchone()[0]
        s.facts_loaded = con.execute("select count(*) from raw.facts").fetchone()[0]
        for table in ("mart_district_year",):
            try:
                s.district_years = con.execute(f"select count(*) from {table}").fetchone()[0]
            except Exception:  # a failed build leaves no marts; the summary still prints
                s.district_years = 0
        try:
            s.facts_in_marts = con.execute(
                "select count(*) from intermediate.int_facts_current").fetchone()[0]
        except Exception:
            s.facts_in_marts = 0
        return s
    finally:
        con.close()


EXAMPLE_QUERIES = (
    ("Budget execution by district and year",
     "select district, fiscal_year, budget, expenditure_total, execution_rate_reported, execution_rate_computed\n"
     "from fct_budget order by district, fiscal_year;"),
    ("Households signed, year over year",
     "select district, fiscal_year, value as households_signed, yoy_change, yoy_growth_pct\n"
     "from mart_district_trend where measure = 'households_signed' order by district, fiscal_year;"),
    ("Documents held back and why",
     "select file_name, status, quarantine_reasons from dim_document where status <> 'ok';"),
)


def format_summary(s: Summary) -> str:
    lines = [
        f"zhengchai run {s.run_id}",
        f"  files in raw/            {s.files_seen}  (duplicates {s.duplicates}, moved {s.moved}, removed {s.removed})",
        f"  documents parsed         {s.documents_parsed}"
        + (f"  (on {len(s.workers)} process{'es' if len(s.workers) != 1 else ''})" if s.workers else ""),
        f"  facts in raw.facts       {s.facts_loaded}  (in current, loaded documents: {s.facts_in_marts})",
        f"  district-years in marts  {s.district_years}",
        f"  unreadable documents     {len(s.documents_failed)}",
    ]
    for path, code, message in s.documents_failed:
        lines.append(f"    {path}: {code} — {message}")
    docs = sorted({q[0] for q in s.quarantined})
    lines.append(f"  quarantined documents    {len(docs)}  (warnings recorded: {s.warnings})")
    for path, rule, message in s.quarantined:
        lines.append(f"    {path}: {rule} — {message}")
    if not s.rebuilt:
        lines.append("  nothing changed since the last build: validation and dbt build skipped, marts carried over")
    if s.timings:
        lines.append("  seconds                  " + ", ".join(f"{k} {v:.1f}" for k, v in s.timings.items()))
    lines.append(f"  warehouse                {s.warehouse}")
    if s.report:
        lines.append(f"  report                   {s.report}")
    lines.append("")
    lines.append("Try (duckdb " + s.warehouse + "  or  zhengchai query \"…\"):")
    for title, sql in EXAMPLE_QUERIES:
        lines.append(f"  -- {title}")
        lines.extend("  " + x for x in sql.split("\n"))
    return "\n".join(lines)
