"""The format-free document model between the builders and the renderers.

A builder (write_report.py, write_form.py) writes `Para`, `Grid` and `PageBreak` blocks through a
`Composer`, which records, for every figure it prints, the truth fact (measure, canonical
value, scope, qualifier, raw text) — so text and truth cannot drift apart. Renderers
(render_*.py) only turn blocks into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zhengchai.extract.vocabulary import unit_of

from .printed import Num, json_number

SAMPLE_MARK = "【样例数据，非真实报告】"
QUALIFIERS = ("约", "近", "余", "多", "不少于", "以上")


# -- blocks ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # marker, title, subtitle, h1, h2, h3, body, item, sign, note


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: str = "left"  # left | center


@dataclass
class Grid:
    """A ruled table: a full rows x cols matrix; a position covered by a span holds None."""

    rows: list[list[GridCell | None]]
    widths: list[float]  # relative column widths
    header_rows: int = 0  # leading rows that form the table header
    repeat_header: bool = False  # repeat the header rows on every page the table runs over
    name: str = ""

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def spans(self):
        """(row, col, rowspan, colspan) of every cell that covers more than one position."""
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                    yield r, c, cell.rowspan, cell.colspan

    def text_matrix(self) -> list[list[str | None]]:
        return [[None if cell is None else cell.text for cell in row] for row in self.rows]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Para | Grid | PageBreak


@dataclass
class DocModel:
    title: str  # document title (metadata, HTML <title>)
    author: str  # publishing department
    blocks: list[Block]
    landscape: bool = False
    page_numbers: bool = True
    created: str = "2020-01-01T09:00:00Z"  # fixed timestamp for docx/xlsx core properties
    encoding: str = "utf-8"  # for text renderings
    html_meta: dict = field(default_factory=dict)  # site chrome for the HTML rendering

    def plain_lines(self) -> list[str]:
        """Paragraph texts and table rows (tab-separated), in reading order."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Grid):
                for row in b.text_matrix():
                    out.append("\t".join((c or "").replace("\n", " ") for c in row))
        return out


# -- figures and facts -------------------------------------------------------------------

@dataclass(frozen=True)
class F:
    """A printed snippet that states a truth fact. `text` is printed verbatim; `raw` is what
    the truth file shows (defaults to the snippet itself)."""

    text: str
    measure: str
    value: Decimal
    scope: str | None = None
    qualifier: str | None = None
    raw: str | None = None


@dataclass(frozen=True)
class X:
    """A printed snippet holding a figure that must NOT be extracted as `measure` (a pitfall)."""

    text: str
    measure: str
    value: Decimal
    why: str


Piece = str | F | X


def fact(measure: str, prefix: str, num: Num, suffix: str = "", *, scope: str | None = None,
         qualifier: str | None = None, raw: str | None = None) -> F:
    """Convenience: snippet = prefix + printed number + suffix."""
    return F(prefix + num.text + suffix, measure, num.value, scope, qualifier, raw)


class Composer:
    """Accumulates blocks and the truth (facts, pitfalls) of one document."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.facts: list[F] = []
        self.pitfalls: list[X] = []

    def _take(self, pieces: tuple[Piece, ...] | list[Piece]) -> str:
        out = []
        for p in pieces:
            if isinstance(p, F):
                self.facts.append(p)
                out.append(p.text)
            elif isinstance(p, X):
                self.pitfalls.append(p)
                out.append(p.text)
            else:
                out.append(p)
        return "".join(out)

    def para(self, *pieces: Piece, style: str = "body") -> str:
        text = self._take(pieces)
        self.blocks.append(Para(text, style))
        return text

    def cell(self, *pieces: Piece, rowspan: int = 1, colspan: int = 1, header: bool = False,
             align: str = "left") -> GridCell:
        return GridCell(self._take(pieces), rowspan, colspan, header, align)

    def grid(self, grid: Grid) -> None:
        self.blocks.append(grid)

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    # -- truth -----------------------------------------------------------------------------
    def truth_facts(self) -> list[dict]:
        """Facts as in the truth files, in print order, deduplicated the way the scorer
        deduplicates predictions: the same measure and value count once, and a total
        (scope None) wins over a scoped copy of the same value."""
        facts = self.facts
        keep: set[int] = set()
        seen: set[tuple[str, Decimal]] = set()
        for i in sorted(range(len(facts)), key=lambda i: facts[i].scope is not None):
            key = (facts[i].measure, Decimal(str(json_number(facts[i].value))).quantize(Decimal("0.01")))
            if key not in seen:
                seen.add(key)
                keep.add(i)
        out = []
        for i, f in enumerate(facts):
            if i in keep:
                out.append({"measure": f.measure, "value": json_number(f.value), "unit": unit_of(f.measure),
                            "scope": f.scope, "qualifier": f.qualifier, "raw": f.raw or f.text})
        return out

    def truth_pitfalls(self) -> list[dict]:
        out, seen = [], set()
        for x in self.pitfalls:
            key = (x.measure, json_number(x.value), x.text)
            if key in seen:
                continue
            seen.add(key)
            out.append({"not_measure": x.measure, "value": json_number(x.value), "raw": x.text, "why": x.why})
        return out
