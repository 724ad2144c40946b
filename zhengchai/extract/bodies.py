"""The body behind a text that names no relocation agency: another office doing the work
(市房管局, 同安区重大办, 自然资源局…分局, a 指挥部), the publisher a page's header names, a 街道 or 镇
doing the work, or a government. Word lists here; the choice between them in `other_body`."""

from __future__ import annotations

import re
from collections import Counter

CN = r"\u4e00-\u9fa5"
PLACE = rf"(?:[xX×]{{2}}|某某|[{CN}]{{2,6}}?)(?:省|市|区|县)"
# offices that do relocation work without being a relocation agency
OTHER_OFFICES = (r"房管局|房产局|住建局|住房和城乡建设局|住房城乡建设局|国土资源局|国土局|规划和自然资源局|"
                 rf"自然资源和规划局|自然资源局(?:[{CN}]{{2,4}}分局)?|重大办|重点办")
OTHER_OFFICE = re.compile(rf"((?:{PLACE}){{0,2}}[市区县]?(?:{OTHER_OFFICES})|(?:{PLACE}){{0,2}}[{CN}]{{0,10}}?指挥部(?:办公室)?)")
# a verb or preposition glued before a short form: 牵头区征收办, 现将区征收办, 从区…指挥部
LEAD_IN = re.compile(rf"^.*(?:(?:牵头|现将|从|由|向|对|根据|按照|称为|称是|组建|成立|设立|、)(?=[区县市]?[{CN}]{{2,}}$)|(?:和|与|及)(?=[区县市][{CN}]{{2,}}$))")
PUBLISHER = re.compile(rf"(?:发布机构|来源|投稿|项目单位|实施单位|评价实施部门|发文机关)\s*\]?\s*[:：|]?\s*\|?\s*"
                       rf"([{CN}A-Za-z]{{2,30}}?(?:局|委|办|中心|政府|办公室|厅|分局)(?:[(（][{CN}]{{1,6}}[)）])?)")
TOWN = re.compile(rf"(?=([{CN}]{{2,4}}?(?:街道|镇|乡)))")
GENERIC_TOWN = re.compile(r"(?:乡镇街道|镇街道|有关街道|相关街道|各街道|古镇|城镇|乡镇|集镇|小镇|重镇|村镇|城乡|下乡|家乡|农乡|水乡|街道办)$")
GOVERNMENT = re.compile(rf"(?<![和与及、])((?:{PLACE}){{1,2}}人民政府)(?![{CN}]{{0,2}}(?:和|、|办公室))")


def strip_lead_in(name: str) -> str:
    """区征收办 from 现将区征收办; 某市土地和房屋征收服务中心 stays whole (和 before 房屋 is inside it)."""
    m = LEAD_IN.match(name)
    return name[m.end():] if m else name


def offices(text: str) -> list[str]:
    return [strip_lead_in(m.group(1)) for m in OTHER_OFFICE.finditer(text)]


def publisher(text: str) -> str | None:
    m = PUBLISHER.search(text)
    return m.group(1) if m else None


def _listed_or_heading(text: str, name: str) -> bool:
    """Named in a list (A街道、B街道) or as a numbered heading (2.某某乡:): one of several places,
    not the body doing the work."""
    for m in re.finditer(re.escape(name), text):
        before, after = text[max(0, m.start() - 3):m.start()], text[m.end():m.end() + 8]
        if before.endswith("、") or re.match(r"^(?:[(（][^)）]{0,6}[)）]|[)）])?、", after):
            return True
        if re.search(r"\d[.、．]$", before) or after.startswith((":", "：")):
            return True
    return False


def town(text: str) -> str | None:
    """The 街道 or 镇 a text keeps naming (twice or more), never in a list: the longest form of the
    name that is printed as often as its shortest."""
    counts = Counter(m.group(1) for m in TOWN.finditer(text))
    names = [n for n in counts if not GENERIC_TOWN.search(n) and len(re.sub(r"(?:街道|镇|乡)$", "", n)) >= 2]
    names = [n for n in names if text.count(n) >= 2 and not _listed_or_heading(text, n)]
    if not names:
        return None
    best = max(names, key=lambda n: (text.count(n), len(n)))
    return best


def government(text: str) -> str | None:
    m = GOVERNMENT.search(text)
    return strip_lead_in(m.group(1)) if m else None


def other_body(text: str, district: str | None) -> str | None:
    """The office, publisher, 街道/镇 or government that stands for the work, in that order; the
    fullest printed form (新罗区西陂街道 over 西陂街道)."""
    found = offices(text)
    if found:
        counts = Counter(found)
        return max(counts, key=lambda n: (len(n), counts[n]))
    name = publisher(text) or town(text) or government(text)
    if name and district and f"{district}{name}" in text:
        return f"{district}{name}"
    return name


__all__ = ["offices", "other_body", "publisher", "strip_lead_in", "town"]
