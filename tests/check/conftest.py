"""Builders of small raw DuckDBs for the validation tests.

Documents are built with the extraction dataclasses and landed with zhengchai.warehouse, the
way the pipeline does it. `clean_document()` satisfies every rule of expectations/rules.yml
and exercises each of them (no rule skips it); the tests plant one violation at a time in it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from zhengchai.extract.model import DocumentInfo, Extraction, Fact, Indicator
from zhengchai.extract.vocabulary import unit_of
from zhengchai.land import ensure_schema, land
from zhengchai.warehouse import connect

REPO = Path(__file__).resolve().parents[2]
TRUTH_DIR = REPO.parent / "shared" / "seeds" / "truth"
_serial = itertools.count()

WAN = 10_000  # yuan per 万元


def fact(measure: str, value: float, *, scope: str | None = None, raw: str | None = None,
         text: str | None = None, page: int | None = None, qualifier: str | None = None,
         unit: str | None = None) -> Fact:
    raw = raw if raw is not None else f"{value:g}"
    return Fact(measure=measure, value=value, unit=unit or unit_of(measure), scope=scope,
                qualifier=qualifier, raw=raw, page=page,
                text=text if text is not None else f"{measure} {raw}")


def indicator(weight: float | None, score: float | None, level3: str = "指标",
              page: int | None = None) -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", level3=level3, content=None, target=None,
                     actual=None, weight=weight, score=score, reason=None, improvement=None, page=page)


def document(facts=(), indicators=(), *, department: str | None = None, fiscal_year: int | None = 2021,
             doc_type: str = "selfeval_table", fmt: str = "docx", pages: int | None = None,
             report_date: str | None = None, name: str | None = None) -> Extraction:
    n = next(_serial)
    name = name or f"doc{n}"
    department = department if department is not None else f"长沙市测试区征收办{name}"
    sha = hashlib.sha256(f"{name}-{n}".encode()).hexdigest()
    info = DocumentInfo(province="湖南省", city="长沙市", district="测试区", department=department,
                        department_kind="house_expropriation", fiscal_year=fiscal_year,
                        doc_type=doc_type, report_date=report_date)
    return Extraction(source=f"raw/测试区/{fiscal_year}/{name}.{fmt}", sha256=sha, format=fmt,
                      pages=pages, document=info, facts=tuple(facts), indicators=tuple(indicators))


def clean_facts() -> list[Fact]:
    """Consistent figures that every rule checks (in 万元 × WAN)."""
    return [
        fact("budget", 1000 * WAN, raw="1000万元"),
        fact("funds_received", 900 * WAN, raw="900万元"),
        fact("expenditure_total", 980 * WAN, raw="980万元"),
        fact("expenditure_basic", 200 * WAN, raw="200万元"),
        fact("expenditure_project", 780 * WAN, raw="780万元"),
        fact("balance_carried_in", 100 * WAN, raw="100万元"),
        fact("balance_carried_out", 20 * WAN, raw="20万元"),
        fact("execution_rate", 98.0, raw="98.00%"),
        # a complete breakdown (其中 covers all of it): 120 + 80 = 200
        fact("expenditure_basic", 120 * WAN, scope="人员经费",
             text="基本支出200万元，其中人员经费120万元，公用经费80万元。"),
        fact("expenditure_basic", 80 * WAN, scope="公用经费",
             text="基本支出200万元，其中人员经费120万元，公用经费80万元。"),
        # a partial listing: within the total, not claimed complete
        fact("sangong_actual", 4 * WAN, raw="4万元"),
        fact("sangong_actual", 3 * WAN, scope="公务接待费", text="公务接待费3万元"),
        fact("sangong_budget", 5 * WAN, raw="5万元"),
        fact("households_target", 100, raw="100户"),
        fact("households_signed", 90, raw="90户"),
        fact("units_target", 10, raw="10家"),
        fact("units_signed", 8, raw="8家"),
        fact("land_cleared_target", 6000, raw="9亩"),
        fact("land_cleared", 5000, raw="7.5亩"),
        fact("score_total", 95, raw="95"),
        fact("score_budget_execution", 9, raw="9"),
        fact("weight_budget_execution", 10, raw="10"),
    ]


def clean_indicators() -> list[Indicator]:
    return [indicator(50, 48, "数量"), indicator(40, 38, "质量")]


def clean_document(**kw) -> Extraction:
    return document(clean_facts(), clean_indicators(), **kw)


def with_fact(x: Extraction, measure: str, value: float, *, scope: str | None = None, **kw) -> Extraction:
    """x with the (measure, scope) fact's value replaced, or the fact added."""
    facts = list(x.facts)
    for i, f in enumerate(facts):
        if f.measure == measure and f.scope == scope:
            facts[i] = replace(f, value=value, **kw)
            break
    else:
        facts.append(fact(measure, value, scope=scope, **kw))
    return replace(x, facts=tuple(facts))


def without(x: Extraction, *measures: str) -> Extraction:
    return replace(x, facts=tuple(f for f in x.facts if f.measure not in measures))


def from_truth(path: Path, *, fmt: str = "docx", name: str | None = None) -> Extraction:
    """A seed's hand-checked truth as an extraction: its printed figure is the provenance text."""
    truth = json.loads(path.read_text(encoding="utf-8"))
    facts = [Fact(measure=f["measure"], value=f["value"], unit=f["unit"], scope=f.get("scope"),
                  qualifier=f.get("qualifier"), raw=f["raw"], page=None, text=f["raw"])
             for f in truth["facts"]]
    indicators = [Indicator(**{k: i.get(k) for k in Indicator.__dataclass_fields__})
                  for i in truth.get("indicators", [])]
    doc = truth["document"]
    info = DocumentInfo(**{k: doc.get(k) for k in DocumentInfo.__dataclass_fields__})
    stem = name or path.stem
    return Extraction(source=f"raw/{stem}.{fmt}", sha256=hashlib.sha256(f"{stem}.{fmt}".encode()).hexdigest(),
                      format=fmt, pages=None, document=info, facts=tuple(facts), indicators=tuple(indicators))


def new_db(path: Path):
    con = connect(path)
    ensure_schema(con)
    return con


@pytest.fixture
def db(tmp_path):
    con = new_db(tmp_path / "warehouse.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="session")
def zc():
    """The builders, for test modules."""
    return SimpleNamespace(fact=fact, indicator=indicator, document=document, clean_facts=clean_facts,
                           clean_indicators=clean_indicators, clean_document=clean_document,
                           with_fact=with_fact, without=without, from_truth=from_truth, land=land,
                           new_db=new_db, WAN=WAN, TRUTH_DIR=TRUTH_DIR)
