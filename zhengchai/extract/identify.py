"""Who published a report, for which year, and what kind it is — from its text, never its path.
Each decision has its module: gazetteer.py (the district list), places.py (which district),
departments.py (which agency; bodies.py for other bodies doing the work), dates.py (report date,
fiscal year). This module is the extractor's entry to them."""

from __future__ import annotations

import re

from zhengchai.extract.dates import find_fiscal_year, find_report_date
from zhengchai.extract.departments import department_kind, find_department
from zhengchai.extract.gazetteer import Place, divisions
from zhengchai.extract.numbers import normalize
from zhengchai.extract.places import find_place


def head_of(text: str, lines: int = 6) -> str:
    """The title block: the first few non-empty lines."""
    out = [normalize(x).strip() for x in text.split("\n") if x.strip()]
    return "\n".join(out[:lines])


REPORT_WORDS = re.compile(r"绩效|自评|预算|决算|支出|征收|征地|拆迁|指标|征拆|征迁|棚改|签约|腾空")


def looks_like_report(text: str) -> bool:
    return len(REPORT_WORDS.findall(text)) >= 3


__all__ = ["Place", "department_kind", "divisions", "find_department", "find_fiscal_year", "find_place",
           "find_report_date", "head_of", "looks_like_report"]
