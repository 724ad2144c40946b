"""Who published a report, for which year, and what kind it is — from its text, never its path."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zhengchai.extract.bodies import other_body, strip_lead_in
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


@cache
def _reference_codes() -> frozenset[str]:
    """The districts of the reference list (administrative_divisions.csv), whose agencies are named
    canonically (city + district + agency); others are named as printed."""
    text = resources.files("zhengchai").joinpath("data/administrative_divisions.csv").read_text(encoding="utf-8")
    return frozenset(row["code"] for row in csv.DictReader(text.splitlines()))


# names that are words as well as districts (城区, 郊区, 和县): a district only after its city's name
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "市中区", "东区", "西区", "新区", "新城区", "老城区", "城中区",
                           "中区", "市辖区"})


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
    return re.compile("(?:" + "|".join(re.escape(n) for n in alternatives) + ")(?!域)")


def short_of(district: str) -> str:
    """岳阳楼 of 岳阳楼区, 酉阳 of 酉阳土家族苗族自治县."""
    if district.endswith("自治县"):
        return district[:2]
    return re.sub(r"(?:区|县|市|旗)$", "", district)


@cache
def _shorts() -> dict[str, Division]:
    cities = {re.sub(r"市$", "", c) for c in provinces_of_cities()}
    out: dict[str, Division] = {}
    for d in divisions():
        short = short_of(d.district)
        if len(short) >= 2 and short not in cities:
            out.setdefault(short, d)
    return out


AGENCY_WORDS = r"(?:征收|征地|拆迁|征拆|征迁|土地|棚改|房屋|旧城改造|旧改)"
AGENCY_ENDS = (r"(?:事务中心|服务中心|征收中心|储备中心|管理中心|办公室|中心(?!主任)|管理局|局(?!长)|指挥部|工程处|"
               r"服务所|事务所|管理所|办(?!公|事|理|法|中心|所|处))")  # 经办中心 is one name
CN = r"\u4e00-\u9fa5"
DEPARTMENT = re.compile(
    rf"((?:[{CN}]{{2,4}}省)?(?:(?:[{CN}]{{2,5}}|[xX×]{{2}}|某某)市)?(?:[{CN}]{{1,12}}?(?:自治县|区|县|市))?(?:人民政府)?"
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


ZONE = re.compile(r"(?<![\u4e00-\u9fa5])?(高新区|经开区|高新技术产业开发区|经济技术开发区|经济开发区)")
MEDIA_LABEL = r"(?:新闻|手机报|日报|发布|融媒|电视台|在线)"
SELF_REFERENCE = {"区": r"我区|全区|本区", "县": r"我县|全县|本县", "市": r"我市|全市|本市"}


def _mentions(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of every district the gazetteer knows, as printed (增城市 for a district
    once a county-level city), leaving names that are also words unless their city precedes them."""
    out = []
    for m in _name_pattern().finditer(text):
        name = m.group(0)
        d = _names()[name]
        if name in GENERIC_NAMES or len(name) == 2:
            city = (d.city or "")
            if not city or not text[max(0, m.start() - len(city)):m.start()].endswith((city, city[:-1])):
                continue
        out.append((name, m.start(), m.end()))
    taken = {s for _, s, _ in out}
    for short, d in _shorts().items():
        # a plain substring test first: thousands of patterns overflow re's cache of compiled ones
        if d.kind != "区" or short + "市" not in text:
            continue
        for m in re.finditer(re.escape(short) + r"市(?![区县])", text):
            if m.start() not in taken and m.group(0) not in provinces_of_cities():
                out.append((m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda x: x[1])


def _listed(text: str, start: int, end: int) -> bool:
    after = text[end:end + 12]
    return text[max(0, start - 1):start] == "、" or bool(re.match(r"^(?:[(（][^)）]{0,8}[)）])?、", after))


def _place_of(name: str, text: str) -> Place:
    d = _names().get(name)
    if d is None:  # 增城市 as printed: the district it became
        d = _shorts()[re.sub(r"市$", "", name)]
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
            d = _shorts().get(m.group(1)[k:])
            kind = d.district[-1] if d else ""
            if d and re.search(SELF_REFERENCE.get(kind, "^$"), text):
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


def agency_names(text: str) -> list[str]:
    """Every relocation agency the text names, as printed, without the words glued before it
    (现将区征收办 → 区征收办) and without firms hired for the work (…事务所作为…代理公司)."""
    found = [(strip_lead_in(_clean_department(m.group(1))), m.end()) for m in DEPARTMENT.finditer(text)]
    firms = {n for n, end in found if re.search(r"公司", text[end:end + 16])}
    return [n for n, _ in found if not any(f.endswith(n) or n.endswith(f) for f in firms)
            and not NOT_A_NAME.search(n)]


NOT_A_NAME = re.compile(r"工作(?!办公室|办|站|处|委员会)|情况|完成|督查|通报|进展")


def _clean_department(name: str) -> str:
    name = re.sub(r"[（(]挂[^）)]*牌子?[）)]", "", name)
    return re.sub(r"^(?:关于|根据|按照|经|由|对|向|与|和|及|是|为|在)", "", name)


def find_department(head: str, body: str, place: Place) -> tuple[str | None, str | None]:
    """(department as the text names it, department kind): the relocation agency — its fullest
    printed form, short forms (区征收办) kept as printed —, else another body doing the work."""
    text = _placeholders(head + "\n" + body)
    name = _agency(head, text, place)
    if name is None:
        name = other_body(_placeholders(body), place.district)
    return name, department_kind(name) if name else "other"


def _placeholders(text: str) -> str:
    return re.sub(r"([xX×]{2}|某某)\s+(?=[县市区])", r"\1", text)  # XX 县国土资源局


def _agency(head: str, text: str, place: Place) -> str | None:
    candidates = agency_names(text)
    district = place.district
    short = next((d.short_name for d in divisions() if d.district == district and d.short_name), None) \
        if district else None
    own = [c.replace(short, district) if short and district not in c else c
           for c in candidates if district and (district in c or (short and short in c))] or candidates
    # a body with two names (…储备中心（挂…土地房屋征收中心牌子）): the relocation name is the one we want
    hung = [c for m in HUNG_NAME.finditer(text) if district and district in (c := m.group(1))
            and re.search(r"征收|征地|拆迁", c) and not RELOCATION.search(_name_before(text, m.start()))]
    own = hung or own
    declared = {m.group(1).strip() for m in SHORT_DECLARED.finditer(text)}
    own = [c for c in own if c not in declared] or own
    if not own:
        return None

    def core(name: str) -> str:
        return name.split(district, 1)[1] if district and district in name else re.sub(r"^[区县市]", "", name)

    cores = Counter(core(c) for c in own if len(core(c)) >= 2)
    if not cores:
        return None
    title = "\n".join(head.split("\n")[:4])
    in_title = [k for k in cores if k in title] or list(cores)
    fuller = [k for k in cores if any(k.endswith(t) for t in in_title)]
    best = max(fuller, key=lambda k: (len(k), cores[k]))
    name = max((c for c in own if core(c) == best), key=len)
    if district and name.startswith(district) and place.city and place.city != district \
            and place.code in _reference_codes():
        name = place.city + name  # a district of the reference list: its canonical name, city first
    return name


RELOCATION = re.compile(r"征收|征地|拆迁|征拆|征迁")


def _name_before(text: str, end: int) -> str:
    """The agency name that ends where a （挂…牌子） remark starts."""
    window = text[max(0, end - 60):end]
    names = [m.group(1) for m in DEPARTMENT.finditer(window) if m.end() == len(window)]
    return names[-1] if names else ""


KIND_RULES: tuple[tuple[str, re.Pattern], ...] = (
    ("other", re.compile(r"储备|收储|指挥部|房管|住建|自然资源|国土|人民政府(?:[(（].*[)）])?$|街道$|镇$|乡$|重大办|重点办|规划")),
    ("house_expropriation", re.compile(r"土地(?:和)?房屋(?:拆迁)?征收|房屋征收|征收和补偿|征收与补偿|征收办|棚改|旧城改造|旧改")),
    ("land_acquisition", re.compile(r"征地|土地征收|征拆|征迁|集体土地|土地|拆迁")),
    ("house_expropriation", re.compile(r"征收")),
)


def department_kind(name: str) -> str:
    """house_expropriation for standing house-expropriation offices (土地房屋征收中心 and 棚改办
    too), land_acquisition for 征地 offices, other for reserve centres, bureaus, 指挥部, streets."""
    return next((kind for kind, p in KIND_RULES if p.search(name)), "other")


TITLE_YEAR = re.compile(r"(20[0-4]\d|19[89]\d)\s*(?:年度|年)?\s*(?:部门|单位|整体|绩效|支出|决算|项目|自评|[)）])")
CN_TITLE_YEAR = re.compile(r"([二][〇零○O0一二三四五六七八九]{2,3})\s*年\s*(?:度)?\s*(?:部门|单位|整体|绩效|支出|决算|项目|自评)")
YEAR_FIELD = re.compile(r"(?:^|\n|\s)(?:年度|所属年度|评价年度|预算年度)\s*[：:]\s*(20[0-4]\d)")  # a form's 年度：2017
PAREN_YEAR = re.compile(r"[（(]\s*(20[0-4]\d)\s*(?:年度|年)?\s*[)）]")
DATE = re.compile(r"(20[0-4]\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
CN_DATE = re.compile(r"([二][〇零○O0一二三四五六七八九]{2,3})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*"
                     r"([一二三四五六七八九十]{1,3})\s*日")
FUSED_DATE = re.compile(r"(?:公开时间|发布时间|日期|时间)\s*[:：]?\s*(20[0-4]\d)(\d{1,2})(\d{2})(?!\d)")


YEAR_END_WORDS = re.compile(r"绩效|自评|决算|评价")
CITATION = re.compile(r"《[^》]{0,60}》|[(（][^)）]{0,20}[)）]|〔[^〕]{0,10}〕")
PROSE_DATE = re.compile(r"(20[0-4]\d)\s*年\s*\d{1,2}\s*月(?=\S)")
HEAD_YEAR = re.compile(r"(20[0-4]\d)\s*年(?:度)?(?!\s*\d{1,2}\s*月)")


def find_fiscal_year(head: str, body: str, report_date: str | None) -> int | None:
    """Title first (2021年度…, （2018年度）, 2018绩效…, any year of the title block); then, for a
    year-end report, the year before its signature date, for a bulletin or news item the year of its
    dated header; else the year the body names most, else the latest year of a dated event.
    20xx / 20__ placeholders are no year: nothing is guessed."""
    for pattern in (PAREN_YEAR, TITLE_YEAR, YEAR_FIELD):
        m = pattern.search(head)
        if m:
            return int(m.group(1))
    m = CN_TITLE_YEAR.search(head)
    if m and (y := cn_year(m.group(1))):
        return y
    titles = "\n".join(x for x in head.split("\n") if len(x) <= 60)
    m = HEAD_YEAR.search(CITATION.sub("", titles))
    if m:
        return int(m.group(1))
    prose = CITATION.sub("", body)
    counts = Counter(int(m.group(1)) for m in re.finditer(r"(20[0-4]\d)\s*年(?:度)?(?![\d]*月)", prose))
    counts.update(y for m in CN_YEAR.finditer(prose) if (y := cn_year(m.group(1))))
    if report_date:
        signed, month = int(report_date[:4]), int(report_date[5:7])
        if not YEAR_END_WORDS.search(head):
            # a bulletin reports the year it is dated, unless its text names the year it sums up
            return counts.most_common(1)[0][0] if counts else signed
        # a self-evaluation is signed after its year ends: the year before the signature,
        # unless it was signed late in the year it describes
        if month >= 10 and counts.get(signed, 0) > counts.get(signed - 1, 0):
            return signed
        return signed - 1
    if counts:
        return counts.most_common(1)[0][0]
    events = [int(m.group(1)) for m in PROSE_DATE.finditer(prose)]
    return max(events) if events else None


LABELLED_DATE = re.compile(r"(?:成文日期|发布日期|发布时间|生成日期|刊登日期|发文日期|公开时间|填报日期|报告日期|"
                           r"(?<![\u4e00-\u9fa5])时间|(?<![\u4e00-\u9fa5])日期)\s*[\]】]?\s*[:：|]?\s*[|\-]?\s*"
                           r"(20[0-4]\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})")
# a date standing alone: on its own line or between spaces (a dateline, a signature, a cover)
STANDALONE_DATE = re.compile(r"(?:(?:^|(?<=[\s:：|]))(20[0-4]\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?"
                             r"(?=$|\s)|(20[0-4]\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$)", re.M)


def find_report_date(text: str) -> str | None:
    """The publication or signature date: a labelled date (成文日期, 发布时间, 时间:…), else a date
    standing alone near the end (a signature) or in the header; never a date inside a sentence."""
    m = LABELLED_DATE.search(text)
    if m:
        return _iso(*(int(x) for x in m.groups()))
    tail = text[-400:]
    hits = list(STANDALONE_DATE.finditer(tail))
    if hits:
        return _iso(*(int(x) for x in hits[-1].groups() if x))
    hits = list(CN_DATE.finditer(tail))
    if hits:
        y = cn_year(hits[-1].group(1))
        mo, d = cn_to_int(hits[-1].group(2)), cn_to_int(hits[-1].group(3))
        if y and mo and d:
            return _iso(y, mo, d)
    m = FUSED_DATE.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = STANDALONE_DATE.search(text[:1500])
    return _iso(*(int(x) for x in m.groups() if x)) if m else None


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
