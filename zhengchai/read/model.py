"""What every reader produces: a format-free view of one file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

Cell = str | None  # None marks a merged cell continuing the one before it


@dataclass(frozen=True)
class Table:
    """A ruled table as rows of cells, as the reader saw it on one page."""

    rows: tuple[tuple[Cell, ...], ...]
    page: int | None = None


@dataclass(frozen=True)
class Page:
    """Text of one page (or the whole body for formats without pages) and its tables.

    `text` holds the running text outside the tables, so table cells are not read twice.
    """

    number: int | None
    text: str
    tables: tuple[Table, ...] = ()
    continues: bool = False  # the last line of text runs on to the next page


@dataclass(frozen=True)
class Problem:
    """Why a file or a document is not (wholly) usable; the same type from reading to extraction."""

    severity: str  # "error" | "warning"
    code: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ReadOptions:
    """Limits a reader applies, passed in with each read (never set on a module)."""

    max_pages: int = 300  # a relocation office's yearly report runs to tens of pages; beyond this it is not one
    # "pdfium": pypdfium2 characters and ruling lines (fast); "pdfplumber": pdfminer's layout (reference)
    pdf_engine: str = "pdfium"


@dataclass(frozen=True)
class Document:
    source: str
    sha256: str
    format: str
    pages: tuple[Page, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.format == "pdf" else None

    @property
    def full_text(self) -> str:
        return "\n".join(p.text for p in self.pages)


PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_OPTIONS = ReadOptions()
