"""Settings of a run, from arguments or ZHENGCHAI_* environment variables. One place for defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"ZHENGCHAI_{name}", default)


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = field(default_factory=lambda: Path(_env("RAW_DIR", "raw")))
    warehouse: Path = field(default_factory=lambda: Path(_env("WAREHOUSE", "warehouse/warehouse.duckdb")))
    workers: int = field(default_factory=lambda: int(_env("WORKERS", str(min(4, os.cpu_count() or 1)))))
    # seconds one document may take before it is recorded as a timeout and skipped
    document_timeout: float = field(default_factory=lambda: float(_env("DOCUMENT_TIMEOUT", "120")))
    max_pages: int = field(default_factory=lambda: int(_env("MAX_PAGES", "300")))
    # a file larger than this is recorded and never read or hashed (a sparse file can claim terabytes)
    max_file_mb: int = field(default_factory=lambda: int(_env("MAX_FILE_MB", "200")))
    # memory all extraction children together may take (MB), shared out among the workers;
    # 0: half the machine's memory (see runner.child_memory)
    memory_budget_mb: int = field(default_factory=lambda: int(_env("MEMORY_BUDGET_MB", "0")))
    # address of an existing Dask scheduler (tcp://host:8786) to extract on a cluster
    dask_address: str | None = field(default_factory=lambda: _env("DASK_ADDRESS"))
    retries: int = 2

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"
