"""Cheap denial of service fails fast (issue 14, item 7): what the guard refuses before a reader
starts, and what the readers refuse themselves. Each case from lab/hostile.py."""

from __future__ import annotations

from lab import hostile
from zhengchai.read import read_document
from zhengchai.read.guard import MAX_NESTING, html_depth


def _codes(doc) -> list[str]:
    return [p.code for p in doc.problems]


def test_deeply_nested_html_is_refused_before_parsing(tmp_path):
    path = tmp_path / "deep.html"
    path.write_bytes(hostile._deep_html())
    assert _codes(read_document(path)) == ["too_deeply_nested"]


def test_the_nesting_count_ignores_void_and_self_closing_tags():
    page = b"<html><body>" + b"<p>a<br>b<img src='x'/><hr></p>" * 5000 + b"</body></html>"
    assert html_depth(page) == 3
    assert html_depth(b"<div>" * (MAX_NESTING + 5)) == MAX_NESTING + 1  # stops counting past the limit


def test_a_zip_bomb_docx_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "bomb.docx"
    hostile._docx(path, stream=hostile._zip_bomb)
    assert path.stat().st_size < 2 << 20
    assert _codes(read_document(path)) == ["too_large"]


def test_entity_expansion_and_reference_cycles_fail_as_corrupt(tmp_path):
    hostile._docx(tmp_path / "laughs.docx", hostile._laughs(
        f"<w:document {hostile.W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>".encode(),
        b"w:document"))
    hostile._xlsx_laughs(tmp_path / "laughs.xlsx")
    (tmp_path / "cycle.pdf").write_bytes(hostile._cycle_pdf())
    for name in ("laughs.docx", "laughs.xlsx", "cycle.pdf"):
        assert _codes(read_document(tmp_path / name)) == ["corrupt"], name


def test_an_external_entity_is_never_resolved(tmp_path):
    decoys = hostile.write_outside(tmp_path / "outside")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{decoys["secret"]}">]>'
           f"<w:document {hostile.W}><w:body><w:p><w:r><w:t>房屋征收 &xxe;</w:t></w:r></w:p></w:body></w:document>")
    hostile._docx(tmp_path / "xxe.docx", xxe.encode())
    doc = read_document(tmp_path / "xxe.docx")
    assert hostile.DECOY_MARKER not in doc.full_text and "hunter2" not in doc.full_text
