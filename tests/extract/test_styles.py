"""Reports written in other offices' styles (tests/extract/styles, each with its answer in
.truth/): space-separated thousands, one cell per line, wrapped tab rows, 挂牌 names, economic
classes, 三公 items, bare indicator cells, tables of projects by measure, hard-wrapped text
exports, goal and result in one cell… Three batches, written for the project from PHRASING.md
by different hands than the sample generator's, and scored like the seeds."""

from __future__ import annotations

from pathlib import Path

from lab.bench import extract_all
from lab.scoring import load_truths, score

STYLES = Path(__file__).with_name("styles")


def test_reports_in_other_styles():
    files = sorted(str(p) for p in STYLES.iterdir() if p.is_file())
    assert len(files) >= 80
    result = score(load_truths(STYLES / ".truth"), extract_all(files, workers=2))
    _, _, f1 = result.overall
    assert f1 >= 0.99, result.report() + f"\n{result.misses}\n{result.extras}"
    # one report never names its city (仁寿县 of 眉山市, outside the gazetteer): it cannot be known
    assert result.doc_ok >= result.doc_n - 1, result.wrong_fields
    assert result.ind_ok == result.ind_n
