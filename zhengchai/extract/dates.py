"""When a report was published or signed, and the fiscal year it reports on."""

from __future__ import annotations

import re
from collections import Counter

from zhengchai.extract.numbers import CN_YEAR, cn_to_int, cn_year

TITLE_YEAR = re.compile(r"(20[0-4]\d|19[89]\d)\s*(?:年度|年)?\s*(?:部门|单位|整体|绩效|支出|决算|项目|自评|[)）])")
CN_TITLE_YEAR = re.compile(r"([二][〇零○O0一二三四五六七八九]{2,3})\s*年\s*(?:度)?\s*(?:部门|单位|整体|绩效|支出|决算|项目|自评)")
YEAR_FIELD = re.compile(r"(?:^|\n|\s)(?:年度|所属年度|评价年度|预算年度)\s*[：:]\s*(20[0-4]\d)")  # a form's 年度：2017
PAREN_YEAR = re.compile(r"[（(]\s*(20[0-4]\d)\s*(?:年度|年)?\s*[)）]")
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
    latest = int(report_date[:4]) if report_date else None
    titles = "\n".join(x for x in head.split("\n") if len(x) <= 60)
    for m in HEAD_YEAR.finditer(CITATION.sub("", titles)):
        # a year after the document's own date is a plan (预计2018年交付), never the year it reports
        if latest is None or int(m.group(1)) <= latest:
            return int(m.group(1))
    prose = CITATION.sub("", body)
    counts = Counter(int(m.group(1)) for m in re.finditer(r"(20[0-4]\d)\s*年(?:度)?(?![\d]*月)", prose))
    counts.update(y for m in CN_YEAR.finditer(prose) if (y := cn_year(m.group(1))))
    if report_date:
        signed, month = int(report_date[:4]), int(report_date[5:7])
        counts = Counter({y: n for y, n in counts.items() if y <= signed})  # no plan's year, as above
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
