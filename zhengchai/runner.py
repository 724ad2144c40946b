"""The one way documents are extracted outside a test of a single function: each file read and
extracted in a forked child with a deadline and a memory cap (isolate.IsolatedCaller).

Used by the nightly run (pipeline.extract_batch), the benchmarks and the accuracy tests (lab/),
so what is measured is what runs. A hang, a crash or an exception becomes an error problem for
that file, and a fresh child goes on with the others.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from zhengchai.extract import extract_document
from zhengchai.extract.model import DocumentInfo, Extraction, Problem
from zhengchai.extract.path_hints import with_path_fallback
from zhengchai.isolate import ChildFailed, DeadlineExceeded, IsolatedCaller
from zhengchai.progress import Progress
from zhengchai.read import ReadOptions, read_document
from zhengchai.read.discover import SourceFile
from zhengchai.read.model import DEFAULT_OPTIONS

log = logging.getLogger(__name__)

MEMORY_BYTES = 4 << 30  # at most, for one child; see child_memory for the machine-wide budget
RETRY_FACTOR = 2.0  # a document that overran its deadline is tried once more with this much longer


def machine_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (OSError, ValueError):
        return 8 << 30


def child_memory(workers: int, budget_bytes: int | None = None) -> int:
    """The memory cap of one extraction child: the machine-wide budget (default: half the machine's
    memory) shared by the workers that extract at once, and never more than MEMORY_BYTES."""
    budget = budget_bytes or machine_memory() // 2
    return max(256 << 20, min(MEMORY_BYTES, budget // max(1, workers)))

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
            importlib.import_module(f"zhengchai.read.{module}")
    _warm_extractor()
    try:
        from pdfminer.cmapdb import CMapDB

        for name in CJK_CMAPS:
            CMapDB.get_cmap(name)
        for vertical in (False, True):
            CMapDB.get_unicode_map("Adobe-GB1", vertical)
    except Exception as e:  # only a speed-up
        log.debug("CMap warm-up skipped: %s", e)


# A line of our own that touches the extractor's word lists, gazetteer and compiled patterns.
WARM_TEXT = "某区房屋征收办公室2021年度部门整体支出绩效自评报告\n全年预算数为300万元，实际支出280万元，签约住户95户。"


def _warm_extractor() -> None:
    """The extractor loads its lexicon, gazetteer and patterns on first use (~40 ms): once here, so
    that each forked child starts with them instead of loading them again."""
    from zhengchai.read.model import Document, Page

    extract_document(Document(source="warm-up.txt", sha256="0" * 64, format="txt",
                              pages=(Page(number=None, text=WARM_TEXT),)))


def _extract_path(path: str, options: ReadOptions) -> Extraction:
    return extract_document(read_document(path, options=options))


def _failure(path: str, sha256: str, code: str, message: str) -> Extraction:
    return Extraction(source=path, sha256=sha256, format=Path(path).suffix.lstrip(".").lower() or "unknown",
                      pages=None, document=DocumentInfo(), problems=(Problem("error", code, message),))


class Runner:
    """One forked child serving many files (see isolate.IsolatedCaller for why not one per file).

        with Runner(timeout=120) as run:
            x = run.extract("raw/a.pdf")

    A file that fails in a child that had already read others is tried once more in a fresh
    child, so what one file leaves behind (memory, say) is never held against the next.
    """

    def __init__(self, timeout: float, memory_bytes: int | None = MEMORY_BYTES,
                 options: ReadOptions = DEFAULT_OPTIONS, retry_factor: float = RETRY_FACTOR) -> None:
        self.timeout, self.options, self.retry_factor = timeout, options, retry_factor
        warm_up()
        self._child = IsolatedCaller(_extract_path, memory_bytes=memory_bytes)

    def __enter__(self) -> Runner:
        self._child.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._child.__exit__(*exc)

    def extract(self, path: str | Path, sha256: str = "") -> Extraction:
        """A timeout is tried once more with a longer deadline (a busy machine, not the file, may
        have been slow); a failure in a child that had read other files, once more in a fresh one."""
        path = str(path)
        seconds, timed_out = self.timeout, False
        for attempt in (1, 2):
            try:
                return self._child.call(path, self.options, seconds=seconds)
            except DeadlineExceeded:
                if attempt == 1 and self.retry_factor > 1:
                    seconds, timed_out = self.timeout * self.retry_factor, True
                    continue
                tried = f"{self.timeout:g} s, then {seconds:g} s" if timed_out else f"{seconds:g} s"
                return _failure(path, sha256, "timeout", f"extraction took longer than {tried} and was stopped")
            except ChildFailed as e:
                if attempt == 1 and self._child.calls > 0:
                    continue
                return _failure(path, sha256, "extractor_crashed", f"extraction failed: {e}")
        raise AssertionError("unreachable")

    def timed(self, path: str | Path) -> tuple[Extraction, float]:
        started = time.perf_counter()
        x = self.extract(path)
        return x, time.perf_counter() - started


def extract_files(raw_dir: Path, files: Iterable[SourceFile], timeout: float,
                  memory_bytes: int | None = MEMORY_BYTES, options: ReadOptions = DEFAULT_OPTIONS) -> list[Extraction]:
    """Extract files found in raw_dir; sources are reported relative to raw/, as analysts name files.
    A document that names no district or year takes its folder's (raw/<district>/<year>/), marked so."""
    files = list(files)
    out = []
    with Runner(timeout, memory_bytes, options) as run, Progress("extract", len(files)) as progress:
        for f in files:
            out.append(with_path_fallback(replace(run.extract(Path(raw_dir) / f.os_path, f.sha256), source=f.path,
                                                  sha256=f.sha256), f.path))
            progress.step(f.path)
    return out


def extract_paths(paths: Iterable[str], timeout: float = 120.0) -> list[Extraction]:
    """Extract files by path, sources as given (the benchmarks and the accuracy tests)."""
    with Runner(timeout) as run:
        return [run.extract(p) for p in paths]
