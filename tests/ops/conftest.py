"""Fixtures for the operations tests: one Prefect server for the session, corpora, warehouse snapshots."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
ZHENGCHAI = str(Path(sys.executable).with_name("zhengchai"))

# columns that say when or in which run something happened: they differ between two runs of the same input
VOLATILE = re.compile(r"(^|_)run_id$|_at$|^extractor_version$")


@pytest.fixture(scope="session")
def prefect_server() -> str:
    """One Prefect API server for every flow run of these tests (flows.runtime, as `zhengchai run`
    starts it); its address is in PREFECT_API_URL, so process-pool and Dask workers find it."""
    from flows.runtime import prefect_api

    with prefect_api() as url:
        yield url


def query(path: Path, sql: str, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _normal(value):
    if isinstance(value, list):  # list aggregates without an order: compare as multisets
        return tuple(sorted((_normal(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((k, _normal(v)) for k, v in value.items()))
    return value


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table analysts or the checks read, without run ids and timestamps, rows sorted."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute(
            """select table_schema, table_name from information_schema.tables
               where table_catalog = current_database() and table_type = 'BASE TABLE'
                 and (table_schema in ('main', 'intermediate')
                      or (table_schema = 'raw' and table_name in
                          ('documents', 'facts', 'indicators', 'problems', 'validation_results', 'acceptances')))
               order by 1, 2""").fetchall()
        out = {}
        for schema, table in tables:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_catalog = current_database() "
                "and table_schema = ? and table_name = ? order by ordinal_position", [schema, table]).fetchall()
                if not VOLATILE.search(c)]
            # raw.problems is a log: each run notes a duplicate file again, with its run id
            distinct = "distinct " if (schema, table) == ("raw", "problems") else ""
            rows = con.execute(f'select {distinct}{", ".join(chr(34) + c + chr(34) for c in columns)} '
                               f'from "{schema}"."{table}"').fetchall()
            out[f"{schema}.{table}"] = sorted((tuple(_normal(v) for v in r) for r in rows), key=repr)
        return out
    finally:
        con.close()


def assert_same_content(got: dict, want: dict) -> None:
    assert sorted(got) == sorted(want)
    for table in want:
        assert got[table] == want[table], f"{table} differs"


def process_group(pgid: int, field: int = 2) -> list[str]:
    """Live (non-zombie) processes of a process group, as 'pid command' (field=3: of a session, which
    takes in the extraction children too: each leads a process group of its own)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            state, group = fields[0], int(fields[field])
            if group == pgid and state != "Z":
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")[:120].decode(errors="replace")
                alive.append(f"{entry.name} {command}")
        except (OSError, ValueError):
            continue
    return alive


def process_session(sid: int) -> list[str]:
    return process_group(sid, field=3)


def wait_until(predicate, timeout: float, interval: float = 0.2) -> bool:
    """Poll for a condition; the timeout only bounds a broken run, it is not the thing tested."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def zhengchai(*args: str, env: dict | None = None, unset: tuple[str, ...] = (), **kwargs) -> subprocess.Popen:
    """`zhengchai ARGS` as a separate process in its own session (so its whole group can be found)."""
    environment = {k: v for k, v in {**os.environ, **(env or {})}.items() if k not in unset}
    return subprocess.Popen([ZHENGCHAI, *args], env=environment, start_new_session=True, cwd=REPO, **kwargs)


def task_runs(flow_run_id: str, prefix: str = "") -> list:
    """The task runs the Prefect server holds for a flow run (the run's own server: PREFECT_API_URL)."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                                     sort=TaskRunSort.EXPECTED_START_TIME_ASC, limit=200)
    return [r for r in runs if r.name.startswith(prefix)]


@pytest.fixture(scope="session")
def ops():
    """The helpers above, for the test modules (conftest is not importable under importlib mode)."""
    from types import SimpleNamespace

    return SimpleNamespace(query=query, snapshot=snapshot, assert_same_content=assert_same_content,
                           process_group=process_group, process_session=process_session, wait_until=wait_until, task_runs=task_runs, kill_group=kill_group,
                           zhengchai=zhengchai, repo=REPO)


# -- one nightly run over a corpus with every kind of bad input, shared by the modules that only read it --

MAX_PAGES = 5  # the sample PDFs have 2-3 pages; thick.pdf has 8


def _pdf_pages(path: Path, pages: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 11)
        c.drawString(60, 800, f"长沙市某区房屋征收和补偿办公室 2021年度部门整体支出绩效自评报告 附件 第{n}页")
        c.drawString(60, 780, "全年预算数为300万元，实际支出280万元。")
        c.showPage()
    c.save()


def write_bad_inputs(raw: Path, spare_docx: bytes) -> dict[str, tuple[str, str]]:
    """Files a drop zone receives besides reports, beyond the generator's six. path -> (severity, code)."""
    import random

    rng = random.Random(5)
    extra = raw / "收件箱"
    extra.mkdir(parents=True)
    (extra / "garbled.pdf").write_bytes(b"%PDF-1.4\n" + rng.randbytes(20_000))
    (extra / "not-really.pdf").write_bytes(rng.randbytes(5_000))
    (extra / "report-saved-as.pdf").write_bytes(spare_docx)  # a real DOCX report under a .pdf name
    _pdf_pages(extra / "thick.pdf", MAX_PAGES + 3)
    (extra / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(4_000))
    (extra / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(3_000))
    (extra / "upload-failed.xlsx").write_bytes(b" \r\n")  # the generator has the zero-byte one
    (extra / "cut-off.docx").write_bytes(spare_docx[: len(spare_docx) // 2])
    (extra / "minutes.txt").write_text("会议纪要\n本周例会讨论了办公室搬迁和车辆管理事项，下周三再议。\n", encoding="utf-8")
    return {
        "收件箱/garbled.pdf": ("error", "corrupt"),
        "收件箱/not-really.pdf": ("error", "corrupt"),
        "收件箱/report-saved-as.pdf": ("warning", "wrong_extension"),
        "收件箱/thick.pdf": ("error", "too_many_pages"),
        "收件箱/legacy.doc": ("error", "unsupported_format"),
        "收件箱/photo.png": ("error", "unsupported_format"),
        "收件箱/upload-failed.xlsx": ("error", "empty"),
        "收件箱/cut-off.docx": ("error", "corrupt"),
        "收件箱/minutes.txt": ("error", "not_a_report"),
    }


GENERATOR_BAD = {"empty": "empty", "truncated_pdf": "corrupt", "not_a_report": "not_a_report",
                 "encrypted_pdf": "encrypted", "no_text_layer": "no_text_layer"}


@pytest.fixture(scope="session")
def first_run(tmp_path_factory, prefect_server):
    """A first nightly run, 2 extraction processes, over generated reports plus bad input of every kind."""
    import json
    import shutil
    from types import SimpleNamespace

    from flows.nightly import run
    from lab.sample import generate
    from zhengchai.config import Settings

    root = tmp_path_factory.mktemp("ops")
    raw = root / "raw"
    generate(raw, seed=41, n_docs=14, bad_files=True)
    spare = tmp_path_factory.mktemp("spare")
    spare_docx = next(p for p in generate(spare, seed=42, n_docs=3, formats=("docx",), bad_files=False))
    manifest = json.loads((raw / ".truth" / "manifest.json").read_text(encoding="utf-8"))["documents"]
    expected = {e["path"]: ("error", GENERATOR_BAD[e["bad"]]) for e in manifest if e["bad"] in GENERATOR_BAD}
    duplicates = {e["path"]: e["duplicate_of"] for e in manifest if e["bad"] == "duplicate"}
    good = [e["path"] for e in manifest if not e["bad"]]
    expected.update(write_bad_inputs(raw, spare_docx.read_bytes()))
    shutil.copy(raw / good[0], raw / "收件箱" / ("copy-of-" + Path(good[0]).name))
    duplicates["收件箱/copy-of-" + Path(good[0]).name] = good[0]
    pristine = root / "raw-as-first-run"
    shutil.copytree(raw, pristine)

    settings = Settings(raw_dir=raw, warehouse=root / "warehouse" / "warehouse.duckdb", workers=2,
                        document_timeout=120, max_pages=MAX_PAGES)
    result = run(settings)
    return SimpleNamespace(settings=settings, root=root, raw=raw, pristine_raw=pristine, result=result,
                           snapshot=snapshot(settings.warehouse), expected_problems=expected,
                           duplicates=duplicates, good=good + ["收件箱/report-saved-as.pdf"])
