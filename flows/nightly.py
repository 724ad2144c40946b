"""The nightly flow: discover → extract (mapped over batches) → land → check → dbt build →
check-build → publish → summary. Each task is a call into the zhengchai library."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_table_artifact
from prefect.runtime import flow_run
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from zhengchai import pipeline, publish, summary
from zhengchai import report as site
from zhengchai.config import Settings
from zhengchai.extract.model import Extraction
from zhengchai.isolate import watch_parent
from zhengchai.read import ReadOptions
from zhengchai.read.discover import SourceFile
from zhengchai.runner import child_memory


@task(name="prepare")
def prepare_task(raw_dir: str, warehouse: str, max_file_mb: int, run_id: str | None = None) -> pipeline.RunContext:
    return pipeline.prepare(Path(raw_dir), Path(warehouse), run_id=run_id, max_file_bytes=max_file_mb << 20)


# Retries are for the machinery (a worker lost, a file share that blinked): a bad document never
# fails its batch, extract_files turns it into a problem for that file.
@task(name="extract-batch", retries=2, retry_delay_seconds=1)
def extract_batch(raw_dir: str, files: list[SourceFile], timeout: float, max_pages: int,
                  memory_bytes: int) -> pipeline.Batch:
    return pipeline.extract_batch(Path(raw_dir), files, timeout, ReadOptions(max_pages=max_pages), memory_bytes)


@task(name="land")
def land_task(ctx: pipeline.RunContext, extractions: list[Extraction]) -> pipeline.LoadResult:
    return pipeline.land(ctx, extractions)


@task(name="check")
def check_task(ctx: pipeline.RunContext, data_docs_dir: str):
    return pipeline.check(ctx, Path(data_docs_dir))


@task(name="dbt-build")
def build_task(ctx: pipeline.RunContext):
    result = pipeline.build(ctx)
    if not result.success:
        raise RuntimeError("dbt build failed: " + "; ".join(str(f) for f in result.failures[:10]))
    return result


@task(name="check-build")
def check_build_task(ctx: pipeline.RunContext) -> None:
    failures = pipeline.check_build(ctx)
    if failures:
        raise RuntimeError("warehouse checks failed, nothing published: " + "; ".join(failures))


@task(name="publish")
def publish_task(ctx: pipeline.RunContext) -> str:
    return str(pipeline.publish(ctx))


@task(name="report")
def report_task(warehouse: str) -> str | None:
    path = site.refresh(Path(warehouse))
    return str(path) if path else None


def task_runner_for(settings: Settings):
    """Processes locally (pdfplumber is CPU-bound), or an existing Dask cluster by address."""
    if settings.dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=settings.dask_address)
    if settings.workers > 1:
        # a worker whose run was killed (kill -9, the OOM killer) leaves instead of waiting forever
        return ProcessPoolTaskRunner(max_workers=settings.workers, initializer=watch_parent)
    return ThreadPoolTaskRunner(max_workers=1)


def run_name() -> str:
    """The flow run's name carries the warehouse's run_id (raw.runs), so the Prefect UI and the
    warehouse name the same run; a scheduled run gets its id in the flow (see `_name_after`)."""
    run_id = flow_run.parameters.get("run_id")
    return f"nightly-{run_id}" if run_id else f"nightly-{publish.new_run_id()}"


def _run_id_of_name() -> str:
    return str(flow_run.name or "").removeprefix("nightly-") or publish.new_run_id()


# The default runner comes from ZHENGCHAI_WORKERS / ZHENGCHAI_DASK_ADDRESS, so a deployment
# (which loads this file by its entrypoint) runs the same way as `zhengchai run`.
@flow(name="nightly", log_prints=True, task_runner=task_runner_for(Settings()), flow_run_name=run_name)
def nightly(raw_dir: str = "raw", warehouse: str = "warehouse/warehouse.duckdb", workers: int = 2,
            document_timeout: float = 120.0, max_pages: int = 300, max_file_mb: int = 200,
            memory_budget_mb: int = 0, run_id: str | None = None, log_summary: bool = True) -> dict:
    """One run over raw/: parse what is new, rebuild and check the warehouse, publish it whole.
    log_summary: print the summary into the flow's log (`zhengchai run` prints it on stdout instead)."""
    logger = get_run_logger()
    timer = summary.Timer()
    run_id = run_id or _run_id_of_name()
    with publish.run_lock(Path(warehouse).parent):
        with timer("prepare"):
            ctx = prepare_task(raw_dir, warehouse, max_file_mb, run_id)
        try:
            plan = ctx.plan
            logger.info("%d files: %d new, %d unchanged, %d moved, %d duplicates, %d removed; %d not read",
                        len(plan.files), len(plan.to_parse), len(plan.unchanged), len(plan.moved),
                        len(plan.duplicates), len(plan.removed), len(plan.skipped))
            with timer("extract"):
                memory = child_memory(workers, memory_budget_mb << 20)
                futures = extract_batch.map(unmapped(raw_dir), pipeline.chunks(plan.to_parse, workers),
                                            unmapped(document_timeout), unmapped(max_pages), unmapped(memory))
                batches: list[pipeline.Batch] = [f.result() for f in futures]
            extractions = [x for b in batches for x in b.extractions]
            if batches:
                logger.info("extracted %d documents in %d batches on %d processes",
                            len(extractions), len(batches), len({b.worker for b in batches}))
            with timer("land"):
                loaded = land_task(ctx, extractions)
            checked = None
            if loaded.needs_build:
                with timer("check"):
                    checked = check_task(ctx, str(Path(warehouse).parent / "data_docs"))
                with timer("build"):
                    build_task(ctx)
            else:
                logger.info("nothing that the checks or dbt read has changed since run %s: "
                            "both skipped, its marts carried over", loaded.built_by)
            with timer("check-build"):
                check_build_task(ctx)
            failed = sum(1 for x in extractions if not x.ok)
            pipeline.finish_run(ctx, "published", {
                "files_seen": len(plan.files), "documents_parsed": len(extractions), "documents_failed": failed,
                "documents_quarantined": len(getattr(checked, "quarantined", []) or []),
                "facts_loaded": sum(len(x.facts) for x in extractions)},
                note=None if loaded.needs_build else f"nothing changed; build of {loaded.built_by} carried over")
            with timer("publish"):
                published = publish_task(ctx)
            with timer("report"):
                # nothing the report shows has changed: the last one stays (rewriting it costs
                # ~7 ms a page, minutes for a national warehouse)
                kept = site.default_folder(Path(published)) / "index.html"
                report_path = report_task(published) if loaded.needs_build or not kept.is_file() else str(kept)
        except BaseException as e:
            pipeline.discard(ctx, f"{type(e).__name__}: {e}")
            raise
    result = summary.summarize(ctx, Path(published), len(extractions), rebuilt=loaded.needs_build,
                                 workers=[b.worker for b in batches], batches=len(batches), timings=timer.seconds,
                                 report=report_path)
    create_table_artifact(
        key="nightly-summary",
        table=summary.artifact_rows(result),
        description=f"zhengchai nightly run {result.run_id}: counts, then every file held back and why",
    )
    text = summary.format_summary(result)
    if log_summary:
        print(text)
    # the run in the Prefect UI: its id, and its name that carries the run_id
    return {**vars(result), "flow_run_id": str(flow_run.id), "flow_run_name": flow_run.name, "text": text}


def run(settings: Settings | None = None, *, log_summary: bool = True) -> dict:
    """One run now, as `zhengchai run` does: refused at once if another run holds the lock."""
    from flows.runtime import prefect_api

    settings = settings or Settings()
    publish.ensure_not_running(settings.warehouse_dir)
    with prefect_api():
        configured = nightly.with_options(task_runner=task_runner_for(settings))
        return configured(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse),
                          workers=settings.workers, document_timeout=settings.document_timeout,
                          max_pages=settings.max_pages, max_file_mb=settings.max_file_mb,
                          memory_budget_mb=settings.memory_budget_mb, run_id=publish.new_run_id(),
                          log_summary=log_summary)
