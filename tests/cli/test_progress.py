"""Progress on long steps (extraction per document, dbt per node) on a terminal, silence elsewhere."""

from __future__ import annotations

import io
import sys
from types import SimpleNamespace

import pytest

from zhengchai.progress import Progress

REPORT = """长沙市雨花区房屋征收和补偿办公室
2021年度部门整体支出绩效自评报告
2021年，区征收办全年预算数为300万元，全年签约住户95户。
"""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def not_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("ZHENGCHAI_PROGRESS", raising=False)


def test_progress_rewrites_one_line_on_a_terminal_and_clears_it():
    out = Terminal()
    with Progress("extract", 2, stream=out) as p:
        p.step("a.pdf")
        p.step("b.pdf")
    assert "extract 1/2 a.pdf" in out.getvalue() and "extract 2/2 b.pdf" in out.getvalue()
    assert out.getvalue().endswith("\r\x1b[2K") and "\n" not in out.getvalue()


@pytest.mark.parametrize("env", [{}, {"CI": "true"}, {"ZHENGCHAI_PROGRESS": "0"}])
def test_progress_is_silent_in_a_file_in_ci_or_when_switched_off(monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    out = io.StringIO() if not env else Terminal()
    with Progress("extract", 2, stream=out) as p:
        p.step("a.pdf")
    assert out.getvalue() == ""


def test_extraction_shows_each_document_on_a_terminal(tmp_path, monkeypatch):
    from zhengchai.read.discover import discover
    from zhengchai.runner import extract_files

    for name in ("雨花区/a.txt", "雨花区/b.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(REPORT.replace("95", "9" + name[-5]), encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    extract_files(tmp_path, discover(tmp_path), timeout=60)
    assert "extract 1/2 雨花区/a.txt" in terminal.getvalue() and "extract 2/2 雨花区/b.txt" in terminal.getvalue()

    logged = io.StringIO()
    monkeypatch.setattr(sys, "stderr", logged)
    extract_files(tmp_path, discover(tmp_path), timeout=60)
    assert logged.getvalue() == ""


def test_dbt_shows_each_node_as_it_finishes(monkeypatch):
    from zhengchai.dbt import _node_progress

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    callback = _node_progress("build")
    for name, node in (("NodeStart", "stg_facts"), ("NodeFinished", "stg_facts"), ("NodeFinished", "fct_budget"),
                       ("CommandCompleted", "")):
        callback(SimpleNamespace(info=SimpleNamespace(name=name), data=SimpleNamespace(
            node_info=SimpleNamespace(node_name=node))))
    shown = terminal.getvalue()
    assert "dbt build 1 stg_facts" in shown and "dbt build 2 fct_budget" in shown and shown.endswith("\x1b[2K")
