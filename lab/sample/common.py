"""What the two document builders share: the document spec, the build result, names, dates."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from .docmodel import Composer, DocModel
from .printed import Fmt, cn_date
from .world import Department, District, World, Year

NARRATIVE = "narrative_report"
SELFEVAL = "selfeval_table"

# The rules of SPEC.md section 5 a document may break on purpose, with what they need.
RULES = ("expenditure_identity", "funds_identity", "score_sum", "score_within_weight", "weight_sum",
         "signed_within_target", "target_lost_wan")


@dataclass
class DocSpec:
    district: District
    dept: Department
    year: int
    doc_type: str
    fmt: str
    stem: str
    planted: str | None = None
    revision: int = 1  # 2: a republished, corrected version
    supersedes: str | None = None  # file name of the version this one replaces
    superseded_by: str | None = None
    twin: bool = False  # the district-year also has the other family

    @property
    def file_name(self) -> str:
        return f"{self.stem}.{self.fmt}"

    @property
    def rel_path(self) -> str:
        return f"{self.district.name}/{self.year}/{self.file_name}"


@dataclass
class Built:
    model: DocModel
    composer: Composer
    indicators: list[dict] = field(default_factory=list)
    report_date: dt.date | None = None
    variant: dict = field(default_factory=dict)  # the layout and phrasing choices made


@dataclass
class Ctx:
    """Everything a builder needs for one document."""

    spec: DocSpec
    world: World
    rng: random.Random
    fm: Fmt
    c: Composer
    y: Year
    prev: Year
    prng: random.Random  # draws that only a planted violation makes, so a corrected
    #                      republication keeps the same wording as the original

    @property
    def fy(self) -> int:
        return self.spec.year

    @property
    def dept(self) -> Department:
        return self.spec.dept

    @property
    def dist(self) -> District:
        return self.spec.district

    @property
    def level(self) -> str:
        return self.dist.level


def report_date_for(rng: random.Random, fy: int, revision: int) -> dt.date:
    """Reports are signed in the spring after the fiscal year; a republished one later."""
    if revision > 1:
        return dt.date(fy + 1, rng.randint(7, 11), rng.randint(1, 28))
    return dt.date(fy + 1, rng.randint(2, 5), rng.randint(1, 28))


def date_text(rng: random.Random, d: dt.date) -> str:
    r = rng.random()
    if r < 0.25:
        return cn_date(d.year, d.month, d.day)
    if r < 0.35:
        return f"{d.year}.{d.month}.{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


def new_fmt(rng: random.Random, spacey: bool) -> Fmt:
    return Fmt(rng, thousands=rng.choice([0.0, 0.0, 0.3, 0.8]), space=0.5 if spacey else 0.0,
               pct=rng.choice(["%", "%", "％"]), trim=rng.random() < 0.3)


def timestamp(d: dt.date | None, fy: int) -> str:
    d = d or dt.date(fy + 1, 4, 1)
    return f"{d.isoformat()}T09:00:00Z"
