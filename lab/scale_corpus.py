"""Extraction records generated directly, for the warehouse at national scale (`bench scale`).

No files and no extraction: each document is an `Extraction` shaped like the extractor's output for a
report (about 30 facts, 10 indicators, provenance), spread over 2,800 districts, ten fiscal years, two
departments and both report types per district and year. A few percent break a rule (an expenditure
identity off, an execution rate mistyped, a score above its weight) and a few percent republish a
report landed before (a later report_date, other figures). Document i is the same whatever the batch
it is generated in, so a corpus can be grown batch by batch.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import date, timedelta

from zhengchai.extract.model import DocumentInfo, Extraction, Fact, Indicator

DISTRICTS = 2_800
YEARS = tuple(range(2015, 2025))
DEPARTMENTS = (("房屋征收与补偿管理办公室", "house_expropriation"), ("征地拆迁服务中心", "land_acquisition"))
DOC_TYPES = ("narrative_report", "selfeval_table")
PROJECTS = ("棚户区改造项目", "道路拓宽工程", "城中村改造项目")
# shares of the documents that break a rule or republish a report (by document number, so reproducible)
BROKEN_IDENTITY, WRONG_RATE, SCORE_OVER, REPUBLISHED = 37, 53, 71, 33


def document_id(seed: int, i: int) -> str:
    return hashlib.sha256(f"zhengchai-scale-{seed}-{i}".encode()).hexdigest()


def report_slot(i: int, first_new: int = 0) -> int:
    """Which report document i is a version of. Every 33rd republishes the report of the document
    before it; in a batch grown onto a corpus (first_new > 0), every 20th republishes an older one."""
    if first_new and i >= first_new and i % 20 == 7:
        return (i * 7919) % first_new
    if i % REPUBLISHED == 5:
        return i - 1
    return i


def _where(slot: int) -> tuple[int, int, int, int]:
    """(district, fiscal year, department, doc type) of a report slot."""
    rest = slot // DISTRICTS
    kind = (rest // len(YEARS)) % 4
    return slot % DISTRICTS, YEARS[rest % len(YEARS)], kind // 2, kind % 2


def _info(slot: int, version: int) -> DocumentInfo:
    d, year, dept, doc_type = _where(slot)
    district = f"示例{d:04d}区"
    name, kind = DEPARTMENTS[dept]
    reported = date(year + 1, 3, 1) + timedelta(days=d % 60 + 45 * version)
    return DocumentInfo(province=f"示例{d % 31:02d}省", city=f"示例{d % 300:03d}市", district=district,
                        district_code=f"{900000 + d}", department=f"{district}{name}", department_kind=kind,
                        fiscal_year=year, doc_type=DOC_TYPES[doc_type], report_date=reported.isoformat(),
                        district_source="text", fiscal_year_source="text")


def _fact(measure: str, value: float, unit: str, page: int, scope: str | None = None) -> Fact:
    shown = f"{value:,.2f}" if unit == "yuan" else f"{value:g}"
    text = f"{scope or '全年'}{measure}为{shown}{unit}" if scope is None else f"其中{scope}{measure}{shown}{unit}"
    return Fact(measure, float(value), unit, scope, None, shown, page, text, "high", None)


def _budget(rng: random.Random, i: int) -> list[Fact]:
    budget = float(rng.randrange(5_000_000, 500_000_000, 100))
    spent = round(budget * rng.uniform(0.82, 0.99), 2)
    basic = round(spent * rng.uniform(0.1, 0.3), 2)
    project = round(spent - basic, 2)
    carried_in = float(rng.randrange(0, 5_000_000, 100))
    received = round(spent + rng.uniform(0, 2_000_000) - carried_in, 2)
    carried_out = round(received + carried_in - spent, 2)
    rate = round(spent / budget * 100, 2)
    if i % BROKEN_IDENTITY == 3:
        basic += 250_000  # basic + project no longer add up to the total: quarantined
    if i % WRONG_RATE == 4:
        rate = round(rate + 3.5, 2)  # a warning only
    sangong = float(rng.randrange(50_000, 900_000, 100))
    parts = [round(project * s, 2) for s in (0.5, 0.3)]
    parts.append(round(project - sum(parts), 2))
    money = [("budget_initial", budget * 0.95), ("budget", budget), ("funds_received", received),
             ("expenditure_total", spent), ("expenditure_basic", basic), ("expenditure_project", project),
             ("balance_carried_in", carried_in), ("balance_carried_out", carried_out),
             ("sangong_budget", sangong), ("sangong_actual", round(sangong * 0.9, 2)),
             ("compensation_paid", round(spent * 0.6, 2))]
    facts = [_fact(m, round(v, 2), "yuan", 2) for m, v in money]
    facts.append(_fact("execution_rate", rate, "percent", 2))
    facts += [_fact("expenditure_project", v, "yuan", 3, scope) for scope, v in zip(PROJECTS, parts, strict=True)]
    return facts


def _work(rng: random.Random) -> list[Fact]:
    target = rng.randrange(50, 3_000)
    signed = rng.randrange(target // 2, target + 1)
    units = rng.randrange(2, 60)
    land_target = float(rng.randrange(20_000, 900_000))
    return [
        _fact("households_target", target, "household", 4), _fact("households_signed", signed, "household", 4),
        _fact("units_target", units, "unit", 4), _fact("units_signed", rng.randrange(1, units + 1), "unit", 4),
        _fact("signing_rate", round(signed / target * 100, 2), "percent", 4),
        _fact("persons_relocated", signed * 3, "person", 4),
        _fact("area_scope", float(rng.randrange(10_000, 900_000)), "m2", 5),
        _fact("area_demolished", float(rng.randrange(5_000, 600_000)), "m2", 5),
        _fact("land_cleared_target", land_target, "m2", 5),
        _fact("land_cleared", round(land_target * rng.uniform(0.5, 1.0)), "m2", 5),
        _fact("projects_started", rng.randrange(1, 12), "project", 5),
        _fact("staff_established", rng.randrange(8, 60), "person", 1),
    ]


def _scores(rng: random.Random, i: int) -> tuple[list[Fact], list[Indicator]]:
    indicators = []
    for n in range(10):
        weight = 9.0
        score = weight if n % 3 else round(weight - rng.choice((0.5, 1.0, 1.5)), 1)
        if i % SCORE_OVER == 6 and n == 0:
            score = weight + 1  # above its weight: quarantined
        level1 = ("产出指标", "效益指标", "满意度指标")[n % 3]
        indicators.append(Indicator(level1, f"二级指标{n % 4}", f"三级指标{n}", f"完成第{n}项任务", "100%",
                                    "100%", weight, score, None, None, 7))
    execution = round(rng.uniform(7, 10), 1)
    total = round(sum(r.score for r in indicators) + execution, 1)
    facts = [_fact("score_total", total, "point", 7), _fact("score_budget_execution", execution, "point", 7),
             _fact("weight_budget_execution", 10.0, "point", 7)]
    return facts, indicators


def extraction(seed: int, i: int, first_new: int = 0) -> Extraction:
    """Document i of the corpus of this seed."""
    rng = random.Random(f"{seed}-{i}")
    slot = report_slot(i, first_new)
    version = 0 if slot == i else 1 + (i >= first_new > 0)
    score_facts, indicators = _scores(rng, i)
    facts = (*_budget(rng, i), *_work(rng), *score_facts)
    return Extraction(source=f"scale/{i:07d}.pdf", sha256=document_id(seed, i), format="pdf", pages=8,
                      document=_info(slot, version), facts=facts, indicators=tuple(indicators))


def corpus(seed: int, start: int, stop: int, first_new: int = 0) -> Iterator[Extraction]:
    """Documents start..stop-1; with first_new, those from first_new on form a batch grown onto the
    documents before it (some republish reports landed earlier)."""
    for i in range(start, stop):
        yield extraction(seed, i, first_new)
