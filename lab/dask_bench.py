"""`zhengchai bench dask`: extraction on a Dask cluster matches the local run.

Generates a corpus (lab/sample), runs the nightly flow over it twice - extraction on local worker
processes, then on a `LocalCluster` of Dask worker processes through prefect-dask's DaskTaskRunner
(the same path as `zhengchai run --dask-address`) - and compares the landed extraction records of the
two warehouses (raw.documents, facts, indicators, problems; run ids and timestamps aside).

A benchmark, not a test: `python -m lab.dask_bench --n-docs 1000`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

RECORDS = {
    "documents": "document_id, source_path, file_name, format, size_bytes, pages, province, city, district, "
                 "district_code, department, department_kind, fiscal_year, doc_type, report_date, parse_status",
    "facts": "*",
    "indicators": "*",
    "problems": "distinct document_id, source_path, stage, severity, code, message",
}


def records(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select {cols} from raw.{t} order by all").fetchall() for t, cols in RECORDS.items()}
    finally:
        con.close()


def _timed_run(settings) -> tuple[dict, float]:
    from flows.nightly import run

    started = time.perf_counter()
    result = run(settings)
    return result, time.perf_counter() - started


def compare(n_docs: int, workers: int = 2, out: Path | None = None, seed: int = 17) -> int:
    from distributed import Client, LocalCluster

    from flows.runtime import prefect_api
    from lab.sample import generate
    from zhengchai.config import Settings

    root = Path(tempfile.mkdtemp(prefix="zhengchai-dask-"))
    try:
        raw = root / "raw"
        files = generate(raw, seed=seed, n_docs=n_docs)
        print(f"{len(files):,} files of {n_docs:,} generated documents in {raw}", flush=True)
        base = dict(raw_dir=raw, workers=workers, document_timeout=120)
        with prefect_api():  # before the cluster: its workers inherit PREFECT_API_URL
            local, local_s = _timed_run(Settings(warehouse=root / "local" / "warehouse.duckdb", **base))
            with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                              dashboard_address=None) as cluster, Client(cluster) as client:
                dask_workers = len(client.scheduler_info()["workers"])
                on_dask, dask_s = _timed_run(Settings(warehouse=root / "dask" / "warehouse.duckdb",
                                                      dask_address=cluster.scheduler_address, **base))
        a, b = records(root / "local" / "warehouse.duckdb"), records(root / "dask" / "warehouse.duckdb")
        same = {t: a[t] == b[t] for t in RECORDS}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [f"`bench dask --n-docs {n_docs:,}`: {len(files):,} files; load average after: {load}", "",
             "| run | workers | seconds | files/s | documents parsed |", "|---|---|---|---|---|",
             f"| local processes | {workers} | {local_s:.1f} | {len(files) / local_s:.1f} | "
             f"{local['documents_parsed']:,} |",
             f"| Dask LocalCluster (DaskTaskRunner) | {dask_workers} | {dask_s:.1f} | {len(files) / dask_s:.1f} | "
             f"{on_dask['documents_parsed']:,} |", "",
             "Landed extraction records equal: " + ", ".join(
                 f"raw.{t} {'yes' if ok else 'NO'} ({len(a[t]):,} rows)" for t, ok in same.items())]
    text = "\n".join(lines)
    print("\n" + text)
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    return 0 if all(same.values()) else 1


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-docs", type=int, default=1_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    raise SystemExit(compare(args.n_docs, args.workers, Path(args.out) if args.out else None))
