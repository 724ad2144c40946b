"""Page text from positioned characters, whichever engine read them: lines by vertical position,
page-number footers dropped, lines wrapped at the right margin joined.

A character is a dict in pdfplumber's terms: text, x0, x1, top, bottom (points from the page's
top-left corner) and size (the font size as drawn).
"""

from __future__ import annotations

import re

from zhengchai.read.model import Page, Table

# footers and headers that are only a page number: — 3 —, - 3 -, 第3页 共8页, 3/8
PAGE_NUMBER = re.compile(r"^[\s—–\-－·]*(?:第\s*)?\d{1,4}\s*(?:页)?\s*(?:(?:/|共)\s*\d{1,4}\s*页?)?[\s—–\-－·]*$")
NUMBERED_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]+[章节部分])")
LINE_END = tuple("。！？!?；;：:”」』")

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def page_of(number: int, chars: list[dict], tables: tuple[Table, ...], boxes: list[Box]) -> Page:
    """A Page: the text of the characters outside the tables' boxes, and the tables."""
    text, continues = text_of([c for c in chars if not inside(c, boxes)])
    return Page(number=number, text=text, tables=tables, continues=continues)


def inside(char: dict, boxes: list[Box]) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def text_of(chars: list[dict]) -> tuple[str, bool]:
    """Page text from its characters, joining lines wrapped at the right margin.

    Word-processor PDFs break lines wherever the margin falls, even inside a number
    (468.19万\n元); a line that reaches the margin and does not end a sentence continues.
    Returns the text and whether its last line runs on to the next page.
    """
    lines = [line for line in _lines(chars) if not PAGE_NUMBER.match(line[0])]
    if not lines:
        return "", False
    right = max(x1 for _, _, x1, _ in lines)
    out: list[str] = []
    joined, previous_size = False, 0.0
    for text, _x0, x1, size in lines:
        # a title in a larger font or a numbered heading starts afresh even after a full line
        if joined and out and abs(size - previous_size) < 0.5 and not NUMBERED_START.match(text):
            out[-1] += text
        else:
            out.append(text)
        # CJK line breaking keeps brackets, numbers and closing punctuation together, so a wrapped
        # line can stop a few characters short of the margin
        joined = x1 >= right - 5 * size and not text.endswith(LINE_END)
        previous_size = size
    return "\n".join(out), joined


def _lines(chars: list[dict]) -> list[tuple[str, float, float, float]]:
    """Group characters into lines by their vertical position; (text, x0, x1, font size)."""
    rows: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if rows and abs(c["top"] - rows[-1][0]["top"]) <= 0.5 * max(c["size"], 1):
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        size = max(c["size"] for c in row) or 10.0
        parts, last_x1 = [], None
        for c in row:
            if last_x1 is not None and c["x0"] - last_x1 > 0.3 * size:
                parts.append(" ")
            parts.append(c["text"])
            last_x1 = c["x1"]
        text = "".join(parts).strip()
        if text:
            lines.append((text, row[0]["x0"], row[-1]["x1"], size))
    return lines
