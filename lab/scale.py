"""`zhengchai bench scale`: the warehouse at national scale, with extraction records generated directly.

Lands N documents (lab/scale_corpus.py) through the real landing code, then runs what a nightly run
runs after extraction - the checks, the dbt build, the post-build checks, publish - each timed, with
its peak memory (this process and its children, sampled). With --grow, a batch of new documents is
then added the way a later run adds it: a staging copy, landing, the scope of the build
(zhengchai/land/scope.py), the checks and dbt on the affected documents only, publish.

A benchmark, not a test: `python -m lab.scale --n-docs 10000 --grow 1000`.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psutil

from lab.scale_corpus import corpus
from zhengchai import dbt
from zhengchai import publish as swap
from zhengchai.check import check_warehouse
from zhengchai.check.published import check_file
from zhengchai.land import ensure_schema, land, scope
from zhengchai.land.fingerprint import build_code, claim_build
from zhengchai.warehouse import connect

SEED = 13
LAND_BATCH = 5_000


@dataclass
class Step:
    phase: str
    name: str
    seconds: float
    peak_bytes: int
    note: str = ""


def _rss_tree(proc: psutil.Process) -> int:
    """Resident memory of the process and its children. A forked child shares its parent's pages
    and each one's RSS counts them whole, so with children the proportional share (PSS) is summed:
    a moment's fork of a 5 GiB process would otherwise read as 10 GiB."""
    children = proc.children(recursive=True)
    if not children:
        with suppress(psutil.Error):
            return proc.memory_info().rss
        return 0
    total = 0
    for p in [proc, *children]:
        with suppress(psutil.Error):
            total += p.memory_full_info().pss
    return total


class Meter:
    """Times steps and samples the resident memory of this process and its children (every 50 ms)."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self._proc = psutil.Process()

    @contextmanager
    def step(self, phase: str, name: str):
        peak = [_rss_tree(self._proc)]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.05):
                peak[0] = max(peak[0], _rss_tree(self._proc))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        record = Step(phase, name, 0.0, 0)
        try:
            yield record
        finally:
            record.seconds = time.perf_counter() - started
            stop.set()
            sampler.join()
            record.peak_bytes = max(peak[0], _rss_tree(self._proc))
            self.steps.append(record)
            print(f"  {phase:<12} {name:<22} {record.seconds:8.1f} s  {record.peak_bytes / 2**30:5.2f} GiB  "
                  f"{record.note}", flush=True)


def _land(meter: Meter, staging: Path, run_id: str, start: int, stop: int, first_new: int, phase: str) -> None:
    with meter.step(phase, "land") as step:
        con = connect(staging)
        try:
            ensure_schema(con)
            for lo in range(start, stop, LAND_BATCH):
                con.execute("begin")
                land(con, list(corpus(SEED, lo, min(stop, lo + LAND_BATCH), first_new)), run_id)
                con.execute("commit")
            con.execute("begin")
            claim_build(con, run_id)
            affected = scope.decide(con, run_id, build_code())
            con.execute("commit")
            facts = con.execute("select count(*) from raw.facts").fetchone()[0]
        finally:
            con.close()
        step.note = (f"{stop - start:,} documents landed, {facts:,} facts in raw; scope: "
                     + ("full" if affected is None else f"{len(affected):,} documents"))


def _after_land(meter: Meter, staging: Path, published: Path, run_id: str, phase: str) -> None:
    con = connect(staging)
    try:
        documents = scope.documents(con, run_id)
        with meter.step(phase, "checks") as step:
            report = check_warehouse(con, run_id, documents=documents)
            step.note = f"{report.documents:,} documents checked, {len(report.quarantined):,} quarantined"
    finally:
        con.close()
    with meter.step(phase, "dbt build") as step:
        result = dbt.build(staging, artifacts_dir=published.parent / ".dbt",
                           scope_run=run_id if documents is not None else None, full_refresh=documents is None)
        step.note = f"{result.models_passed} models, {result.tests_passed} tests"
        if not result.success:
            raise SystemExit(result.summary())
    with meter.step(phase, "post-build checks") as step:
        failures = check_file(staging)
        if failures:
            raise SystemExit("post-build checks failed: " + "; ".join(failures))
    with meter.step(phase, "publish") as step:
        swap.publish(staging, published)
        step.note = f"{published.stat().st_size / 2**20:,.0f} MiB"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    ram = psutil.virtual_memory().total / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {ram:.1f} GiB RAM, Python {platform.python_version()}"


def table(meter: Meter, n_docs: int, grow: int, loads: list[tuple[float, ...]]) -> str:
    lines = [f"`bench scale --n-docs {n_docs:,}" + (f" --grow {grow:,}`" if grow else "`"),
             f"{machine()}; load average before/after: "
             + " / ".join(f"{a:.1f} {b:.1f} {c:.1f}" for a, b, c in loads), "",
             "| phase | step | seconds | peak memory (GiB) | note |", "|---|---|---|---|---|"]
    for s in meter.steps:
        lines.append(f"| {s.phase} | {s.name} | {s.seconds:.1f} | {s.peak_bytes / 2**30:.2f} | {s.note} |")
    for phase in dict.fromkeys(s.phase for s in meter.steps):
        steps = [s for s in meter.steps if s.phase == phase and s.name != "land"]
        lines.append(f"| {phase} | **checks + dbt + publish** | **{sum(s.seconds for s in steps):.1f}** | "
                     f"**{max(s.peak_bytes for s in steps) / 2**30:.2f}** | |")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    lines.append(f"\nPeak resident memory of the process (getrusage): {maxrss:.2f} GiB")
    return "\n".join(lines)


def scale(n_docs: int, grow: int = 0, out: Path | None = None, workdir: Path | None = None) -> int:
    loads = [os.getloadavg()]
    root = Path(workdir or tempfile.mkdtemp(prefix="zhengchai-scale-"))
    published = root / "warehouse.duckdb"
    meter = Meter()
    try:
        print(f"{n_docs:,} documents into {published}", flush=True)
        staging = swap.stage(published, "scale-full")
        _land(meter, staging, "scale-full", 0, n_docs, 0, "full")
        _after_land(meter, staging, published, "scale-full", "full")
        if grow:
            print(f"+{grow:,} documents", flush=True)
            with meter.step("incremental", "stage (copy)"):
                staging = swap.stage(published, "scale-grow")
            _land(meter, staging, "scale-grow", n_docs, n_docs + grow, n_docs, "incremental")
            _after_land(meter, staging, published, "scale-grow", "incremental")
    finally:
        if workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    loads.append(os.getloadavg())
    text = table(meter, n_docs, grow, loads)
    print("\n" + text)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-docs", type=int, default=10_000)
    parser.add_argument("--grow", type=int, default=0)
    parser.add_argument("--out")
    parser.add_argument("--workdir", help="keep the warehouse here instead of a temporary folder")
    a = parser.parse_args()
    raise SystemExit(scale(a.n_docs, a.grow, Path(a.out) if a.out else None, Path(a.workdir) if a.workdir else None))
