"""The flattened-form parser reads the same form whatever became of its ruling: one line of
tokens, tab-separated rows, `|` rows, one cell per line (tests/extract/cases/forms/small.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhengchai.extract.form_tokens import read_flat_form

FORMS = Path(__file__).with_name("cases") / "forms"
CASES = {name: yaml.safe_load((FORMS / f"{name}.yaml").read_text(encoding="utf-8")) for name in ("small", "department")}
CASE = CASES["small"]


def layouts(rows: list[list[str]]) -> dict[str, str]:
    return {
        "one line of tokens": " ".join(c for row in rows for c in row if c),
        "tabs": "\n".join("\t".join(row) for row in rows),
        "bars": "\n".join("| " + " | ".join(row) + " |" for row in rows),
        "one cell per line": "\n".join(c for row in rows for c in row if c),
    }


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("layout", layouts([]))
def test_the_same_form_in_every_layout(name, layout):
    case = CASES[name]
    form = read_flat_form(layouts(case["cells"])[layout])
    got = [[i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score, i.reason] for i in form.indicators]
    assert got == case["expect"]["indicators"]
    facts = sorted([f.measure, f.value, f.scope] for f in form.facts)
    assert facts == sorted(case["expect"]["facts"])
    assert all(f.text and f.raw for f in form.facts)  # provenance: the tokens each came from


def test_flat_form_grid_is_no_prose(tmp_path):
    """Extracted whole, a flattened form gives its funds block and total from the grid and its
    achievements from the prose cells; the indicator rows' targets (≥300户) are no facts."""
    from zhengchai.extract import extract_file

    case = CASES["department"]
    path = tmp_path / "form.txt"
    path.write_text(layouts(case["cells"])["one line of tokens"], encoding="utf-8")
    x = extract_file(path)
    got = sorted([f.measure, f.value] for f in x.facts)
    want = sorted([m, v] for m, v, _ in case["expect"]["facts"]) + case["expect"]["document_facts"]
    assert got == sorted(want)
    assert x.document.doc_type == "selfeval_table" and len(x.indicators) == 4


def test_numbered_items_of_an_older_form_and_a_cut_last_item():
    case = CASE["numbered"]
    form = read_flat_form(case["text"])
    assert [[i.level1, i.level2, i.weight, i.score] for i in form.indicators] == case["expect"]
    assert [f.value for f in form.facts if f.measure == "score_total"] == [case["score_total"]]


def test_prose_is_no_form():
    form = read_flat_form("全年预算500万元，实际支出480万元，预算执行率96%。完成签约120户。")
    assert form.indicators == [] and form.facts == []
