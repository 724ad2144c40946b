"""Run the dbt project (dbt_project/) against one warehouse file, from Python, without Prefect.

    from zhengchai.dbt import build
    result = build(Path("warehouse/warehouse.duckdb"))
    if not result.success:
        for failure in result.failures:
            print(failure.name, failure.message)

The warehouse file must already hold the raw schema (zhengchai.land.ensure_schema) and must not be
open in another process. dbt's target/ and logs/ go next to the warehouse file (or to `artifacts_dir`),
so builds of different warehouse files never share them.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt_project"
WAREHOUSE_ENV = "ZHENGCHAI_WAREHOUSE"

# dbt keeps global state per process: one invocation at a time.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class NodeOutcome:
    """A node (model, seed, data test, unit test) that did not simply pass."""

    unique_id: str
    name: str
    resource_type: str  # model | seed | test | unit_test | snapshot
    status: str  # error | fail | warn | skipped
    message: str
    failures: int | None = None  # rows a failing data test returned


@dataclass
class DbtResult:
    success: bool
    command: str
    models_passed: int = 0
    models_failed: int = 0
    seeds_passed: int = 0
    seeds_failed: int = 0
    tests_passed: int = 0  # data tests and unit tests
    tests_failed: int = 0
    tests_warned: int = 0
    unit_tests_passed: int = 0  # of tests_passed, the unit tests
    skipped: int = 0
    failures: list[NodeOutcome] = field(default_factory=list)
    warnings: list[NodeOutcome] = field(default_factory=list)
    elapsed: float = 0.0
    target_path: Path | None = None
    log_path: Path | None = None
    error: str | None = None  # an exception that stopped dbt before or while running nodes

    def summary(self) -> str:
        text = (
            f"dbt {self.command}: {'ok' if self.success else 'FAILED'} - models {self.models_passed} ok / "
            f"{self.models_failed} failed, tests {self.tests_passed} ok / {self.tests_failed} failed / "
            f"{self.tests_warned} warned, {self.skipped} skipped, {self.elapsed:.1f} s"
        )
        lines = [text]
        lines += [f"  {f.status}: {f.resource_type} {f.name}: {f.message}" for f in self.failures]
        if self.error:
            lines.append(f"  error: {self.error}")
        return "\n".join(lines)


def default_artifacts_dir(warehouse_path: Path) -> Path:
    """Where dbt's target/ and logs/ go for this warehouse file: `<file>.dbt/` next to it."""
    warehouse_path = Path(warehouse_path)
    return warehouse_path.with_name(warehouse_path.name + ".dbt")


def artifacts_dir_of(published: Path) -> Path:
    """Where a run or an acceptance keeps dbt's target/ and logs/: `.dbt/` beside the published file
    (the staging copy is thrown away)."""
    return Path(published).resolve().parent / ".dbt"


def build(
    warehouse_path: Path,
    *,
    select: str | None = None,
    exclude: str | None = None,
    indirect_selection: str = "buildable",
    full_refresh: bool = False,
    artifacts_dir: Path | None = None,
    quiet: bool = True,
    scope_run: str | None = None,
) -> DbtResult:
    """`dbt build` (seeds, models, data tests, unit tests) into `warehouse_path`.

    `select` / `exclude` take dbt selection syntax ("marts", "+fct_budget", "test_type:unit"). With a
    selection, a data test runs only when all the models it reads are selected or upstream of the
    selection (`indirect_selection="buildable"`; dbt's own default, "eager", also runs tests that read
    unselected models, which fails on a warehouse where those do not exist yet).
    With `scope_run`, the incremental models redo only the documents raw.build_scope lists for that
    run (zhengchai/land/scope.py); without it they redo every document.
    Never raises for a failed build: look at `result.success` and `result.failures`.
    """
    args = ["build"]
    if scope_run:
        args += ["--vars", json.dumps({"build_scope_run": scope_run})]
    if select:
        args += ["--select", select, "--indirect-selection", indirect_selection]
    if exclude:
        args += ["--exclude", exclude]
    if full_refresh:
        args.append("--full-refresh")
    return _invoke(args, warehouse_path, artifacts_dir=artifacts_dir, quiet=quiet)


def docs_generate(warehouse_path: Path, *, artifacts_dir: Path | None = None, quiet: bool = True,
                  static: bool = False) -> DbtResult:
    """`dbt docs generate`: manifest.json, catalog.json and index.html in `result.target_path`
    (with `static`, also static_index.html, which carries both and opens from file://)."""
    command = ["docs", "generate"] + (["--static"] if static else [])
    return _invoke(command, warehouse_path, artifacts_dir=artifacts_dir, quiet=quiet)


def _invoke(command: list[str], warehouse_path: Path, *, artifacts_dir: Path | None, quiet: bool) -> DbtResult:
    from dbt.cli.main import dbtRunner  # imported late: dbt is slow to import

    warehouse_path = Path(warehouse_path).resolve()
    # resolved here: dbt reads a relative --target-path against --project-dir, which would put the
    # artifacts of `--warehouse warehouse/w.duckdb` inside dbt_project/
    artifacts = (Path(artifacts_dir) if artifacts_dir else default_artifacts_dir(warehouse_path)).resolve()
    target_path, log_path = artifacts / "target", artifacts / "logs"
    target_path.mkdir(parents=True, exist_ok=True)
    log_path.mkdir(parents=True, exist_ok=True)
    args = [
        *command,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target_path),
        "--log-path", str(log_path),
        "--no-use-colors",
        "--no-send-anonymous-usage-stats",
    ]
    if quiet:
        args.append("--quiet")
    name = " ".join(command)
    started = time.monotonic()
    with _LOCK, _environment({WAREHOUSE_ENV: str(warehouse_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}):
        try:
            outcome = dbtRunner(callbacks=[_node_progress(command[0])]).invoke(args)
        except Exception as exc:  # dbt reports most errors in the result; this is the rest
            return DbtResult(False, name, elapsed=time.monotonic() - started, target_path=target_path,
                             log_path=log_path, error=f"{type(exc).__name__}: {exc}")
        finally:
            _release_warehouse()
    result = DbtResult(bool(outcome.success), name, elapsed=time.monotonic() - started,
                       target_path=target_path, log_path=log_path)
    if outcome.exception is not None:
        result.error = f"{type(outcome.exception).__name__}: {outcome.exception}"
    _count(result, getattr(outcome.result, "results", None) or [])
    return result


def _node_progress(name: str):
    """A dbt callback that shows each model, seed and test as it finishes (on a terminal only)."""
    from zhengchai.progress import Progress

    progress = Progress(f"dbt {name}")

    def callback(event) -> None:
        if event.info.name == "NodeFinished":
            progress.step(getattr(event.data.node_info, "node_name", "") or "")
        elif event.info.name in ("CommandCompleted", "EndOfRunSummary"):
            progress.close()

    return callback


def _count(result: DbtResult, node_results: list) -> None:
    for r in node_results:
        node = r.node
        kind = str(getattr(node, "resource_type", "unknown"))
        status = str(r.status)
        outcome = NodeOutcome(
            unique_id=node.unique_id,
            name=node.name,
            resource_type=kind,
            status=status,
            message=str(r.message or ""),
            failures=getattr(r, "failures", None),
        )
        if status == "skipped":
            result.skipped += 1
            continue
        if kind in ("test", "unit_test"):
            if status == "pass":
                result.tests_passed += 1
                result.unit_tests_passed += kind == "unit_test"
            elif status == "warn":
                result.tests_warned += 1
                result.warnings.append(outcome)
            else:
                result.tests_failed += 1
                result.failures.append(outcome)
        elif kind in ("model", "seed", "snapshot"):
            ok = status in ("success", "no-op")
            if kind == "seed":
                result.seeds_passed += ok
                result.seeds_failed += not ok
            else:
                result.models_passed += ok
                result.models_failed += not ok
            if not ok:
                result.failures.append(outcome)


def _release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process after a command.

    dbt-duckdb holds its environment (and with it the warehouse file, read-write) in a class attribute
    that outlives the invocation; left open, the caller could not reopen the file read-only, nor could
    another process open it at all.
    """
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager as manager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    with manager._LOCK:
        environment, manager._ENV = manager._ENV, None
    if environment is not None:
        environment.close()


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
