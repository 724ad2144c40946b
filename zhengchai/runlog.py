"""A run's mark outside the warehouse, so a killed run still leaves a row in raw.runs.

A run writes everything to its private staging copy; a run killed with kill -9 (or one that failed)
loses that copy, and with it its 'running' row. So each run also leaves a small journal file beside
the warehouse (`.runs/<run_id>`) until it has published. The next run finds the journals left behind
and records those runs in raw.runs as 'abandoned' (or 'failed'), with a note; once that run is
published the journals go.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from zhengchai.warehouse import now

FOLDER = ".runs"


@dataclass(frozen=True)
class Leftover:
    run_id: str
    started_at: datetime | None
    status: str  # abandoned | failed
    note: str


def _folder(warehouse_dir: Path) -> Path:
    return Path(warehouse_dir) / FOLDER


def begin(warehouse_dir: Path, run_id: str) -> None:
    folder = _folder(warehouse_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / run_id).write_text(json.dumps({"started_at": now().isoformat(), "pid": os.getpid()}))


def mark_failed(warehouse_dir: Path, run_id: str, reason: str) -> None:
    path = _folder(warehouse_dir) / run_id
    try:
        entry = json.loads(path.read_text())
    except (OSError, ValueError):
        entry = {}
    entry.update(failed=reason[:500])
    path.write_text(json.dumps(entry))


def leftovers(warehouse_dir: Path, current: str) -> list[Leftover]:
    """Runs that began and never published (other than `current`)."""
    folder = _folder(warehouse_dir)
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name == current:
            continue
        try:
            entry = json.loads(path.read_text())
        except (OSError, ValueError):
            entry = {}
        started = entry.get("started_at")
        started_at = datetime.fromisoformat(started) if started else None
        if entry.get("failed"):
            found.append(Leftover(path.name, started_at, "failed", f"failed before publishing: {entry['failed']}"))
        else:
            found.append(Leftover(path.name, started_at, "abandoned",
                                  "stopped before publishing (killed, or its machine went down); "
                                  "its staging copy was discarded, the published warehouse kept"))
    return found


def end(warehouse_dir: Path, run_ids: list[str]) -> None:
    """After a publish: the run's journal and those it recorded are done with."""
    for run_id in run_ids:
        (_folder(warehouse_dir) / run_id).unlink(missing_ok=True)
