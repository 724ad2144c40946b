"""Extraction accuracy on generated corpora, scored by the rules of shared/tools/score_extraction.py.

The shipped sample in raw/ and a held-out corpus from another seed (documents the rules were not
tuned on) must both score high; a regression in any reader or rule shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lab.bench import extract_all
from lab.sample import generate
from lab.scoring import load_truths, score
from zhengchai.read.discover import discover

REPO = Path(__file__).resolve().parents[2]


def scored(corpus: Path):
    files = [str(corpus / f.path) for f in discover(corpus)]
    predictions = extract_all(files, workers=2)
    return score(load_truths(corpus / ".truth"), predictions), predictions


def test_the_shipped_sample_corpus():
    raw = REPO / "raw"
    if not (raw / ".truth").is_dir():
        pytest.skip("raw/ has no sample truth")
    result, predictions = scored(raw)
    p, r, f1 = result.overall
    assert result.documents >= 50
    assert f1 >= 0.99, result.report()
    assert result.doc_ok == result.doc_n, result.wrong_fields
    assert {x["format"] for x in predictions} >= {"pdf", "docx", "xlsx", "html", "txt"}


@pytest.fixture(scope="module")
def held_out(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("held-out")
    generate(corpus, seed=11, n_docs=40, bad_files=False)
    return corpus


def test_a_held_out_corpus(held_out):
    result, _ = scored(held_out)
    _, _, f1 = result.overall
    assert f1 >= 0.99, result.report()
    assert result.doc_ok / result.doc_n >= 0.99, result.wrong_fields
    assert result.ind_ok == result.ind_n


def test_districts_from_the_national_list(tmp_path):
    """Districts outside the hand-written sample world, drawn from the national county list (the
    10,000-document benchmark uses them): their documents are read as well, district and department
    included — no part of identification may depend on the sample's own districts."""
    from lab.sample.world import national_districts

    picked = national_districts()[:6]
    generate(tmp_path, seed=5, n_docs=60, districts=[d.code for d in picked], bad_files=False)
    result, predictions = scored(tmp_path)
    _, _, f1 = result.overall
    assert f1 >= 0.99, result.report()
    assert result.doc_ok == result.doc_n, result.wrong_fields
    assert {p["document"]["district"] for p in predictions} == {d.name for d in picked}
