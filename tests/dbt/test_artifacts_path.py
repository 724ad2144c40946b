"""A relative warehouse path keeps dbt's artifacts beside the warehouse, never inside the checkout's
dbt_project/ (dbt reads a relative --target-path against --project-dir)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from zhengchai import dbt
from zhengchai.land import ensure_schema
from zhengchai.warehouse import connect


def _untracked_under(folder: Path) -> list[str]:
    if shutil.which("git") is None:
        return sorted(str(p) for p in folder.rglob("*") if ".dbt" in p.parts or p.name == "warehouse")
    done = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--ignored=no", "."],
                          cwd=folder, capture_output=True, text=True)
    return done.stdout.splitlines() if done.returncode == 0 else []


def test_a_relative_warehouse_leaves_nothing_under_dbt_project(tmp_path, monkeypatch):
    before = _untracked_under(dbt.PROJECT_DIR)
    monkeypatch.chdir(tmp_path)
    warehouse = Path("warehouse") / "warehouse.duckdb"
    warehouse.parent.mkdir()
    con = connect(warehouse)
    ensure_schema(con)
    con.close()

    result = dbt.build(warehouse, select="stg_documents", artifacts_dir=Path("warehouse") / ".dbt")

    assert result.success, result.summary()
    assert result.target_path == tmp_path / "warehouse" / ".dbt" / "target"
    assert (result.target_path / "manifest.json").exists()
    assert not (dbt.PROJECT_DIR / "warehouse").exists()
    assert _untracked_under(dbt.PROJECT_DIR) == before
    assert dbt.artifacts_dir_of(warehouse) == tmp_path / "warehouse" / ".dbt"
