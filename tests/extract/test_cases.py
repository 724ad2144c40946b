"""One phrasing, one case: tests/extract/cases/*.yaml hold `input → facts` cases (a sentence or a
small table, written for the project, never copied from a real text), run by this one test.

A case:
    - name: what the phrasing is
      text: the body (a title naming a district office and the year is put above it unless `title` is given)
      table: optional rows of a table on the same page
      facts: every fact expected, as [measure, value] or [measure, value, scope] (or a mapping with
             measure, value, scope, qualifier, confidence); a scope of "*" means "any breakdown", null the total
      subset: true when the case names only some of the facts
      absent: optional [measure, value] pairs that must not be read
Adding a phrasing = a lexicon line (zhengchai/extract/lexicon.yaml) + a case here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhengchai.extract import extract_document
from zhengchai.read.model import Document, Page, Table

CASES = Path(__file__).with_name("cases")
TITLE = "某市某某区房屋征收管理办公室2022年度征收拆迁工作总结"


def _load() -> list:
    out = []
    for path in sorted(CASES.glob("*.yaml")):  # identification and form cases sit in folders of their own
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return out


def _read(case: dict):
    title = case.get("title", TITLE)
    tables = (Table(rows=tuple(tuple(r) for r in case["table"]), page=1),) if case.get("table") else ()
    page = Page(number=1, text=f"{title}\n{case.get('text', '')}", tables=tables)
    doc = Document(source="case.txt", sha256="0" * 64, format="txt", pages=(page,))
    return extract_document(doc, this_year=2026).facts


def _matches(fact, want: list | dict, exact: bool = True) -> bool:
    if isinstance(want, dict):
        if "qualifier" in want and exact and fact.qualifier != want["qualifier"]:
            return False
        if "confidence" in want and exact and fact.confidence != want["confidence"]:
            return False
        want = [want["measure"], want["value"], *([want["scope"]] if "scope" in want else [])]
    measure, value, *scope = want
    if fact.measure != measure or abs(fact.value - value) > max(0.011, 1e-6 * abs(value)):
        return False
    if not scope or not exact:
        return True
    return (fact.scope is not None) if scope[0] == "*" else fact.scope == scope[0]


@pytest.mark.parametrize("case", _load())
def test_case(case):
    facts = _read(case)
    got = [(f.measure, f.value, f.scope) for f in facts]
    for want in case.get("facts", []):
        assert any(_matches(f, want) for f in facts), f"{want} not read; got {got}"
    for unwanted in case.get("absent", []):
        assert not any(_matches(f, unwanted) for f in facts), f"{unwanted} read; got {got}"
    if not case.get("subset"):
        extra = [g for f, g in zip(facts, got, strict=True)
                 if not any(_matches(f, w, exact=False) for w in case.get("facts", []))]
        assert not extra, f"read more than expected: {extra}"


def test_there_is_a_case_for_every_kind_of_figure():
    cases = [c.values[0] for c in _load()]
    measures = {w["measure"] if isinstance(w, dict) else w[0] for c in cases for w in c.get("facts", [])}
    assert {"households_target", "households_signed", "units_target", "units_signed", "area_scope",
            "area_demolished", "projects_started", "projects_cleared", "signing_rate", "budget_initial"} <= measures
    assert len(cases) >= 30
