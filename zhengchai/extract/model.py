"""The things extraction produces: facts, indicators, problems and the document fields.

Their dict form is the JSON contract of SPEC.md section 2.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from zhengchai.read.model import Problem

__all__ = ["DocumentInfo", "Extraction", "Fact", "Indicator", "Problem"]


@dataclass(frozen=True)
class Fact:
    measure: str
    value: float
    unit: str
    scope: str | None
    qualifier: str | None
    raw: str
    page: int | None
    text: str
    # high: the figure's own label names the measure and its stance is stated; low: a rule guessed
    # (the measure or stance came from the wider sentence, a heading or a list) — the reason says which
    confidence: str | None = None
    confidence_reason: str | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        if float(self.value).is_integer() and abs(self.value) < 2**53:
            d["value"] = int(self.value)
        return d


@dataclass(frozen=True)
class Indicator:
    level1: str | None
    level2: str | None
    level3: str | None
    content: str | None
    target: str | None
    actual: str | None
    weight: float | None
    score: float | None
    reason: str | None
    improvement: str | None
    page: int | None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DocumentInfo:
    province: str | None = None
    city: str | None = None
    district: str | None = None
    district_code: str | None = None
    department: str | None = None
    department_kind: str | None = None
    fiscal_year: int | None = None
    doc_type: str | None = None
    report_date: str | None = None
    district_source: str | None = None  # 'text' | 'path' (the raw/<district>/<year>/ folder)
    fiscal_year_source: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Extraction:
    source: str
    sha256: str
    format: str
    pages: int | None
    document: DocumentInfo
    facts: tuple[Fact, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "document": self.document.as_dict(),
            "facts": [f.as_dict() for f in self.facts],
            "indicators": [i.as_dict() for i in self.indicators],
            "problems": [p.as_dict() for p in self.problems],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Extraction:
        info = DocumentInfo(**{k: v for k, v in (d.get("document") or {}).items()
                               if k in DocumentInfo.__dataclass_fields__})
        return cls(
            source=d["source"], sha256=d["sha256"], format=d["format"], pages=d.get("pages"),
            document=info,
            facts=tuple(Fact(**f) for f in d.get("facts", [])),
            indicators=tuple(Indicator(**i) for i in d.get("indicators", [])),
            problems=tuple(Problem(**p) for p in d.get("problems", [])),
        )
