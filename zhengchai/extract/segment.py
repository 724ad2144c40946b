"""Running text into sentences that remember their page and section.

PDF text lines are wrapped at the page margin: a full line that does not end a sentence is
joined to the next (also across a page break), so a figure split over two lines reads whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from zhengchai.extract.numbers import normalize
from zhengchai.read.model import Page

# Heading markers by level: 一、 > （一） > 1、 > （1）/①; 第一部分 above them all.
HEADING_LEVELS: tuple[tuple[int, re.Pattern], ...] = (
    (0, re.compile(r"^\s*第[一二三四五六七八九十]+[章节部分]")),
    (1, re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")),
    (2, re.compile(r"^\s*[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]")),
    (3, re.compile(r"^\s*\d{1,2}\s*[、.．](?!\d)")),
    (4, re.compile(r"^\s*(?:[（(]\d{1,2}[）)]|[①-⑳])")),
)
HEADING = re.compile(r"^\s*(?:" + "|".join(p.pattern.removeprefix(r"^\s*") for _, p in HEADING_LEVELS) + ")")
FIGURE_START = re.compile(r"^[\d.,，]+\s*(?:万|亿|元|亩|户|人|名|家|栋|个|平方|公顷|%|％)")
OPEN_END_STOPS = tuple("。！？!?；;：:）)")
SENTENCE_END = "。！？!?"
SKIP_SECTIONS = re.compile(r"下一步|明年|下年度|改进措施|工作打算|工作思路|整改措施|努力方向|问题与建议|意见建议")


@dataclass(frozen=True)
class Sentence:
    text: str  # normalized
    page_marks: tuple[tuple[int, int | None], ...]  # (offset in text, page) where a page starts
    headings: tuple[str, ...] = ()  # the headings it sits under, outermost first
    source: str = "body"  # body | cell
    stance: str | None = None  # for form cells: target | actual | None
    subject: str | None = None  # for a cell of a table's row: the row's name (a project, a 片区)
    lead: str | None = None  # the place or project a line's lead-in names (驿城区：…, 1.某某镇：…)

    @property
    def section(self) -> str | None:
        return self.headings[-1] if self.headings else None

    def page_at(self, offset: int) -> int | None:
        starts = [o for o, _ in self.page_marks]
        i = bisect_right(starts, offset) - 1
        return self.page_marks[max(0, i)][1]

    @property
    def skipped(self) -> bool:
        """Plans for next year and corrective measures are not this year's results."""
        return any(SKIP_SECTIONS.search(h) for h in self.headings)


def heading_level(line: str) -> int | None:
    """The level of a heading line, or None for body text (a numbered item with clauses is body)."""
    s = line.strip()
    if len(s) > 40 or re.search(r"[，,；;。]", s.rstrip("。：:")):
        return None
    for level, pattern in HEADING_LEVELS:
        if pattern.match(s):
            return level
    return None


def lines_of(pages: Iterable[Page]) -> list[tuple[str, list[tuple[int, int | None]]]]:
    """(line, page marks): a page whose last line runs on is joined to the next page's first."""
    out: list[tuple[str, list[tuple[int, int | None]]]] = []
    open_line = False
    for page in pages:
        for i, line in enumerate(x.strip() for x in normalize(page.text).split("\n")):
            if not line:
                continue
            if open_line and i == 0 and out and not HEADING.match(line):
                text, marks = out[-1]
                out[-1] = (text + line, [*marks, (len(text), page.number)])
            elif out and FIGURE_START.match(line) and not out[-1][0].endswith(OPEN_END_STOPS) \
                    and heading_level(out[-1][0]) is None:
                # 全年支出\n1,336.42万元: a label left alone at a line end, its figure on the next
                text, marks = out[-1]
                out[-1] = (text + line, marks)
            else:
                out.append((line, [(0, page.number)]))
            open_line = False
        open_line = page.continues
    return out


# 驿城区：…, 1.某某镇：…, 某地块拆迁情况：… — a line that opens by naming a place or a project
# scopes every figure of the line (a list item's name, not a heading on its own line)
LEAD_IN = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]?[一二三四五六七八九十\d]{1,2}[）)、])?\s*"
                     r"([\u4e00-\u9fa5A-Za-z0-9（）()·]{2,18}?(?:区|县|市|镇|乡|街道|片区|地块|项目|工程|村|社区|"
                     r"干道|大道|路|线|站|小区))(?:拆迁|征收|征迁|征拆|征地)?(?:工作)?(?:情况|进展|进度)?\s*[：:]")


def lead_of(line: str) -> str | None:
    m = LEAD_IN.match(line)
    return m.group(1) if m else None


def sentences_of(pages: Iterable[Page]) -> Iterator[Sentence]:
    stack: list[tuple[int, str]] = []
    for text, marks in lines_of(pages):
        lead = lead_of(text)
        level = heading_level(text)
        if level is not None:
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, text.strip())]
        headings = tuple(h for _, h in stack)
        for start, end in _spans(text):
            piece = text[start:end]
            if not piece.strip():
                continue
            local = [(max(0, o - start), p) for o, p in marks if o < end]
            # keep only the last mark at or before the start, then later ones
            first = [m for m in local if m[0] == 0][-1:] or local[:1]
            later = [m for m in local if m[0] > 0]
            yield Sentence(text=piece, page_marks=tuple(first + later), headings=headings, lead=lead)


def _spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for i, c in enumerate(text):
        if c in SENTENCE_END:
            yield start, i + 1
            start = i + 1
    if start < len(text):
        yield start, len(text)


def cell_text(cell: str | None) -> str:
    """A table cell as one line: wraps inside cells break words anywhere (4.3万平方\\n米)."""
    if not cell:
        return ""
    return normalize(re.sub(r"\s*\n\s*", "", cell)).strip()


def cell_sentences(cell: str, page: int | None, header: str | None, stance: str | None) -> Iterator[Sentence]:
    text = cell_text(cell)
    headings = (header,) if header else ()
    for start, end in _spans(text):
        piece = text[start:end]
        if piece.strip():
            yield Sentence(text=piece, page_marks=((0, page),), headings=headings, source="cell", stance=stance)
