"""The nightly deployment: the flow on a cron schedule (02:00 Asia/Shanghai by default).

`zhengchai serve` serves it from this process. With a Prefect server running
(`prefect server start`, UI at http://127.0.0.1:4200) and PREFECT_API_URL pointing at it,
runs and their logs show in the UI; without one, a local server lives as long as `serve`, on
127.0.0.1 with basic auth (flows/runtime.py; the string is in warehouse/.prefect-api-auth).
"""

from __future__ import annotations

from prefect.schedules import Cron

from flows.nightly import nightly
from zhengchai.config import Settings

DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"


def build_deployment(settings: Settings | None = None, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE):
    settings = settings or Settings()
    return nightly.to_deployment(
        name="nightly",
        schedules=[Cron(cron, timezone=timezone)],
        parameters={
            "raw_dir": str(settings.raw_dir.resolve()),
            "warehouse": str(settings.warehouse.resolve()),
            "workers": settings.workers,
            "document_timeout": settings.document_timeout,
            "max_pages": settings.max_pages,
            "max_file_mb": settings.max_file_mb,
            "memory_budget_mb": settings.memory_budget_mb,
            "run_id": None,  # each scheduled run takes a new one, the one in its flow run's name
            "log_summary": True,  # no terminal to print it on: the flow's log keeps it
        },
        description="Parse new reports in raw/, rebuild and check the warehouse, publish it atomically.",
        tags=["zhengchai", "nightly"],
        concurrency_limit=1,  # never two nightly runs at once (the run lock would refuse the second)
    )


def serve(settings: Settings | None = None, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE) -> None:
    from prefect import serve as prefect_serve

    from flows.runtime import prefect_api

    settings = settings or Settings()
    # the server outlives any one run: its auth string is kept (0600) beside the warehouse
    with prefect_api(auth_folder=settings.warehouse_dir):
        prefect_serve(build_deployment(settings, cron, timezone))
