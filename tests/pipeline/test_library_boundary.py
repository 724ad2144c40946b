"""The runtime library stands alone: every zhengchai module imports with Prefect, the flows and
the dev tooling made unimportable, and the CLI reaches them only through its entry points."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

IMPORT_ALL_WITHOUT = """
import importlib, importlib.abc, pkgutil, sys

BLOCKED = ("prefect", "prefect_dask", "flows", "lab")


class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is not for the library")
        return None


sys.meta_path.insert(0, Block())
import zhengchai

names = sorted(m.name for m in pkgutil.walk_packages(zhengchai.__path__, "zhengchai."))
for name in names:
    importlib.import_module(name)
from zhengchai.cli import build_parser

print(len(names), sorted(k for k in sys.modules if k.split(".")[0] in BLOCKED))
"""


def test_every_zhengchai_module_imports_without_prefect_flows_or_lab():
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL_WITHOUT], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) >= 30  # the walk found the library's modules, not an empty package
    assert loaded.strip() == "[]"


def test_the_cli_offers_the_flow_and_lab_commands_through_entry_points():
    from zhengchai.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices
    assert {"extract", "query", "problems", "accept", "export", "run", "serve", "sample", "bench"} <= set(commands)


def test_no_zhengchai_source_names_prefect_flows_or_lab_in_an_import():
    offenders = []
    for path in (REPO / "zhengchai").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1 \
                    and words[1].split(".")[0] in ("prefect", "prefect_dask", "flows", "lab"):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
