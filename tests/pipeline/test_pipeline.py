"""Pipeline steps without Prefect: the page limit, what decides a rebuild, the run lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from zhengchai import pipeline, publish
from zhengchai.land import ensure_schema, fingerprint
from zhengchai.read import ReadOptions
from zhengchai.read.discover import discover
from zhengchai.runner import extract_files
from zhengchai.warehouse import connect


def _pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for n in range(pages):
        c.setFont("STSong-Light", 11)
        c.drawString(60, 800, f"长沙市芙蓉区房屋征收和补偿办公室2021年度部门整体支出绩效自评报告，第{n + 1}页。")
        c.drawString(60, 780, "2021年，全年预算数为300万元，实际支出280万元，其中基本支出80万元，项目支出200万元。")
        c.showPage()
    c.save()
    return path


def test_the_page_limit_setting_reaches_the_pdf_reader(tmp_path):
    _pdf(tmp_path / "three-pages.pdf", 3)
    files = discover(tmp_path)
    [limited] = extract_files(tmp_path, files, timeout=60, options=ReadOptions(max_pages=2))
    assert [(p.severity, p.code) for p in limited.problems] == [("error", "too_many_pages")]
    assert "3 pages, over the limit of 2" in limited.problems[0].message
    [unlimited] = extract_files(tmp_path, files, timeout=60, options=ReadOptions(max_pages=3))
    assert not any(p.code == "too_many_pages" for p in unlimited.problems) and unlimited.pages == 3


def test_the_page_limit_stays_in_the_child(tmp_path):
    """The limit travels as an argument (ReadOptions): the reader module is never patched."""
    from zhengchai.read import pdf

    before = pdf.read_pdf
    extract_files(tmp_path, discover(_pdf(tmp_path / "p.pdf", 1).parent), timeout=60,
                  options=ReadOptions(max_pages=1))
    assert pdf.read_pdf is before


def _warehouse(tmp_path: Path):
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    con.execute("insert into raw.documents (document_id, parse_status) values ('a', 'parsed'), ('b', 'failed')")
    return con


def test_the_build_fingerprint_changes_with_what_the_build_reads(tmp_path):
    con = _warehouse(tmp_path)
    today = date(2025, 6, 1)
    base = fingerprint.inputs_fingerprint(con, today)
    assert fingerprint.inputs_fingerprint(con, today) == base

    note = "insert into raw.problems values ('a', 'x/a.pdf', 'discover', 'warning', 'duplicate_file', 'm', ?, now())"
    con.execute(note, ["run-1"])
    with_note = fingerprint.inputs_fingerprint(con, today)
    assert with_note != base
    con.execute(note, ["run-2"])  # the same note again the next night changes nothing
    assert fingerprint.inputs_fingerprint(con, today) == with_note

    assert fingerprint.inputs_fingerprint(con, date(2026, 1, 1)) != with_note  # rules use this year
    con.execute("insert into raw.acceptances values ('a', 'expenditure_identity', 'typo', 'me', now())")
    accepted = fingerprint.inputs_fingerprint(con, today)
    assert accepted != with_note
    con.execute("insert into raw.documents (document_id, parse_status) values ('c', 'parsed')")
    assert fingerprint.inputs_fingerprint(con, today) != accepted
    con.close()


def test_the_build_fingerprint_covers_the_dbt_project_and_the_rules():
    covered = {p.split("/")[0] for p in fingerprint.BUILD_CODE}
    assert covered == {"dbt_project", "expectations", "zhengchai"}
    for rel in fingerprint.BUILD_CODE:
        assert (fingerprint.REPO / rel).exists(), rel
    assert len(fingerprint.code_fingerprint()) == 64


def test_a_run_is_refused_before_anything_starts_while_the_lock_is_held(tmp_path):
    with publish.run_lock(tmp_path), pytest.raises(publish.AlreadyRunning, match="in progress"):
        publish.ensure_not_running(tmp_path)
    publish.ensure_not_running(tmp_path)  # released: no error


def test_prepare_clears_what_a_killed_run_left(tmp_path):
    published = tmp_path / "wh" / "warehouse.duckdb"
    stale = publish.staging_path(published, "killed-run")
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half a warehouse")
    stale.with_name(stale.name + ".wal").write_bytes(b"x")
    (tmp_path / "raw").mkdir()
    ctx = pipeline.prepare(tmp_path / "raw", published)
    try:
        assert sorted(p.name for p in stale.parent.iterdir()) == [ctx.staging.name]
    finally:
        pipeline.discard(ctx)


def test_each_fact_lands_with_its_confidence_and_the_reason_of_a_guess(tmp_path):
    from zhengchai.extract import extract_document
    from zhengchai.land import land
    from zhengchai.read.model import Document, Page

    text = "某区房屋征收办公室2022年度征收拆迁工作总结\n片区共涉及房屋面积2.3万平方米，其中住宅1.8万平方米，非住宅0.5万平方米。"
    x = extract_document(Document(source="a.txt", sha256="a" * 64, format="txt", pages=(Page(number=1, text=text),)),
                         this_year=2026)
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    land(con, [x], "r1")
    rows = con.execute("select value, confidence, confidence_reason from raw.facts order by value").fetchall()
    con.close()
    assert rows[-1][:2] == (23000, "high") and rows[-1][2] is None
    assert {r[1] for r in rows[:-1]} == {"low"} and all("list" in r[2] for r in rows[:-1])
