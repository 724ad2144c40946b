"""Who published a report, for which year, and what kind it is — from its text, never its path."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhengchai.extract.numbers import CN_YEAR, cn_to_int, cn_year, normalize


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
    """The gazetteer, shared with dbt (dbt_project/seeds links to the same file)."""
    text = resources.files("zhengchai").joinpath("data/administrative_divisions.csv").read_text(encoding="utf-8")
    return tuple(Division(code=row["code"], province=row["province"], city=row["city"], district=row["district"],
                          kind=row["kind"], short_name=row["alias"] or None)
                 for row in csv.DictReader(text.splitlines()))


@cache
def _names() -> dict[str, Division]:
    names: dict[str, Division] = {}
    for d in divisions():
        names.setdefault(d.district, d)
        if d.short_name:
            names.setdefault(d.short_name, d)
    return names


@cache
def _name_pattern() -> re.Pattern:
    alternatives = sorted(_names(), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in alternatives))


AGENCY_WORDS = r"(?:征收|征地|拆迁|征拆|征迁|土地|棚改|房屋|旧城改造|旧改)"
AGENCY_ENDS = (r"(?:事务中心|服务中心|征收中心|储备中心|管理中心|办公室|中心(?!主任)|管理局|局(?!长)|指挥部|工程处|"
               r"服务所|事务所|管理所|办(?!公|事|理|法|中心|所|处))")  # 经办中心 is one name
CN = r"\u4e00-\u9fa5"
DEPARTMENT = re.compile(
    rf"((?:[{CN}]{{2,4}}省)?(?:[{CN}]{{2,5}}市)?(?:[{CN}]{{1,12}}?(?:自治县|区|县|市))?(?:人民政府)?"
    rf"[{CN}]{{0,14}}?{AGENCY_WORDS}[{CN}]{{0,14}}?{AGENCY_ENDS})(?![{CN}]{{0,2}}(?:牌子|工作方案|制度|细则|办法))"
)
SHORT_DECLARED = re.compile(r"[（(]\s*以下简称\s*[“\"]?([^”\")）]{2,16})[”\"]?\s*[）)]")
HUNG_NAME = re.compile(rf"[（(]\s*(?:加)?挂\s*([{CN}]{{4,40}}?)\s*(?:的)?牌子?")
CITY_AND_DISTRICT = re.compile(
    rf"(?P<province>[{CN}]{{2,7}}?(?:省|自治区))?(?P<city>[{CN}]{{2,12}}?(?:市|自治州|地区|盟))"
    rf"(?P<district>[{CN}]{{1,10}}?(?:自治县|区|县|市|旗))(?!人民政府办公|政府办)")
DISTRICT_ONLY = re.compile(rf"^([{CN}]{{2,10}}?(?:自治县|区|县|旗))")
HOUSE_WORDS = re.compile(r"房屋征收|征收和补偿|征收办|征收与补偿|房屋征收中心|棚改|旧城改造|旧改")
LAND_WORDS = re.compile(r"征地|土地征收|征拆|征迁|土地储备|集体土地")


@dataclass(frozen=True)
class Place:
    province: str | None
    city: str | None
    district: str | None
    code: str | None


def find_place(head: str, body: str) -> Place:
    """The district: first one named in the title block, else the most named in the body."""
    pattern = _name_pattern()
    for text in (head, body):
        hits = [m.group(0) for m in pattern.finditer(text)]
        if hits:
            name = hits[0] if text is head else Counter(hits).most_common(1)[0][0]
            d = _names()[name]
            return Place(d.province, d.city, d.district, d.code)
    return _unknown_place(head, body)


@cache
def provinces_of_cities() -> dict[str, str]:
    text = resources.files("zhengchai").joinpath("data/cities.csv").read_text(encoding="utf-8")
    return {row["city"]: row["province"] for row in csv.DictReader(text.splitlines())}


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
    names = [m.group(1) for m in DEPARTMENT.finditer(head + "\n" + body[:5000])]
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


def _clean_department(name: str) -> str:
    name = re.sub(r"[（(]挂[^）)]*牌子?[）)]", "", name)
    return re.sub(r"^(?:关于|根据|按照|经|由|对|向|与|和|及|是|为|在)", "", name)


def find_department(head: str, body: str, place: Place) -> tuple[str | None, str | None]:
    """(canonical department name, department kind). Canonical: city + district + the agency's
    own name, whatever short form the report uses."""
    text = head + "\n" + body
    candidates = [_clean_department(m.group(1)) for m in DEPARTMENT.finditer(text)]
    district = place.district
    if district:
        short = next((d.short_name for d in divisions() if d.district == district and d.short_name), None)
        own = [c for c in candidates if district in c or (short and short in c)]
        if short:
            own = [c.replace(short, district) if district not in c else c for c in own]
    else:
        own = [c for c in candidates if not c.startswith(("市", "省"))]
    if not own:
        # only a short form such as 区征收办 / 县征地办
        bare = [c for c in candidates if re.match(r"^[区县市]", c)]
        if district and bare:
            own = [district + bare[0][1:]]
    if not own:
        return None, None
    # the agency's own name: what follows the district (and 人民政府) in each candidate
    def core(name: str) -> str:
        return name.split(district, 1)[1] if district and district in name else name

    # a body with two names (…储备中心（挂…土地房屋征收中心牌子）): the relocation name is the one we want
    hung = [c for m in HUNG_NAME.finditer(text) if district and district in (c := m.group(1))
            and re.search(r"征收|征地|拆迁", c) and not RELOCATION.search(_name_before(text, m.start()))]
    if hung:
        own = hung
    declared = {m.group(1).strip() for m in SHORT_DECLARED.finditer(text)}
    cores = Counter(core(c) for c in own if c not in declared and len(core(c)) >= 2)
    if not cores:  # only the short form is ever used
        cores = Counter(core(c) for c in own if len(core(c)) >= 2)
    if not cores:
        return None, None
    # the name in the title block wins; else the most complete form (short forms are shorter)
    title = "\n".join(head.split("\n")[:4])
    in_title = [k for k in cores if k in title] or list(cores)
    # the fullest form of that name: 征地办公室 in the title, 人民政府征地办公室 in the body
    fuller = [k for k in cores if any(k.endswith(t) for t in in_title)]
    best = max(fuller, key=lambda k: (len(k), cores[k]))
    prefix = ""
    if place.city and place.city != district and place.city != place.province:
        prefix = place.city
    elif place.city and place.province and place.city == place.province:
        prefix = place.city  # 重庆市酉阳…: the municipality is the city
    name = f"{prefix}{district}{best}" if district else best
    return name, department_kind(name)


RELOCATION = re.compile(r"征收|征地|拆迁|征拆|征迁")


def _name_before(text: str, end: int) -> str:
    """The agency name that ends where a （挂…牌子） remark starts."""
    window = text[max(0, end - 60):end]
    names = [m.group(1) for m in DEPARTMENT.finditer(window) if m.end() == len(window)]
    return names[-1] if names else ""


def department_kind(name: str) -> str | None:
    if LAND_WORDS.search(name):
        return "land_acquisition"
    if HOUSE_WORDS.search(name) or "征收" in name:
        return "house_expropriation"
    if "土地" in name or "拆迁" in name:
        return "land_acquisition"
    return None


TITLE_YEAR = re.compile(r"(20[0-4]\d|19[89]\d)\s*(?:年度|年)?\s*(?:部门|单位|整体|绩效|支出|决算|项目|自评|[)）])")
CN_TITLE_YEAR = re.compile(r"([二][〇零○O0一二三四五六七八九]{2,3})\s*年\s*(?:度)?\s*(?:部门|单位|整体|绩效|支出|决算|项目|自评)")
YEAR_FIELD = re.compile(r"(?:^|\n|\s)(?:年度|所属年度|评价年度|预算年度)\s*[：:]\s*(20[0-4]\d)")  # a form's 年度：2017
PAREN_YEAR = re.compile(r"[（(]\s*(20[0-4]\d)\s*(?:年度|年)?\s*[)）]")
DATE = re.compile(r"(20[0-4]\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
CN_DATE = re.compile(r"([二][〇零○O0一二三四五六七八九]{2,3})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*"
                     r"([一二三四五六七八九十]{1,3})\s*日")
FUSED_DATE = re.compile(r"(?:公开时间|发布时间|日期|时间)\s*[:：]?\s*(20[0-4]\d)(\d{1,2})(\d{2})(?!\d)")


def find_fiscal_year(head: str, body: str, report_date: str | None) -> int | None:
    """Title first (2021年度…, （2018年度）, 2018绩效…), then the body's own year, then the
    signature date, which falls in the following year."""
    for pattern in (PAREN_YEAR, TITLE_YEAR, YEAR_FIELD):
        m = pattern.search(head)
        if m:
            return int(m.group(1))
    m = CN_TITLE_YEAR.search(head)
    if m and (y := cn_year(m.group(1))):
        return y
    counts = Counter(int(m.group(1)) for m in re.finditer(r"(20[0-4]\d)\s*年(?:度)?(?![\d]*月)", body))
    counts.update(y for m in CN_YEAR.finditer(body) if (y := cn_year(m.group(1))))
    if report_date:
        # a self-evaluation is signed after its year ends: the year before the signature,
        # unless it was signed late in the year it describes
        signed, month = int(report_date[:4]), int(report_date[5:7])
        if month >= 10 and counts.get(signed, 0) > counts.get(signed - 1, 0):
            return signed
        return signed - 1
    if counts:
        return counts.most_common(1)[0][0]
    return None


def find_report_date(text: str) -> str | None:
    """The signature or publication date: the last full date near the end or after 日期."""
    tail = text[-400:]
    for pattern in (re.compile(r"(?:报告|填报|公开|发布)?日\s*期\s*[:：]?\s*" + DATE.pattern), DATE):
        hits = list(pattern.finditer(tail))
        if hits:
            y, mo, d = (int(x) for x in hits[-1].groups()[-3:])
            return _iso(y, mo, d)
    hits = list(CN_DATE.finditer(tail))
    if hits:
        y = cn_year(hits[-1].group(1))
        mo, d = cn_to_int(hits[-1].group(2)), cn_to_int(hits[-1].group(3))
        if y and mo and d:
            return _iso(y, mo, d)
    m = FUSED_DATE.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _iso(y: int, mo: int, d: int) -> str | None:
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def head_of(text: str, lines: int = 6) -> str:
    """The title block: the first few non-empty lines."""
    out = [normalize(x).strip() for x in text.split("\n") if x.strip()]
    return "\n".join(out[:lines])


REPORT_WORDS = re.compile(r"绩效|自评|预算|决算|支出|征收|征地|拆迁|指标|征拆|征迁|棚改|签约|腾空")


def looks_like_report(text: str) -> bool:
    return len(REPORT_WORDS.findall(text)) >= 3


__all__ = ["Place", "find_department", "find_fiscal_year", "find_place", "find_report_date",
           "head_of", "looks_like_report"]
