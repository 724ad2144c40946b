"""Chinese numbers and units as printed, into canonical values.

Pure functions: `normalize` makes printed text regular (full-width forms, Traditional unit
characters, spaces between a number and its unit); `find_quantities` finds every figure with a
unit in a sentence; `parse_cell_number` reads a bare table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MU_M2 = 2000 / 3  # 1 亩 = 666.67 m²

_FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．％＋－"}
_FULLWIDTH.update({ord("，"): ord("，"), ord("　"): ord(" ")})
_TRADITIONAL = str.maketrans({"萬": "万", "億": "亿", "畝": "亩", "棟": "栋", "個": "个", "項": "项",
                              "戶": "户", "餘": "余", "約": "约", "兩": "两", "積": "积", "頃": "顷"})


def normalize(text: str) -> str:
    """Full-width digits and ％ to ASCII, Traditional unit characters to Simplified, odd spaces
    and area symbols to one form. Positions are preserved where possible (one char for one)."""
    text = text.translate(_FULLWIDTH).translate(_TRADITIONAL)
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\u2002", " ").replace("\u2003", " ")
    text = text.replace("㎡", "平方米").replace("m²", "平方米").replace("㎞²", "平方公里")
    text = re.sub(r"(?<=[\d万])\s*[Mm]2(?![0-9])", "平方米", text)
    return text


@dataclass(frozen=True)
class Unit:
    kind: str  # money, area, household, unit, person, building, project, percent, point, other
    factor: float  # multiply the printed number by this to get canonical units
    canonical: str


# Longest first: the regex alternation must try 万平方米 before 万 and 平方米 before 平方.
UNITS: dict[str, Unit] = {
    "亿元": Unit("money", 1e8, "yuan"),
    "万元": Unit("money", 1e4, "yuan"),
    "千元": Unit("money", 1e3, "yuan"),
    "元": Unit("money", 1, "yuan"),
    "亿": Unit("money", 1e8, "yuan"),  # 亿 alone before a non-unit: money in these reports
    "万平方米": Unit("area", 1e4, "m2"),
    "万平米": Unit("area", 1e4, "m2"),
    "万平方": Unit("area", 1e4, "m2"),
    "万方": Unit("area", 1e4, "m2"),
    "平方公里": Unit("area", 1e6, "m2"),
    "平方米": Unit("area", 1, "m2"),
    "平米": Unit("area", 1, "m2"),
    "平方": Unit("area", 1, "m2"),
    "万亩": Unit("area", 1e4 * MU_M2, "m2"),
    "亩": Unit("area", MU_M2, "m2"),
    "公顷": Unit("area", 1e4, "m2"),
    "方": Unit("area", 1, "m2"),
    "万户": Unit("household", 1e4, "household"),
    "户": Unit("household", 1, "household"),
    "家": Unit("unit", 1, "unit"),
    "万人": Unit("person", 1e4, "person"),
    "人次": Unit("other", 1, "other"),
    "人": Unit("person", 1, "person"),
    "名": Unit("person", 1, "person"),
    "栋": Unit("building", 1, "building"),
    "幢": Unit("building", 1, "building"),
    "个": Unit("count", 1, "project"),
    "项": Unit("count", 1, "project"),
    "%": Unit("percent", 1, "percent"),
    "分": Unit("point", 1, "point"),
    "万": Unit("money", 1e4, "yuan"),  # 预算40万: 万 with no 元 is money; other 万-units come first
    # counted things that are not measures: recognised so their numbers are not misread
    "座": Unit("other", 1, "other"), "处": Unit("other", 1, "other"), "宗": Unit("other", 1, "other"),
    "件": Unit("other", 1, "other"), "次": Unit("other", 1, "other"), "套": Unit("other", 1, "other"),
    "间": Unit("other", 1, "other"), "台": Unit("other", 1, "other"), "辆": Unit("other", 1, "other"),
    "所": Unit("other", 1, "other"), "单": Unit("other", 1, "other"), "批": Unit("other", 1, "other"),
    "年": Unit("year", 1, "year"), "月": Unit("other", 1, "other"), "日": Unit("other", 1, "other"),
    "号": Unit("other", 1, "other"), "期": Unit("other", 1, "other"), "天": Unit("other", 1, "other"),
    "倍": Unit("other", 1, "other"), "条": Unit("other", 1, "other"), "类": Unit("other", 1, "other"),
    "级": Unit("other", 1, "other"), "位": Unit("other", 1, "other"), "本": Unit("other", 1, "other"),
}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# A number: thousands separators, decimals; hedges 余/多 may sit between number and unit.
# Thousands separated by commas, or by single spaces (4 268.55 万元) — a space group must be
# followed by a unit, which QUANTITY requires anyway.
NUMBER = r"(?<![\d.])(?:\d{1,3}(?:[,，]\d{3})+|\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d])|\d+)(?:\.\d+)?"
CN_DIGITS = "零〇一二两三四五六七八九十百千"
QUANTITY = re.compile(
    rf"(?P<num>{NUMBER}|[{CN_DIGITS}]{{1,6}})"
    r"(?P<wan>\s*万(?=\s*(?:余|多)))?"  # 1.1万余亩: the 万 is split from its unit by the hedge
    r"(?:万(?P<tail>\d{4}))?"  # 1万8000平方米: 万 then the digits below it
    r"(?P<hedge>\s*(?:余|多))?"
    rf"\s*(?P<unit>{_UNIT_ALT})"
)
# 方 is a unit only after a number and not as the start of a word (方案, 方式, 方面…)
_FANG_WORDS = re.compile(r"方(?:案|式|面|法|向|针|便|可|能|位|正|才|为|的|是|政府|之)")
PREFIX_HEDGES = ("不少于", "约", "近", "逾", "超过", "达到", "大约")
QUALIFIERS = {"约": "约", "大约": "约", "近": "近", "余": "余", "多": "多", "不少于": "不少于",
              "以上": "不少于", "逾": "余", "超过": "余"}


@dataclass(frozen=True)
class Quantity:
    start: int  # where the number starts in the sentence
    end: int  # where the unit ends
    value: float  # canonical
    unit: Unit
    unit_text: str
    raw: str  # as printed
    qualifier: str | None


def cn_to_int(s: str) -> int | None:
    """Chinese numerals for counts (四, 十二, 一百零五, 两千) and digit-by-digit years (二〇二一)."""
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
    if not s:
        return None
    if all(c in digits for c in s):
        if len(s) == 1:
            return digits[s]
        return int("".join(str(digits[c]) for c in s))
    total, section, number = 0, 0, 0
    for c in s:
        if c in digits:
            number = digits[c]
        elif c in "十百千":
            mult = {"十": 10, "百": 100, "千": 1000}[c]
            section += (number or 1) * mult
            number = 0
        else:
            return None
    return total + section + number


def _digits(num: str) -> str:
    return re.sub(r"[,，\s\u2009\u202f]", "", num)


def to_float(num: str) -> float | None:
    num = _digits(num)
    try:
        return float(num)
    except ValueError:
        value = cn_to_int(num)
        return float(value) if value is not None else None


def scale(num: str, factor: float) -> float:
    """Printed number × unit factor without float noise (3.27亿元 is 327000000, not …0004)."""
    try:
        exact = Decimal(_digits(num)) * Decimal(repr(factor))
        return round(float(exact), 4)
    except InvalidOperation:
        value = cn_to_int(num)
        return float(value) * factor if value is not None else float("nan")


def find_quantities(sentence: str) -> list[Quantity]:
    """Every number with a unit in a (normalized) sentence, hedges attached."""
    found = []
    for m in QUANTITY.finditer(sentence):
        num, unit_text = m.group("num"), m.group("unit")
        is_cn = not num[0].isdigit()
        unit = UNITS[unit_text]
        if unit_text == "方" and _FANG_WORDS.match(sentence, m.start("unit")):
            continue
        if is_cn and (unit.kind in ("money", "area", "percent", "point", "year", "other")
                      or _is_enumeration(sentence, m)):
            continue  # Chinese numerals are read for counts only (四个项目, 两家单位)
        value = to_float(num)
        if value is None or (is_cn and num == "一" and unit_text in ("户", "个", "家")):
            continue  # 最后一户: an article, not a count
        if RANGE_BEFORE.search(sentence, 0, m.start()):
            continue  # 17—18万平方米: a range is not one figure
        qualifier = _qualifier(sentence, m)
        if m.group("tail") and "." not in num:
            num = str(int(_digits(num)) * 10000 + int(m.group("tail")))
        found.append(Quantity(
            start=m.start(), end=m.end(), value=scale(num, unit.factor * (1e4 if m.group("wan") else 1)), unit=unit, unit_text=unit_text,
            raw=m.group(0).strip(), qualifier=qualifier,
        ))
    return found


RANGE_BEFORE = re.compile(r"\d\s*[—–~～]+\s*$|\d\s*(?:至|到)\s*$")


def _qualifier(sentence: str, m: re.Match) -> str | None:
    """约 / 近 / 余 / 多 / 不少于; of a double hedge (约4万多) the first is kept."""
    before = sentence[max(0, m.start() - 4):m.start()].rstrip()
    for hedge in PREFIX_HEDGES:
        if before.endswith(hedge) and hedge in QUALIFIERS and not _part_of_word(before, hedge):
            return QUALIFIERS[hedge]
    if m.group("hedge"):
        return QUALIFIERS[m.group("hedge").strip()]
    if sentence[m.end():m.end() + 2].startswith("以上"):
        return QUALIFIERS["以上"]
    return None


# 签约, 节约, 合约…: 约 ending another word is no hedge; nor is 近 in 最近/附近
_WORD_BEFORE = {"约": "签合节制预契履公条违规简邀特", "近": "最附邻接将"}


def _part_of_word(before: str, hedge: str) -> bool:
    preceding = before[-len(hedge) - 1:-len(hedge)] if len(before) > len(hedge) else ""
    return bool(preceding) and preceding in _WORD_BEFORE.get(hedge, "")


def _is_enumeration(sentence: str, m: re.Match) -> bool:
    # 一是/二是, 第一, 一个 as an article ("一个项目" is an article as often as a count)
    return sentence[m.start() - 1:m.start()] == "第"


# a score cell may carry its unit: 10分, 9.48分
CELL_NUMBER = re.compile(rf"^\s*(?P<num>{NUMBER})\s*(?:(?P<pct>%)|分)?\s*$")


def parse_cell_number(cell: str | None) -> float | None:
    """A bare number in a table cell ('640', '713.08', '97.50%', '1,234.5', '10分'); None otherwise."""
    if cell is None:
        return None
    text = normalize(cell).replace("\n", "")
    m = CELL_NUMBER.match(text) or CELL_NUMBER.match(STRAY.sub("", text))
    return to_float(m.group("num")) if m else None


# punctuation that spills into a neighbouring cell when a PDF table's text overflows (")\n5")
STRAY = re.compile(r"^[（）()，,。、；;：:\s]+|[（）()，,。、；;：:\s]+$")


YEAR = re.compile(r"(?<![\d.])(20[0-4]\d|19[89]\d)(?=\s*年)")  # a year, not 2000亩
CN_YEAR = re.compile(r"([二][〇零○O0一二三四五六七八九]{2,3})\s*年")


def cn_year(s: str) -> int | None:
    """二〇二一 → 2021; a lost 〇 (二一八) → 2018."""
    s = s.replace("○", "〇").replace("O", "〇").replace("0", "〇")
    value = cn_to_int(s)
    if value is None:
        return None
    if len(s) == 3:  # 二一八: the 〇 was lost
        value = int(str(value)[0] + "0" + str(value)[1:])
    return value if 1990 <= value <= 2049 else None
