"""Identification cases (tests/extract/cases/identify/*.yaml): each input text, written for the
project, must give the expected document fields — a district named only in the body, a dated
header, Traditional text, placeholders, short department forms."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhengchai.extract import extract_document
from zhengchai.read.model import Document, Page

CASES = [case for path in sorted(Path(__file__).with_name("cases").joinpath("identify").glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_identification(case):
    doc = Document(source="case.txt", sha256="0" * 64, format="txt", pages=(Page(None, case["text"]),))
    info = extract_document(doc, this_year=2026).document.as_dict()
    assert {k: info[k] for k in case["expect"]} == case["expect"]
