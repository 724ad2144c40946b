"""The rendered files: determinism, formats, PDF text and tables, sample marking, bad files."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lab.sample import generate
from lab.sample.docmodel import SAMPLE_MARK

NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes(small_corpus: Path, small_params: dict, tmp_path: Path):
    again = tmp_path / "again"
    paths = generate(again, **small_params)
    assert paths and all(p.is_file() for p in paths)
    first, second = hashes(small_corpus), hashes(again)
    assert first == second
    assert any(k.endswith(".pdf") for k in first) and any(k.endswith(".docx") for k in first)
    assert any(k.endswith(".xlsx") for k in first)


def test_another_seed_gives_another_corpus(tmp_path: Path):
    a = generate(tmp_path / "a", seed=1, districts=["芙蓉区"], years=[2021], bad_files=False)
    b = generate(tmp_path / "b", seed=2, districts=["芙蓉区"], years=[2021], bad_files=False)
    ha = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in a}
    hb = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in b}
    assert ha != hb


def test_regenerating_replaces_the_previous_run(tmp_path: Path):
    generate(tmp_path, seed=3, districts=["望城区"], years=[2020, 2021], bad_files=False)
    generate(tmp_path, seed=3, districts=["望城区"], years=[2021], bad_files=False, planted_violations=False)
    m = json.loads((tmp_path / ".truth" / "manifest.json").read_text(encoding="utf-8"))
    files = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file() and ".truth" not in p.parts}
    assert files == {e["path"] for e in m["documents"]}
    assert all(e["fiscal_year"] == 2021 and not e["planted"] for e in m["documents"])


def test_both_families_and_all_formats(manifest: dict):
    docs = [e for e in manifest["documents"] if not e["bad"]]
    assert {e["doc_type"] for e in docs} == {"narrative_report", "selfeval_table"}
    assert {e["format"] for e in docs} == {"pdf", "docx", "xlsx", "html", "txt"}
    assert {e["department_kind"] for e in docs} == {"house_expropriation", "land_acquisition"}
    assert all(e["format"] != "xlsx" or e["doc_type"] == "selfeval_table" for e in docs)


def _document_text(path: Path, pdf_text) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return pdf_text(path)[0]
    if path.suffix == ".docx":
        from docx import Document

        d = Document(io.BytesIO(data))
        cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(data)).active
        return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    if path.suffix == ".txt":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gbk")
            assert b"\r\n" in data  # a GBK export from Windows
            return text
    return data.decode("utf-8")


def test_every_document_is_marked_as_sample(small_corpus: Path, manifest: dict, pdf_text):
    for e in manifest["documents"]:
        if e["bad"] in ("empty", "truncated_pdf", "encrypted_pdf", "no_text_layer"):
            continue
        text = _document_text(small_corpus / e["path"], pdf_text)
        assert SAMPLE_MARK in text, e["path"]
        assert e["file"].startswith("sample-")


def test_pdf_text_contains_the_truth_figures(small_corpus: Path, manifest: dict, truths: dict, pdf_text):
    pdfs = [e for e in manifest["documents"] if e["format"] == "pdf" and not e["bad"]]
    picked = [next(e for e in pdfs if e["doc_type"] == t) for t in ("narrative_report", "selfeval_table")]
    picked += [e for e in pdfs if e not in picked][:2]
    for e in picked:
        text, tables = pdf_text(small_corpus / e["path"])
        flat = re.sub(r"\s+", "", text) + "|" + "|".join(re.sub(r"\s+", "", c or "") for t in tables for c in t)
        assert SAMPLE_MARK in flat
        for f in truths[e["path"]]["facts"]:
            for token in NUMBER.findall(f["raw"]):
                assert token in flat, (e["path"], f)


def test_pdf_forms_have_merged_cells_and_tables_over_page_breaks(small_corpus: Path, manifest: dict):
    forms = [e for e in manifest["documents"] if e["format"] == "pdf" and e.get("doc_type") == "selfeval_table"]
    assert forms
    found_merge = found_split = False
    for e in forms:
        import pdfplumber

        with pdfplumber.open(small_corpus / e["path"]) as pdf:
            pages = [p.extract_tables() for p in pdf.pages]
        wide = [i for i, ts in enumerate(pages) if any(len(t[0]) >= 10 for t in ts)]
        if len(wide) >= 2 and wide[1] == wide[0] + 1:
            found_split = True
        if any(c is None for ts in pages for t in ts for row in t for c in row):
            found_merge = True
        assert e["pdf_layout"]["continued"]["indicators"] >= 1
    assert found_merge and found_split  # a merged cell cut by the break: test_pdf_table_splits_through_merged_cells


def test_bad_files(small_corpus: Path, manifest: dict, pdf_text):
    import pdfplumber

    bad = {e["bad"]: e for e in manifest["documents"] if e["bad"]}
    assert set(bad) == {"empty", "truncated_pdf", "duplicate", "not_a_report", "encrypted_pdf", "no_text_layer"}
    for e in bad.values():
        assert e["truth"] is None and e["detail"]
    assert (small_corpus / bad["empty"]["path"]).stat().st_size == 0
    dup = bad["duplicate"]
    original = next(e for e in manifest["documents"] if e["path"] == dup["duplicate_of"])
    assert dup["sha256"] == original["sha256"] and dup["file"] != original["file"]
    for reason in ("truncated_pdf", "encrypted_pdf"):
        # pdfminer raises a different error for each
        with pytest.raises(Exception), pdfplumber.open(small_corpus / bad[reason]["path"]) as pdf:  # noqa: B017
            "".join(p.extract_text() or "" for p in pdf.pages)
    with pdfplumber.open(small_corpus / bad["no_text_layer"]["path"]) as pdf:
        assert pdf.pages and all(not (p.extract_text() or "").strip() for p in pdf.pages)
    notice = _document_text(small_corpus / bad["not_a_report"]["path"], pdf_text)
    assert "通知" in notice and "自评" not in notice


def test_truth_scores_perfectly_against_itself(small_corpus: Path, truths: dict, tmp_path: Path, shared_dir: Path):
    """A prediction equal to the truth scores F1 1.0 with the shared scorer (manifest.json included)."""
    scorer = shared_dir / "tools" / "score_extraction.py"
    preds = [{"source": path, "document": t["document"], "facts": t["facts"], "indicators": t["indicators"]}
             for path, t in truths.items()]
    (tmp_path / "pred.json").write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([sys.executable, str(scorer), str(small_corpus / ".truth"), str(tmp_path / "pred.json"),
                        "--min-f1", "1.0", "--require-all"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "facts F1 1.000" in r.stdout
