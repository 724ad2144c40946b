"""Measurements, not tests: extraction accuracy on a held-out generated corpus, and speed."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lab.scoring import load_truths, score
from zhengchai.read.discover import discover

SHIPPED_SAMPLE_SEED = 2024  # the corpus in raw/; a held-out corpus must use another seed


def _extract_chunk(paths: list[str]) -> list[dict]:
    from zhengchai.runner import extract_paths

    return [x.as_dict() for x in extract_paths(paths)]


def extract_all(paths: list[str], workers: int | None = None) -> list[dict]:
    """Extract as the nightly run does (zhengchai.runner: a forked child per batch, a deadline per
    file), on `workers` processes; the SPEC §2 dicts in the order of `paths`."""
    workers = workers or os.cpu_count() or 1
    size = max(1, min(25, -(-len(paths) // (workers * 4))))
    parts = [paths[i:i + size] for i in range(0, len(paths), size)]
    if workers == 1:
        return [x for part in parts for x in _extract_chunk(part)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [x for chunk in pool.map(_extract_chunk, parts) for x in chunk]


def corpus_files(corpus: Path) -> tuple[list[str], Path]:
    """The documents of a corpus and the folder of their answers, in either layout: a generated
    corpus (files anywhere, answers in .truth/) or a scored set like ../shared/real (docs/, truth/)."""
    if (corpus / "docs").is_dir() and (corpus / "truth").is_dir():
        return sorted(str(p) for p in (corpus / "docs").iterdir() if p.is_file()), corpus / "truth"
    return [str(corpus / f.path) for f in discover(corpus)], corpus / ".truth"


def accuracy(corpus: Path | None = None, n_docs: int | None = None, seed: int = 7, show: int = 20) -> int:
    """Regenerate a held-out corpus (or score the given one) and print per-measure P/R."""
    from lab.sample import generate

    if seed == SHIPPED_SAMPLE_SEED and corpus is None:
        raise SystemExit(f"seed {seed} is the shipped sample's; a held-out corpus needs another")
    with tempfile.TemporaryDirectory(prefix="zhengchai-bench-") as tmp:
        if corpus is None:
            corpus = Path(tmp)
            started = time.perf_counter()
            generate(corpus, seed=seed, n_docs=n_docs or 300, bad_files=False)
            print(f"generated a held-out corpus (seed {seed}) in {time.perf_counter() - started:.1f} s")
        files, truth_dir = corpus_files(corpus)
        started = time.perf_counter()
        predictions = extract_all(files)
        elapsed = time.perf_counter() - started
        formats = Counter(p["format"] for p in predictions)
        print(f"extracted {len(files)} files ({dict(formats)}) in {elapsed:.1f} s")
        truths = load_truths(truth_dir)
        result = score(truths, predictions)
    print(result.report())
    if show:
        for title, rows in (("missed", result.misses), ("extra", result.extras)):
            if rows:
                print(f"\nfirst {min(show, len(rows))} {title} facts of {len(rows)}:")
                for name, measure, value in rows[:show]:
                    print(f"  {name}  {measure}  {value}")
        if result.wrong_fields:
            print(f"\ndocument fields wrong ({len(result.wrong_fields)}):")
            for name, key, got, want in result.wrong_fields[:show]:
                print(f"  {name}  {key}: got {got!r}, want {want!r}")
    return 0


def speed(n_docs: int | None = None, out: Path | None = None) -> int:
    from lab.speed import run_speed_benchmark

    return run_speed_benchmark(n_docs=n_docs or 1000, out=out)
