"""HTML reader for reports copied from government sites: the article text and its tables,
without navigation, scripts and footers."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from zhengchai.read.errors import ReadError
from zhengchai.read.model import DEFAULT_OPTIONS, Page, Problem, ReadOptions, Table
from zhengchai.read.text import decode

NOISE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button")
NOISE_HINTS = re.compile(r"nav|menu|footer|header|breadcrumb|share|sidebar|banner|copyright", re.I)


def _charset(data: bytes) -> str | None:
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def read_html(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> tuple[tuple[Page, ...], tuple[Problem, ...]]:
    data = path.read_bytes()
    charset = _charset(data)
    try:
        text = data.decode(charset) if charset else decode(data)
    except (LookupError, UnicodeDecodeError):
        text = decode(data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as e:
        raise ReadError("corrupt", f"the HTML cannot be parsed: {e}") from e
    for tag in soup(NOISE_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        hint = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
        if hint and NOISE_HINTS.search(hint) and tag.name not in ("body", "html"):
            tag.decompose()
    root = _article(soup)
    tables = [Table(rows=_rows(t), page=None) for t in root.find_all("table") if not t.find_parent("table")]
    for t in root.find_all("table"):
        t.decompose()
    for br in root.find_all("br"):
        br.replace_with("\n")
    lines = [_clean(s) for s in root.get_text("\n").split("\n")]
    body = "\n".join(line for line in lines if line)
    return (Page(number=None, text=body, tables=tuple(tables)),), ()


def _article(soup: BeautifulSoup) -> Tag:
    """The element holding most of the page's text: the article, not the page chrome."""
    body = soup.body or soup
    best, best_len = body, 0
    for tag in body.find_all(["article", "div", "section", "td", "main"]):
        length = len(tag.get_text(strip=True))
        if length > best_len * 1.0 and tag.find(["p", "table"]) is not None:
            best, best_len = tag, length
    total = len(body.get_text(strip=True))
    # take the innermost block that still carries most of the text
    candidates = [t for t in body.find_all(["article", "div", "section", "main"])
                  if len(t.get_text(strip=True)) >= 0.8 * total]
    return candidates[-1] if candidates else best


def _clean(s: str) -> str:
    return re.sub(r"[ \t\u3000\xa0]+", " ", s).strip()


def _rows(table: Tag) -> tuple[tuple[str | None, ...], ...]:
    """Expand colspan/rowspan into a grid; covered positions are None."""
    grid: dict[tuple[int, int], str | None] = {}
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            text = "\n".join(_clean(s) for s in cell.get_text("\n").split("\n") if _clean(s))
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += colspan
    if not grid:
        return ()
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    return tuple(tuple(grid.get((r, c), "") for c in range(width)) for r in range(height))


def _span(value) -> int:
    try:
        return max(1, min(50, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1
