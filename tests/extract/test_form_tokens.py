"""The flattened-form parser reads the same form whatever became of its ruling: one line of
tokens, tab-separated rows, `|` rows, one cell per line (tests/extract/cases/forms/small.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhengchai.extract.form_tokens import read_flat_form

CASE = yaml.safe_load(Path(__file__).with_name("cases").joinpath("forms", "small.yaml").read_text(encoding="utf-8"))
ROWS = CASE["cells"]
LAYOUTS = {
    "one line of tokens": " ".join(c for row in ROWS for c in row if c),
    "tabs": "\n".join("\t".join(row) for row in ROWS),
    "bars": "\n".join("| " + " | ".join(row) + " |" for row in ROWS),
    "one cell per line": "\n".join(c for row in ROWS for c in row if c),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_same_form_in_every_layout(layout):
    form = read_flat_form(LAYOUTS[layout])
    got = [[i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score, i.reason] for i in form.indicators]
    assert got == CASE["expect"]["indicators"]
    facts = sorted([f.measure, f.value, f.scope] for f in form.facts)
    assert facts == sorted(CASE["expect"]["facts"])
    assert all(f.text and f.raw for f in form.facts)  # provenance: the tokens each came from


def test_numbered_items_of_an_older_form_and_a_cut_last_item():
    case = CASE["numbered"]
    form = read_flat_form(case["text"])
    assert [[i.level1, i.level2, i.weight, i.score] for i in form.indicators] == case["expect"]
    assert [f.value for f in form.facts if f.measure == "score_total"] == [case["score_total"]]


def test_prose_is_no_form():
    form = read_flat_form("全年预算500万元，实际支出480万元，预算执行率96%。完成签约120户。")
    assert form.indicators == [] and form.facts == []
