"""The two PDF engines give the same pages: pypdfium2 with pdfplumber's lattice finder (the
default) and pdfplumber over pdfminer. Page by page, texts, tables (merged cells as None), the
`continues` flag and the error codes of the files neither reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhengchai.read import pdf_pdfium
from zhengchai.read.errors import ReadError
from zhengchai.read.model import ReadOptions
from zhengchai.read.pdf import read_pdf

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
SAMPLES = sorted((REPO / "raw").rglob("*.pdf"))
STYLES = sorted((REPO / "tests" / "extract" / "styles").glob("*.pdf"))
SEED_PDFS = sorted(SEEDS.glob("*.pdf")) if SEEDS.is_dir() else []


def _read(path: Path, engine: str):
    try:
        return read_pdf(path, ReadOptions(pdf_engine=engine))
    except ReadError as e:
        return e.code


def _same(path: Path) -> None:
    old, new = _read(path, "pdfplumber"), _read(path, "pdfium")
    if isinstance(old, str) or isinstance(new, str):
        assert new == old, f"{path.name}: {new} where pdfplumber gives {old}"
        return
    # a file both engines read is read by pypdfium2 itself, not handed back to pdfplumber
    # (else this comparison would hold with the fast engine broken)
    assert pdf_pdfium.read_pages(path, ReadOptions().max_pages)
    assert len(new[0]) == len(old[0]) and new[1] == old[1]
    for a, b in zip(new[0], old[0], strict=True):
        assert a.text == b.text, f"{path.name} page {b.number}: text differs"
        assert a.tables == b.tables, f"{path.name} page {b.number}: tables differ"
        assert (a.number, a.continues) == (b.number, b.continues)


def test_there_are_pdfs_to_compare():
    assert len(SAMPLES) >= 20 and len(STYLES) >= 10


@pytest.mark.parametrize("path", SAMPLES + SEED_PDFS, ids=lambda p: p.name)
def test_engines_agree_on_the_sample_and_seed_pdfs(path: Path):
    _same(path)


@pytest.mark.parametrize("path", STYLES, ids=lambda p: p.name)
def test_engines_agree_on_the_style_batches(path: Path):
    _same(path)


def test_an_unknown_engine_is_refused(tmp_path: Path):
    with pytest.raises(ValueError):
        read_pdf(tmp_path / "x.pdf", ReadOptions(pdf_engine="ocr"))
