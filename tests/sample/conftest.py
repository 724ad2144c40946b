from __future__ import annotations

import json
from pathlib import Path

import pytest

from lab.sample import generate

# A small corpus: two house-expropriation and two land-acquisition districts over three years —
# big enough for both families, every format, the planted rules, a republication and bad files.
SMALL = {"seed": 2024, "districts": ["芙蓉区", "开福区", "望城区", "岳麓区"], "years": [2020, 2021, 2022]}


def _pdf_text(path: Path) -> tuple[str, list[list[str | None]]]:
    """Page text and, per page, the table cells of a PDF as pdfplumber reads them."""
    import pdfplumber

    texts, tables = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text() or "")
            tables.append([c for t in page.extract_tables() for row in t for c in row])
    return "\n".join(texts), tables


@pytest.fixture(scope="session")
def small_params() -> dict:
    return dict(SMALL)


@pytest.fixture(scope="session")
def pdf_text():
    return _pdf_text


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus-a")
    generate(out, **SMALL)
    return out


@pytest.fixture(scope="session")
def manifest(small_corpus: Path) -> dict:
    return json.loads((small_corpus / ".truth" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def truths(small_corpus: Path, manifest: dict) -> dict[str, dict]:
    """Truth of every document, keyed by its path relative to the corpus."""
    return {e["path"]: json.loads((small_corpus / e["truth"]).read_text(encoding="utf-8"))
            for e in manifest["documents"] if not e["bad"]}
