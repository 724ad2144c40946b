"""The real published texts (../shared/real, read-only; their answers follow its README's
conventions): document fields and the indicator rows of the flattened form."""

from __future__ import annotations

from pathlib import Path

import pytest

from lab.bench import extract_all
from lab.scoring import load_truths, score

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"


@pytest.mark.skipif(not (REAL / "truth").is_dir(), reason="../shared/real is not beside the repository")
def test_real_texts_are_identified():
    files = sorted(str(p) for p in (REAL / "docs").iterdir())
    result = score(load_truths(REAL / "truth"), extract_all(files, workers=2))
    assert result.doc_ok / result.doc_n >= 0.95, result.wrong_fields
    assert result.ind_ok == result.ind_n == 16
