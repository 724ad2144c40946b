"""`zhengchai bench speed`: how fast the pipeline is, measured on a generated corpus.

    run_speed_benchmark(n_docs=1000, out=None)

1. generates a corpus of n_docs sample reports (both families, every format, plus the bad files)
   into a temporary folder;
2. extracts every file the way a pipeline worker does (in a forked child, a deadline per file) on
   one process and on two: files per second, per format, and the speed-up;
3. for every PDF, one after the other: bare pdfplumber (page.extract_text() + page.extract_tables())
   as the reference cost of a page, zhengchai's reader alone (its pypdfium2 engine, then its
   pdfplumber engine), and the pipeline's read + extract in its child: milliseconds per page, and
   where they go (`python -m lab.speed --pdf-only N` runs this part alone);
4. runs the nightly flow: a full first run, a re-run with nothing new, a re-run with one new file,
   with the time of each step (validation and the dbt build among them).

Shared machines change speed from one minute to the next, so what is compared is measured
interleaved: the 1- and 2-process pools take turns on quarters of the corpus, and the three PDF
measurements take turns file by file.

Prints a Markdown table and writes it to `out` (default warehouse/bench-speed.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

DEFAULT_OUT = Path("warehouse") / "bench-speed.md"
SEED = 97  # not the shipped sample's (2024) nor the accuracy benchmark's (7)
TIMEOUT = 120.0
ROUNDS = 4  # the corpus in quarters, each extracted by the 1-process pool, then the 2-process one


# -- the machine ---------------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / (1 << 20):.1f} GiB"
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": str(os.cpu_count()), "nproc": str(nproc), "ram": ram,
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}"}


def load() -> str:
    """The load average, the other users of a shared machine: read ratios, not milliseconds."""
    return " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


# -- extraction, timed per file ------------------------------------------------------------------------------

def _warm(_: object = None) -> int:
    from zhengchai.runner import warm_up

    warm_up()
    time.sleep(0.2)  # long enough for the other workers to take the other calls
    return os.getpid()


def _timed_batch(raw_dir: str, paths: Sequence[str]) -> list[tuple[str, str, int | None, float, bool]]:
    """In a worker, as the nightly run extracts (zhengchai.runner): (path, format, pages, seconds, ok) per file."""
    from zhengchai.runner import Runner

    out = []
    with Runner(TIMEOUT) as run:
        for rel in paths:
            x, seconds = run.timed(Path(raw_dir) / rel)
            out.append((rel, x.format, x.pages, seconds, x.ok))
    return out


def _batches(paths: Sequence[str], workers: int) -> list[list[str]]:
    from zhengchai.pipeline import chunks
    from zhengchai.read.discover import SourceFile

    return [[f.path for f in b] for b in chunks([SourceFile(p, "", 0) for p in paths], workers)]


def _pool(workers: int) -> ProcessPoolExecutor:
    """Spawned workers, as Prefect's process pool has them, warmed up before the clock starts."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    pids = set()
    while len(pids) < workers:  # until every worker has started and warmed up
        pids |= set(pool.map(_warm, range(workers * 4)))
    return pool


def extract_on(pool: ProcessPoolExecutor, workers: int, raw_dir: Path, paths: Sequence[str]) -> tuple[float, list]:
    started = time.perf_counter()
    batches = _batches(paths, workers)
    results = list(pool.map(_timed_batch, [str(raw_dir)] * len(batches), batches))
    return time.perf_counter() - started, [r for batch in results for r in batch]


def compare_pdf(paths: Sequence[Path]) -> dict[str, float]:
    """Per PDF, in turn: bare pdfplumber, zhengchai's reader alone (in-process) with its default
    engine (pypdfium2) and with the pdfplumber engine, and the pipeline's read + extract in its
    child. Seconds of each, and the pages."""
    import pdfplumber

    from zhengchai.read import ReadOptions, read_document
    from zhengchai.read.errors import ReadError
    from zhengchai.read.pdf import read_pdf
    from zhengchai.runner import Runner

    total = {"reference": 0.0, "reader": 0.0, "pdfplumber_engine": 0.0, "pipeline": 0.0, "pages": 0}
    with Runner(TIMEOUT) as run:
        for path in paths:
            started = time.perf_counter()
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.extract_tables()
                    total["pages"] += 1
            total["reference"] += time.perf_counter() - started
            started = time.perf_counter()
            read_document(path)
            total["reader"] += time.perf_counter() - started
            started = time.perf_counter()
            with contextlib.suppress(ReadError):
                read_pdf(path, ReadOptions(pdf_engine="pdfplumber"))
            total["pdfplumber_engine"] += time.perf_counter() - started
            total["pipeline"] += run.timed(path)[1]
    return total


def pdf_rows(c: dict[str, float], n_pdfs: int) -> list[tuple[str, str]]:
    """The PDF comparison as table rows: milliseconds per page and ratios to bare pdfplumber."""
    ms = {k: 1000 * c[k] / max(1, c["pages"]) for k in ("reference", "reader", "pdfplumber_engine", "pipeline")}
    ref = ms["reference"]
    return [
        ("PDF, reference: pdfplumber extract_text() + extract_tables()",
         f"{ref:.1f} ms/page ({n_pdfs} PDFs, {c['pages']} pages)"),
        ("PDF, pipeline (read + extract, in its child)", f"{ms['pipeline']:.1f} ms/page = "
                                                         f"{ms['pipeline'] / ref:.2f}× the reference"),
        ("PDF, of which zhengchai's reader (pypdfium2 engine)", f"{ms['reader']:.1f} ms/page = {ms['reader'] / ref:.2f}× "
                                                                f"the reference; extraction and the child "
                                                                f"{ms['pipeline'] - ms['reader']:.1f} ms/page"),
        ("PDF, zhengchai's reader with the pdfplumber engine", f"{ms['pdfplumber_engine']:.1f} ms/page = "
                                                               f"{ms['pdfplumber_engine'] / ref:.2f}× the reference"),
    ]


# -- the flow -------------------------------------------------------------------------------------------------

def _timed_run(settings) -> tuple[float, dict]:
    from flows.nightly import run

    started = time.perf_counter()
    result = run(settings)
    return time.perf_counter() - started, result


def _steps(result: dict) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in result.get("timings", {}).items())


# -- the benchmark --------------------------------------------------------------------------------------------

def run_speed_benchmark(n_docs: int = 1000, out: Path | None = None, workers: int = 2, seed: int = SEED) -> int:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the table is the output
    from flows.runtime import prefect_api
    from lab.sample import generate
    from zhengchai.config import Settings

    out = Path(out) if out else DEFAULT_OUT
    m = machine()
    rows: list[tuple[str, str]] = [
        ("machine", f"{m['cores']} cores (nproc {m['nproc']}), {m['cpu']}, {m['ram']} RAM, "
                    f"Python {m['python']}, {m['system']}"),
    ]

    def note(what: str, value: str) -> None:
        rows.append((what, value))
        print(f"  {what}: {value}", flush=True)

    with tempfile.TemporaryDirectory(prefix="zhengchai-speed-") as tmp:
        root = Path(tmp)
        raw = root / "raw"
        print(f"generating {n_docs} documents ...", flush=True)
        started = time.perf_counter()
        generate(raw, seed=seed, n_docs=n_docs, bad_files=True)
        generated = time.perf_counter() - started
        manifest = json.loads((raw / ".truth" / "manifest.json").read_text(encoding="utf-8"))
        counts = manifest["counts"]
        paths = [e["path"] for e in manifest["documents"]]
        formats = ", ".join(f"{k} {v}" for k, v in counts["by_format"].items())
        families = ", ".join(f"{k} {v}" for k, v in counts["by_doc_type"].items())
        note("corpus", f"{counts['documents']} documents ({families}; {formats}; {counts['pdf_pages']} PDF pages) "
                       f"+ {counts['bad_files']} bad files, {counts['bytes'] / 1e6:.0f} MB; generated in {generated:.0f} s")

        print(f"extracting everything on 1 process and on {workers}, a quarter at a time ...", flush=True)
        walls = {1: 0.0, workers: 0.0}
        timed: list[tuple] = []
        with _pool(1) as one, _pool(workers) as many:
            for r in range(ROUNDS):
                part = paths[r::ROUNDS]
                seconds, per_file = extract_on(one, 1, raw, part)
                walls[1] += seconds
                timed += per_file
                walls[workers] += extract_on(many, workers, raw, part)[0]
        note("extraction, 1 process", f"{len(paths) / walls[1]:.1f} files/s ({len(paths)} files in {walls[1]:.1f} s)")
        note(f"extraction, {workers} processes", f"{len(paths) / walls[workers]:.1f} files/s ({walls[workers]:.1f} s): "
                                                 f"speed-up {walls[1] / walls[workers]:.2f}× over 1 process")
        by_format: dict[str, list[float]] = defaultdict(list)
        for _, fmt, _, seconds, _ in timed:
            by_format[fmt].append(seconds)
        note("per file, by format (1 process)", ", ".join(
            f"{fmt} {1000 * sum(v) / len(v):.0f} ms ({len(v)})" for fmt, v in sorted(by_format.items())))

        pdfs = sorted(raw / rel for rel, fmt, pages, _, ok in timed if fmt == "pdf" and ok and pages)
        print(f"{len(pdfs)} PDFs: pdfplumber, zhengchai's reader and the pipeline in turn ...", flush=True)
        before = load()
        for what, value in pdf_rows(compare_pdf(pdfs), len(pdfs)):
            note(what, value)
        note("load average (1, 5, 15 min) before / after the PDF comparison", f"{before}; {load()}")

        with prefect_api():
            settings = Settings(raw_dir=raw, warehouse=root / "warehouse" / "warehouse.duckdb", workers=workers,
                                document_timeout=TIMEOUT)
            print("nightly flow: first run ...", flush=True)
            first, result = _timed_run(settings)
            note(f"first run (flow, {workers} workers)", f"{first:.1f} s for {result['files_seen']} files, "
                                                         f"{result['documents_parsed']} parsed — {_steps(result)}")
            note("checks (Great Expectations), first run", f"{result['timings'].get('check', 0):.1f} s")
            note("dbt build, first run", f"{result['timings'].get('build', 0):.1f} s")

            print("nightly flow: nothing new ...", flush=True)
            again, result = _timed_run(settings)
            note("re-run, nothing new", f"{again:.1f} s = {again / first:.2f}× the first run, "
                                        f"{result['documents_parsed']} parsed, rebuilt: {result['rebuilt']} — "
                                        f"{_steps(result)}")

            print("nightly flow: one new file ...", flush=True)
            extra = root / "extra"
            new_file = next(p for p in generate(extra, seed=seed + 1, n_docs=1, bad_files=False))
            target = raw / "新增" / new_file.name
            target.parent.mkdir()
            shutil.copy(new_file, target)
            one, result = _timed_run(settings)
            note("re-run, one new file", f"{one:.1f} s = {one / first:.2f}× the first run, "
                                         f"{result['documents_parsed']} parsed — {_steps(result)}")

    table = ["| measure | result |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    text = "\n".join(["# zhengchai bench speed", "", f"`zhengchai bench speed` with n_docs={n_docs}, "
                      f"seed {seed}, {time.strftime('%Y-%m-%d')}", "", *table, ""])
    print()
    print(text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written to {out}")
    return 0


def run_pdf_comparison(n_docs: int = 1000, seed: int = SEED) -> int:
    """Step 3 alone, on the same generated corpus: the PDFs that read without an error."""
    from lab.sample import generate
    from zhengchai.read import read_document

    with tempfile.TemporaryDirectory(prefix="zhengchai-speed-") as tmp:
        generate(Path(tmp), seed=seed, n_docs=n_docs, bad_files=True)
        pdfs = sorted(p for p in Path(tmp).rglob("*.pdf")
                      if not any(x.severity == "error" for x in read_document(p).problems))
        m, before = machine(), load()
        rows = [("machine", f"{m['cores']} cores (nproc {m['nproc']}), {m['cpu']}, {m['ram']} RAM, "
                            f"Python {m['python']}"), *pdf_rows(compare_pdf(pdfs), len(pdfs)),
                ("load average (1, 5, 15 min) before / after", f"{before}; {load()}")]
    print(f"PDF comparison, n_docs={n_docs}, seed {seed}, {time.strftime('%Y-%m-%d')}\n")
    print("\n".join(["| measure | result |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]))
    return 0


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--pdf-only"]:
        raise SystemExit(run_pdf_comparison(int(sys.argv[2]) if len(sys.argv) > 2 else 1000))
    raise SystemExit(run_speed_benchmark())
