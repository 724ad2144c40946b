"""The measure vocabulary of SPEC.md section 3: names, canonical units, families.

One file holds it, zhengchai/data/measures.csv (name, unit, family, label), read here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Measure:
    name: str
    unit: str  # canonical unit: yuan, m2, household, unit, person, building, project, percent, point
    family: str  # which warehouse fact it feeds: budget, households, area, score, other
    label: str  # a short Chinese label for people


def _load() -> tuple[Measure, ...]:
    text = resources.files("zhengchai").joinpath("data/measures.csv").read_text(encoding="utf-8")
    return tuple(Measure(r["name"], r["unit"], r["family"], r["label"]) for r in csv.DictReader(text.splitlines()))


MEASURES: tuple[Measure, ...] = _load()

BY_NAME: dict[str, Measure] = {m.name: m for m in MEASURES}


def unit_of(measure: str) -> str:
    return BY_NAME[measure].unit
