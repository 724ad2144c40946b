"""The district a text is about: the one its title block names, else the one its body names most;
failing the gazetteer, a functional zone, a local medium's label, or an agency's name."""

from __future__ import annotations

import re
from collections import Counter

from zhengchai.extract.departments import CN, agency_names
from zhengchai.extract.gazetteer import (
    GENERIC_NAMES,
    Place,
    district_names,
    district_pattern,
    divisions,
    provinces_of_cities,
    short_names,
)

CITY_AND_DISTRICT = re.compile(
    rf"(?P<province>[{CN}]{{2,7}}?(?:省|自治区))?(?P<city>[{CN}]{{2,12}}?(?:市|自治州|地区|盟))"
    rf"(?P<district>[{CN}]{{1,10}}?(?:自治县|区|县|市|旗))(?!人民政府办公|政府办)")
DISTRICT_ONLY = re.compile(rf"^([{CN}]{{2,10}}?(?:自治县|区|县|旗))")

ZONE = re.compile(r"(?<![\u4e00-\u9fa5])?(高新区|经开区|高新技术产业开发区|经济技术开发区|经济开发区)")
MEDIA_LABEL = r"(?:新闻|手机报|日报|发布|融媒|电视台|在线)"
SELF_REFERENCE = {"区": r"我区|全区|本区", "县": r"我县|全县|本县", "市": r"我市|全市|本市"}


def _mentions(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of every district the gazetteer knows, as printed (增城市 for a district
    once a county-level city), leaving names that are also words unless their city precedes them."""
    out = []
    for m in district_pattern().finditer(text):
        name = m.group(0)
        d = district_names()[name]
        if name in GENERIC_NAMES or (len(name) == 2 and _inside_words(text, m.start())):
            city = (d.city or "")
            if not city or not text[max(0, m.start() - len(city)):m.start()].endswith((city, city[:-1])):
                continue
        out.append((name, m.start(), m.end()))
    taken = {s for _, s, _ in out}
    for short, d in short_names().items():
        # a plain substring test first: thousands of patterns overflow re's cache of compiled ones
        if d.kind != "区" or short + "市" not in text:
            continue
        for m in re.finditer(re.escape(short) + r"市(?![区县])", text):
            if m.start() not in taken and m.group(0) not in provinces_of_cities():
                out.append((m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def _inside_words(text: str, start: int) -> bool:
    """A two-character name (冠县, 和县) right after another Chinese character may be part of a
    phrase (各区和县); at the start of a line or after punctuation it is a name (冠县城市房屋…)."""
    return start > 0 and bool(re.match(rf"[{CN}]", text[start - 1]))


def _listed(text: str, start: int, end: int) -> bool:
    after = text[end:end + 12]
    return text[max(0, start - 1):start] == "、" or bool(re.match(r"^(?:[(（][^)）]{0,8}[)）])?、", after))


def _place_of(name: str, text: str) -> Place:
    d = district_names().get(name)
    if d is None:  # 增城市 as printed: the district it became
        d = short_names()[re.sub(r"市$", "", name)]
        return Place(d.province, d.city, name, None)
    same = [x for x in divisions() if x.district == d.district and x.city and x.city[:2] in text]
    d = same[0] if same else d
    return Place(d.province, d.city, d.district, d.code)


def find_place(head: str, body: str) -> Place:
    """The district the text is about: the one its title block names, else the one the body names
    most — none when it is about several (a title listing districts, or three or more named evenly).
    Failing the gazetteer: a functional zone (高新区), a district short name in the label of a local
    medium (岳阳楼手机报) in a text that says 我区, or an agency's name."""
    titles = "\n".join(x for x in head.split("\n") if len(x) <= 80)
    named = {n for n, _, _ in _mentions(titles)} | {m.group(1) for m in ZONE.finditer(titles)}
    if len(named) >= 2 and any(_listed(titles, s, e) for _, s, e in _mentions(titles)):
        return Place(None, None, None, None)  # a bulletin about several districts
    heads = [x for x in _mentions(titles) if not _listed(titles, x[1], x[2])]
    if heads:
        return _place_of(heads[0][0], head + body)
    mentions = _mentions(body)
    named = Counter(n for n, _, _ in mentions).most_common()
    if len(named) >= 3 and named[0][1] <= 2 * named[1][1]:
        return Place(None, None, None, None)  # about several districts, none above the others
    counts = Counter(n for n, s, e in mentions if not _listed(body, s, e))
    if counts:
        top = counts.most_common()
        return _place_of(top[0][0], head + body)
    text = head + "\n" + body
    zones = [m for m in ZONE.finditer(text) if not _listed(text, m.start(), m.end())]
    if zones:
        return Place(None, None, zones[0].group(1), None)
    for m in re.finditer(rf"([{CN}]{{2,4}}?){MEDIA_LABEL}", text):
        for k in range(len(m.group(1)) - 1):
            d = short_names().get(m.group(1)[k:])
            kind = d.district[-1] if d else ""
            if d and re.search(SELF_REFERENCE.get(kind, "^$"), text):
                return Place(d.province, d.city, d.district, d.code)
    return _unknown_place(head, body)


def _province(city: str | None, text: str) -> str | None:
    """The province of a city outside the district gazetteer: a table of cities, else the text."""
    if not city:
        return None
    if city in provinces_of_cities():
        return provinces_of_cities()[city]
    m = re.search(rf"([{CN}]{{2,8}}?(?:省|自治区)){re.escape(city)}", text)
    return m.group(1) if m else None


def _trim_city(city: str) -> str:
    """A city name as matched may carry words before it (…自评报告南京市): keep the name."""
    known = [c for c in provinces_of_cities() if city.endswith(c)]
    if known:
        return max(known, key=len)
    m = re.search(rf"([{CN}]{{2,9}}自治州|[{CN}]{{2,4}}地区|[{CN}]{{2,3}}盟|[{CN}]{{2,3}}市)$", city)
    return m.group(1) if m else city


def _unknown_place(head: str, body: str) -> Place:
    """A district outside the gazetteer still counts: read it, and its city, from the agency's
    name — 永州市冷水滩区…, 湘西土家族苗族自治州吉首市…, or 某某区… in the title."""
    names = agency_names(head + "\n" + body[:5000])
    for name in names:
        m = CITY_AND_DISTRICT.match(name)
        if m:
            city = _trim_city(m.group("city"))
            return Place(m.group("province") or _province(city, body), city, m.group("district"), None)
    for name in names:
        m = DISTRICT_ONLY.match(name)
        if m and not m.group(1).endswith(("市区", "城区")):
            district = m.group(1)
            # the city may be named elsewhere: 某某市{district}
            found = re.search(rf"([{CN}]{{2,10}}?(?:市|自治州|州|地区|盟)){re.escape(district)}", body)
            city = _trim_city(found.group(1)) if found else None
            return Place(_province(city, body), city, district, None)
    for name in names:
        # 义乌市土地房屋征迁服务中心: a 市 that is no prefecture-level city is a county-level one
        m = re.match(rf"([{CN}]{{2,4}}?市)(?![{CN}]{{1,10}}?(?:区|县))", name)
        if m and m.group(1) not in provinces_of_cities():
            return Place(None, None, m.group(1), None)
    return Place(None, None, None, None)
