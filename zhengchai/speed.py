"""`zhengchai bench speed`: how fast the pipeline is, measured on a generated corpus.

    run_speed_benchmark(n_docs=1000, out=None)

1. generates a corpus of n_docs sample reports (both families, every format, plus the bad files)
   into a temporary folder;
2. extracts every file the way a pipeline worker does (each in a forked child with a deadline) in
   one process: documents per second, per format, and milliseconds per PDF page;
3. reads the same PDF pages with bare pdfplumber (page.extract_text() + page.extract_tables()) as
   the reference for the cost of a page; and with zhengchai's reader alone, to split the cost;
4. extracts everything again with two processes: the speed-up;
5. runs the nightly flow: a full first run, a re-run with nothing new, a re-run with one new file,
   with the time of each step (validation and the dbt build among them).

Prints a Markdown table and writes it to `out` (default warehouse/bench-speed.md).
"""

from __future__ import annotations

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


# -- extraction, timed per file ------------------------------------------------------------------------------

def _timed_batch(raw_dir: str, paths: Sequence[str]) -> list[tuple[str, str, int | None, float, bool]]:
    """In a worker: each file as the pipeline extracts it (forked child, deadline); (path, format,
    pages, seconds, ok) per file."""
    from zhengchai import pipeline
    from zhengchai.isolate import ChildFailed, DeadlineExceeded, call_with_deadline

    pipeline.warm_up()
    out = []
    for rel in paths:
        started = time.perf_counter()
        try:
            x = call_with_deadline(pipeline._extract_path, str(Path(raw_dir) / rel), seconds=TIMEOUT,
                                   memory_bytes=4 << 30)
            fmt, pages, ok = x.format, x.pages, x.ok
        except (DeadlineExceeded, ChildFailed):
            fmt, pages, ok = Path(rel).suffix.lstrip("."), None, False
        out.append((rel, fmt, pages, time.perf_counter() - started, ok))
    return out


def _batches(paths: Sequence[str], workers: int) -> list[list[str]]:
    from zhengchai.discover import SourceFile
    from zhengchai.pipeline import chunks

    return [[f.path for f in b] for b in chunks([SourceFile(p, "", 0) for p in paths], workers)]


def extract_with(raw_dir: Path, paths: Sequence[str], workers: int) -> tuple[float, list[tuple]]:
    """Wall time and per-file timings of extracting `paths` on a pool of `workers` processes
    (spawned, as Prefect's process pool does; the pool's start-up is counted)."""
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_timed_batch, [str(raw_dir)] * len(paths), _batches(paths, workers)))
    return time.perf_counter() - started, [r for batch in results for r in batch]


def pdfplumber_reference(paths: Sequence[Path]) -> tuple[float, int]:
    """Seconds and pages for bare pdfplumber: extract_text() and extract_tables() on every page."""
    import pdfplumber

    seconds, pages = 0.0, 0
    for path in paths:
        started = time.perf_counter()
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.extract_tables()
                pages += 1
        seconds += time.perf_counter() - started
    return seconds, pages


def reader_only(paths: Sequence[Path]) -> float:
    """Seconds for zhengchai's PDF reader alone (read_document, no extraction, no child)."""
    from zhengchai import pipeline
    from zhengchai.documents import read_document

    pipeline.warm_up()
    started = time.perf_counter()
    for path in paths:
        read_document(path)
    return time.perf_counter() - started


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
    from zhengchai.config import Settings
    from zhengchai.corpus import generate

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
        entries = manifest["documents"]
        counts = manifest["counts"]
        paths = [e["path"] for e in entries]
        formats = ", ".join(f"{k} {v}" for k, v in counts["by_format"].items())
        families = ", ".join(f"{k} {v}" for k, v in counts["by_doc_type"].items())
        note("corpus", f"{counts['documents']} documents ({families}; {formats}; {counts['pdf_pages']} PDF pages) "
                       f"+ {counts['bad_files']} bad files, {counts['bytes'] / 1e6:.0f} MB; generated in {generated:.0f} s")

        print("extracting with 1 process ...", flush=True)
        one_wall, timed = extract_with(raw, paths, 1)
        note("extraction, 1 process", f"{len(paths) / one_wall:.1f} files/s ({len(paths)} files in {one_wall:.1f} s)")
        by_format: dict[str, list[float]] = defaultdict(list)
        for _, fmt, _, seconds, _ in timed:
            by_format[fmt].append(seconds)
        note("per file, by format (1 process)", ", ".join(
            f"{fmt} {1000 * sum(v) / len(v):.0f} ms ({len(v)})" for fmt, v in sorted(by_format.items())))
        pdfs = [(rel, pages, seconds) for rel, fmt, pages, seconds, ok in timed if fmt == "pdf" and ok and pages]
        pipeline_pages = sum(p for _, p, _ in pdfs)
        pipeline_ms = 1000 * sum(s for _, _, s in pdfs) / max(1, pipeline_pages)
        note("PDF, pipeline (forked child: read + extract)", f"{pipeline_ms:.1f} ms/page ({len(pdfs)} PDFs, "
                                                              f"{pipeline_pages} pages)")

        print("reading the same PDFs with bare pdfplumber and with zhengchai's reader ...", flush=True)
        pdf_paths = [raw / rel for rel, _, _ in pdfs]
        ref_seconds, ref_pages = pdfplumber_reference(pdf_paths)
        ref_ms = 1000 * ref_seconds / max(1, ref_pages)
        note("PDF, reference: pdfplumber extract_text() + extract_tables()", f"{ref_ms:.1f} ms/page ({ref_pages} pages)")
        note("PDF, pipeline / reference", f"{pipeline_ms / ref_ms:.2f}×")
        read_ms = 1000 * reader_only(pdf_paths) / max(1, pipeline_pages)
        note("PDF, of which reading (zhengchai.documents, in-process)", f"{read_ms:.1f} ms/page; extraction and "
                                                                         f"the child: {pipeline_ms - read_ms:.1f} ms/page")

        print(f"extracting with {workers} processes ...", flush=True)
        many_wall, _ = extract_with(raw, paths, workers)
        note(f"extraction, {workers} processes", f"{len(paths) / many_wall:.1f} files/s ({many_wall:.1f} s): "
                                                 f"speed-up {one_wall / many_wall:.2f}× over 1 process")

        with prefect_api():
            settings = Settings(raw_dir=raw, warehouse=root / "warehouse" / "warehouse.duckdb", workers=workers,
                                document_timeout=TIMEOUT)
            print("nightly flow: first run ...", flush=True)
            first, result = _timed_run(settings)
            note(f"first run (flow, {workers} workers)", f"{first:.1f} s for {result['files_seen']} files, "
                                                         f"{result['documents_parsed']} parsed — {_steps(result)}")
            note("validation (Great Expectations), first run", f"{result['timings'].get('validate', 0):.1f} s")
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
