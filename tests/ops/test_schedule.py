"""The nightly deployment: 02:00 every day in Asia/Shanghai, with the run's settings as parameters.
Built without a Prefect server (serving it is what needs one)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from flows.deployment import build_deployment
from zhengchai.config import Settings


def test_the_deployment_runs_the_nightly_flow_at_two_in_shanghai(tmp_path):
    settings = Settings(raw_dir=tmp_path / "raw", warehouse=tmp_path / "wh" / "warehouse.duckdb", workers=3,
                        document_timeout=45, max_pages=200)
    deployment = build_deployment(settings)

    assert deployment.name == "nightly" and deployment.flow_name == "nightly"
    assert deployment.entrypoint == "flows/nightly.py:nightly"
    [schedule] = deployment.schedules
    assert schedule.active
    assert schedule.schedule.cron == "0 2 * * *" and schedule.schedule.timezone == "Asia/Shanghai"
    assert deployment.parameters == {
        "raw_dir": str((tmp_path / "raw").resolve()),
        "warehouse": str((tmp_path / "wh" / "warehouse.duckdb").resolve()),
        "workers": 3,
        "document_timeout": 45,
        "max_pages": 200,
        "max_file_mb": settings.max_file_mb,
        "memory_budget_mb": settings.memory_budget_mb,
        "run_id": None,  # a scheduled run names itself nightly-<run_id> with a new id
        "log_summary": True,
    }
    assert deployment.concurrency_limit == 1  # two nightly runs never overlap


def test_the_schedule_fires_at_1800_utc(tmp_path):
    """What the Prefect server will schedule from it: 02:00 in Shanghai is 18:00 UTC the day before."""
    from prefect.server.schemas.schedules import CronSchedule

    schedule = build_deployment(Settings(raw_dir=tmp_path, warehouse=tmp_path / "w.duckdb")).schedules[0].schedule
    server_side = CronSchedule(cron=schedule.cron, timezone=schedule.timezone)
    dates = asyncio.run(server_side.get_dates(n=3, start=datetime(2025, 3, 1, 12, 0, tzinfo=UTC)))
    assert [d.astimezone(UTC).strftime("%Y-%m-%d %H:%M") for d in dates] == [
        "2025-03-01 18:00", "2025-03-02 18:00", "2025-03-03 18:00"]


def test_a_custom_schedule(tmp_path):
    deployment = build_deployment(Settings(raw_dir=tmp_path, warehouse=tmp_path / "w.duckdb"),
                                  cron="30 1 * * 1-5", timezone="UTC")
    assert deployment.schedules[0].schedule.cron == "30 1 * * 1-5"
    assert deployment.schedules[0].schedule.timezone == "UTC"


def test_every_flow_parameter_is_set_by_the_deployment(tmp_path):
    """A parameter added to the flow but not to the deployment would silently take its default."""
    import inspect

    from flows.nightly import nightly

    deployment = build_deployment(Settings(raw_dir=tmp_path, warehouse=tmp_path / "w.duckdb"))
    assert set(deployment.parameters) == set(inspect.signature(nightly.fn).parameters)
