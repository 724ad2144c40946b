"""What `zhengchai run` tells the user: the summary on stdout, a DuckDB command that works as printed,
and the held-back files by name in the Prefect artifact."""

from __future__ import annotations

import sys
from pathlib import Path

from zhengchai import summary
from zhengchai.cli import main


def test_the_run_summary_goes_to_stdout(tmp_path, monkeypatch, capsys):
    import flows.nightly

    calls = []

    def fake_run(settings, **kwargs):
        calls.append(kwargs)
        return {"text": "zhengchai run 20261130T000000-abcdef\n  files in raw/ 0"}

    monkeypatch.setattr(flows.nightly, "run", fake_run)
    assert main(["run", "--raw", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("zhengchai run 20261130T000000-abcdef")  # `zhengchai run > run.txt` keeps it
    assert calls == [{"log_summary": False}]  # and the flow does not log it a second time on stderr


def test_the_duckdb_hint_names_this_installation_and_read_only(monkeypatch, tmp_path):
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "duckdb").write_text("")
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    monkeypatch.chdir(tmp_path)
    line = summary.try_line("warehouse/warehouse.duckdb")
    assert f"{Path('.venv/bin/duckdb')} -readonly warehouse/warehouse.duckdb" in line


def test_the_artifact_names_the_files_held_back():
    s = summary.Summary(run_id="r1", warehouse="w.duckdb", files_seen=3,
                        documents_failed=[("a/2021/bad.pdf", "corrupt", "the PDF is damaged")],
                        quarantined=[("b/2022/r.docx", "funds_identity", "gap 320万元")],
                        not_read=[("c/link.pdf", "link_outside_raw", "points outside raw/")])
    rows = summary.artifact_rows(s)
    values = [r["value"] for r in rows]
    assert "a/2021/bad.pdf: corrupt — the PDF is damaged" in values
    assert "b/2022/r.docx: funds_identity — gap 320万元" in values
    assert "c/link.pdf: link_outside_raw — points outside raw/" in values
    assert {"what": "documents_failed", "value": "1"} in rows
