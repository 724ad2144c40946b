"""The raw/<district>/<year>/ convention as a fallback: a document that names no district or year
takes them from its folder, and says so (district_source / fiscal_year_source = 'path'). Used by
the pipeline only: `zhengchai extract FILE` reports what the text says."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from zhengchai.extract.gazetteer import divisions
from zhengchai.extract.model import Extraction, Problem


@dataclass(frozen=True)
class PathHints:
    district: str | None = None
    district_code: str | None = None
    province: str | None = None
    city: str | None = None
    fiscal_year: int | None = None


def path_hints(relative_path: str) -> PathHints:
    """District and year from the folders of a path under raw/ (<district>/<year>/file), each
    only when it is what it claims: a district of the gazetteer (or its alias), a year 2000–2099."""
    folders = PurePath(relative_path).parts[:-1]
    known = {}
    for d in divisions():
        known.setdefault(d.district, d)
        if d.short_name:
            known.setdefault(d.short_name, d)
    place = next((known[p] for p in folders if p in known), None)
    year = next((int(p) for p in folders if re.fullmatch(r"20\d\d", p)), None)
    if place is None:
        return PathHints(fiscal_year=year)
    return PathHints(place.district, place.code, place.province, place.city, year)


FILLED_BY_PATH = {"no_fiscal_year", "no_district"}


def with_path_fallback(x: Extraction, relative_path: str) -> Extraction:
    """The extraction with a missing district or year taken from the path, marked as such."""
    doc, hints = x.document, path_hints(relative_path)
    changes: dict = {}
    if doc.district is None and hints.district:
        changes.update(district=hints.district, district_code=hints.district_code, district_source="path",
                       province=doc.province or hints.province, city=doc.city or hints.city)
    if doc.fiscal_year is None and hints.fiscal_year:
        changes.update(fiscal_year=hints.fiscal_year, fiscal_year_source="path")
    if not changes or any(p.code in ("not_a_report",) for p in x.problems):
        return x
    filled = {"no_district"} if "district" in changes else set()
    filled |= {"no_fiscal_year"} if "fiscal_year" in changes else set()
    problems = tuple(p for p in x.problems if p.code not in filled)
    problems += (Problem("warning", "identified_from_path",
                         "the text names no " + " or ".join(sorted(k for k in ("district", "fiscal_year") if k in changes))
                         + f"; taken from the folder {PurePath(relative_path).parent}"),)
    return replace(x, document=replace(doc, **changes), problems=problems)


__all__ = ["PathHints", "path_hints", "with_path_fallback"]
