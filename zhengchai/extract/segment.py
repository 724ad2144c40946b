"""Running text into sentences that remember their page and section.

PDF text lines are wrapped at the page margin: a full line that does not end a sentence is
joined to the next (also across a page break), so a figure split over two lines reads whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from zhengchai.documents.model import Page
from zhengchai.extract.numbers import normalize

HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|"
    r"\d{1,2}\s*[、.．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十]+[章节部分])"
)
SENTENCE_END = "。！？!?"
SKIP_SECTIONS = re.compile(r"下一步|明年|下年度|改进措施|工作打算|工作思路|整改措施|努力方向")


@dataclass(frozen=True)
class Sentence:
    text: str  # normalized
    page_marks: tuple[tuple[int, int | None], ...]  # (offset in text, page) where a page starts
    section: str | None = None  # the heading it sits under
    source: str = "body"  # body | cell
    stance: str | None = None  # for form cells: target | actual | None

    def page_at(self, offset: int) -> int | None:
        starts = [o for o, _ in self.page_marks]
        i = bisect_right(starts, offset) - 1
        return self.page_marks[max(0, i)][1]

    @property
    def skipped(self) -> bool:
        """Plans for next year and corrective measures are not this year's results."""
        return bool(self.section and SKIP_SECTIONS.search(self.section))


def _is_heading(line: str) -> bool:
    s = line.strip()
    return bool(HEADING.match(s)) and len(s) <= 40 and "。" not in s.rstrip("。")[:-1]


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
            else:
                out.append((line, [(0, page.number)]))
            open_line = False
        open_line = page.continues
    return out


def sentences_of(pages: Iterable[Page]) -> Iterator[Sentence]:
    section: str | None = None
    for text, marks in lines_of(pages):
        if _is_heading(text):
            section = text
        for start, end in _spans(text):
            piece = text[start:end]
            if not piece.strip():
                continue
            local = [(max(0, o - start), p) for o, p in marks if o < end]
            # keep only the last mark at or before the start, then later ones
            first = [m for m in local if m[0] == 0][-1:] or local[:1]
            later = [m for m in local if m[0] > 0]
            yield Sentence(text=piece, page_marks=tuple(first + later), section=section)


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


def cell_sentences(cell: str, page: int | None, section: str | None, stance: str | None) -> Iterator[Sentence]:
    text = cell_text(cell)
    for start, end in _spans(text):
        piece = text[start:end]
        if piece.strip():
            yield Sentence(text=piece, page_marks=((0, page),), section=section, source="cell", stance=stance)
