"""Scale-out: with a Dask scheduler address the flow extracts on that cluster's workers and builds the
same warehouse as a local run of the same files."""

from __future__ import annotations

import os
import shutil

import pytest

pytestmark = pytest.mark.slow


def test_a_dask_cluster_builds_the_same_warehouse_as_the_local_run(first_run, prefect_server, tmp_path, ops):
    from distributed import Client, LocalCluster

    from flows.nightly import run
    from zhengchai.config import Settings
    from zhengchai.pipeline import worker_name

    raw = tmp_path / "raw"
    shutil.copytree(first_run.pristine_raw, raw)  # the files of the local first run, under another folder
    settings = Settings(raw_dir=raw, warehouse=tmp_path / "warehouse" / "warehouse.duckdb", workers=2,
                        document_timeout=120, max_pages=first_run.settings.max_pages)
    # started after the run's Prefect server: the worker processes inherit PREFECT_API_URL
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        # (functions sent to the workers must be importable there: os.getenv, not a test's own)
        assert set(client.run(os.getenv, "PREFECT_API_URL").values()) == {prefect_server}
        cluster_workers = set(client.run(worker_name).values())
        settings = Settings(**{**vars(settings), "dask_address": cluster.scheduler_address})
        result = run(settings)

    assert set(result["workers"]) == cluster_workers  # both Dask workers extracted, nothing ran locally
    assert result["documents_parsed"] == first_run.result["documents_parsed"]
    ops.assert_same_content(ops.snapshot(settings.warehouse), first_run.snapshot)

    # the workers reported to the run's Prefect server: their task runs are there, completed
    def completed_extractions():
        return [r for r in ops.task_runs(result["flow_run_id"], "extract-batch") if r.state and r.state.is_completed()]

    assert ops.wait_until(lambda: len(completed_extractions()) == result["batches"], timeout=60)
