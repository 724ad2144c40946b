"""The gazetteer: every county-level division of the country and the names a text may call it by
(岳阳楼区, 岳阳楼, 增城市 for a district once a county-level city), and the province of each city."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Division:
    code: str
    province: str
    city: str
    district: str
    kind: str
    short_name: str | None


@cache
def divisions() -> tuple[Division, ...]:
    """The gazetteer: the reference list shared with dbt (dbt_project/seeds links to the same file),
    with its aliases (酉阳县), then every other county-level division of the country."""
    data = resources.files("zhengchai").joinpath("data")
    own = tuple(Division(code=row["code"], province=row["province"], city=row["city"], district=row["district"],
                         kind=row["kind"], short_name=row["alias"] or None)
                for row in csv.DictReader(data.joinpath("administrative_divisions.csv").read_text(
                    encoding="utf-8").splitlines()))
    known = {d.code for d in own}
    national = tuple(Division(code=row["code"], province=row["province"], city=row["city"] or None,
                              district=row["district"], kind=row["kind"], short_name=None)
                     for row in csv.DictReader(data.joinpath("counties.csv").read_text(encoding="utf-8").splitlines())
                     if row["code"] not in known)
    return own + national


# names that are words as well as districts (城区, 郊区, 和县): a district only after its city's name
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "市中区", "东区", "西区", "新区", "新城区", "老城区", "城中区",
                           "中区", "市辖区"})


@cache
def district_names() -> dict[str, Division]:
    names: dict[str, Division] = {}
    for d in divisions():
        names.setdefault(d.district, d)
        if d.short_name:
            names.setdefault(d.short_name, d)
    return names


@cache
def district_pattern() -> re.Pattern:
    alternatives = sorted(district_names(), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(n) for n in alternatives) + ")(?!域)")


def short_of(district: str) -> str:
    """岳阳楼 of 岳阳楼区, 酉阳 of 酉阳土家族苗族自治县."""
    if district.endswith("自治县"):
        return district[:2]
    return re.sub(r"(?:区|县|市|旗)$", "", district)


@cache
def short_names() -> dict[str, Division]:
    cities = {re.sub(r"市$", "", c) for c in provinces_of_cities()}
    out: dict[str, Division] = {}
    for d in divisions():
        short = short_of(d.district)
        if len(short) >= 2 and short not in cities:
            out.setdefault(short, d)
    return out


@cache
def provinces_of_cities() -> dict[str, str]:
    """Every prefecture-level city with its province: the city table, then the cities of the
    national county list (伊春市 is a city, never a district once a county-level city)."""
    text = resources.files("zhengchai").joinpath("data/cities.csv").read_text(encoding="utf-8")
    out = {row["city"]: row["province"] for row in csv.DictReader(text.splitlines())}
    for d in divisions():
        if d.city:
            out.setdefault(d.city, d.province)
    return out


@dataclass(frozen=True)
class Place:
    province: str | None
    city: str | None
    district: str | None
    code: str | None
