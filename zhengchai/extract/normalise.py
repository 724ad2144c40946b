"""Text as the extractor reads it: Traditional characters to Simplified, pinyin glosses and the page
chrome of mirror and document-sharing sites removed. Applied to every page before extraction.

The character table is data (zhengchai/data/traditional.tsv: characters used only in Traditional
text, so a Simplified text is never changed); it maps one character to one, so a name found in the
Simplified text can be read back as printed (`printed_form`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from importlib import resources

from zhengchai.read.model import Page, Table


@cache
def _table() -> dict[int, str]:
    text = resources.files("zhengchai").joinpath("data/traditional.tsv").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {ord(a): b for a, b in pairs}


def traditional_share(text: str) -> float:
    """The share of Chinese characters that only Traditional text uses."""
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    table = _table()
    return sum(1 for c in cjk if ord(c) in table) / len(cjk)


def is_traditional(text: str) -> bool:
    # a Simplified report may print a stray 畝 or 萬; a Traditional one has them everywhere
    return traditional_share(text) >= 0.02


def to_simplified(text: str) -> str:
    return text.translate(_table())


# 關(guān)于, 總結(jié): a copying site's pinyin after each rare character
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zü\u00e0-\u00fc\u0100-\u01dc]{1,7}[)）]")

# Lines that are the furniture of a mirror or sharing site, never the report (one pattern a line).
CHROME_LINES: tuple[re.Pattern, ...] = tuple(re.compile(p) for p in (
    r"^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页$",               # 第1页 / 共7页
    r"^\S*\.(?:docx?|pdf|wps|xlsx?|txt)(?:_第\d+页)?$",     # a file name, or a page preview of it
    r"^(?:返回|相关|举报|分享|收藏|打印|关闭|下载|上一页|下一页|\s)+$",  # button rows
    r"^[-\s]*相[关關]\S{0,4}推[荐薦]$|^相关(?:阅读|新闻|文章|链接|推荐)[:：]?$",
    r"^亲[,，].*(?:预览|下载)",                             # 亲，该文档总共7页…
    r"^(?:资源描述|文档描述|摘要)[:：]?$",
    r"^(?:浏览量|浏览次数|字体|字号|标签)[:：]",
    r"^\[?\s*(?:打印|关闭)\s*\]?(?:\s*\[?\s*(?:打印|关闭)\s*\]?)*$",
))


def is_chrome(line: str) -> bool:
    s = line.strip()
    return bool(s) and any(p.search(s) for p in CHROME_LINES)


def clean_text(text: str) -> str:
    """Chrome lines dropped and pinyin glosses removed; characters left as printed."""
    lines = [x for x in text.split("\n") if not is_chrome(x)]
    return PINYIN_GLOSS.sub("", "\n".join(lines))


def _simplify_table(table: Table) -> Table:
    rows = tuple(tuple(None if c is None else to_simplified(c) for c in row) for row in table.rows)
    return replace(table, rows=rows)


def readable_pages(pages: tuple[Page, ...]) -> tuple[tuple[Page, ...], tuple[Page, ...]]:
    """(pages as printed but cleaned, pages as the extractor reads them). The two differ only by
    the character table, one character for one."""
    printed = tuple(replace(p, text=clean_text(p.text)) for p in pages)
    sample = "\n".join(p.text for p in printed)
    if not is_traditional(sample):
        return printed, printed
    read = tuple(replace(p, text=to_simplified(p.text), tables=tuple(_simplify_table(t) for t in p.tables))
                 for p in printed)
    return printed, read


def printed_form(name: str | None, read_text: str, printed_text: str) -> str | None:
    """A name found in the text as read, in the characters it was printed in."""
    if not name or read_text is printed_text:
        return name
    at = read_text.find(name)
    return printed_text[at:at + len(name)] if at >= 0 and len(read_text) == len(printed_text) else name


__all__ = ["clean_text", "is_chrome", "is_traditional", "printed_form", "readable_pages", "to_simplified"]
