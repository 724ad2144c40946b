"""What `zhengchai problems` shows: one entry per document (or file) with its state, its problems under it.

A document's state is decided once here from the raw views (raw.quarantine for what is held back): a
document that failed an error rule and also carries warnings is listed once, as quarantined, with all
of them. A version superseded by a newer one (raw.document_versions) is shown as such, whatever it failed. A file that never became a document (unreadable, not read, a duplicate) is listed under the
district and year of its folder (raw/<district>/<year>/), the only place they can come from.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field

import duckdb

# States, the ones held back first; `problems` shows these by default, --all adds the others.
HELD_BACK = ("quarantined", "not loaded", "not read", "duplicate")
ALSO = ("accepted", "loaded", "superseded", "moved", "removed")
FILE_NOTES = {"duplicate_file": "duplicate", "file_moved": "moved", "file_removed": "removed"}


@dataclass(frozen=True)
class Item:
    severity: str
    code: str
    message: str
    observed: str | None = None
    quarantined: bool = False


@dataclass
class Entry:
    path: str
    district: str | None
    fiscal_year: int | None
    document_id: str | None
    state: str = "loaded"
    items: list[Item] = field(default_factory=list)


VALIDATION_SQL = """
select v.document_id, d.source_path, d.district, d.fiscal_year, v.rule, v.severity, v.message, v.observed,
       q.rule is not null as quarantined, not coalesce(dv.is_current, true) as superseded
from raw.validation_results v
join raw.documents d using (document_id)
left join raw.document_versions dv on dv.document_id = v.document_id
left join raw.quarantine q on q.document_id = v.document_id and q.rule = v.rule
where not v.passed
order by v.rule
"""

# A problem of discovery is about the file at its own path (a duplicate's document_id is the kept
# copy's); the others are about the document.
PROBLEMS_SQL = """
select case when p.stage = 'discover' then null else p.document_id end,
       case when p.stage = 'discover' then p.source_path else coalesce(d.source_path, p.source_path) end,
       case when p.stage = 'discover' then null else d.district end,
       case when p.stage = 'discover' then null else d.fiscal_year end,
       p.stage, p.severity, p.code, p.message
from raw.problems p left join raw.documents d using (document_id)
order by p.code
"""


def _folder_place(path: str) -> tuple[str | None, int | None]:
    from zhengchai.extract.path_hints import path_hints

    hints = path_hints(path)
    return hints.district, hints.fiscal_year


def gather(con: duckdb.DuckDBPyConnection) -> list[Entry]:
    """Every document or file with a problem, with its state, sorted held back first."""
    entries: dict[tuple[str | None, str], Entry] = {}

    def entry(doc_id, path, district, year) -> Entry:
        key = (doc_id, path)
        if key not in entries:
            if district is None or year is None:
                folder_district, folder_year = _folder_place(path or "")
                district, year = district or folder_district, year or folder_year
            entries[key] = Entry(path or "?", district, year, doc_id)
        return entries[key]

    for doc_id, path, district, year, rule, severity, message, observed, quarantined, superseded in \
            con.execute(VALIDATION_SQL).fetchall():
        e = entry(doc_id, path, district, year)
        e.items.append(Item(severity, rule, message, observed, bool(quarantined) and not superseded))
        if superseded:  # a newer version is the one that counts; what this one failed is history
            e.state = "superseded"
        elif quarantined:
            e.state = "quarantined"
        elif severity == "error" and e.state == "loaded":
            e.state = "accepted"
    for doc_id, path, district, year, stage, severity, code, message in con.execute(PROBLEMS_SQL).fetchall():
        e = entry(doc_id, path, district, year)
        e.items.append(Item(severity, code, message))
        if stage == "discover":
            e.state = FILE_NOTES.get(code, "not read")
        elif severity == "error":
            e.state = "not loaded"
    order = {s: i for i, s in enumerate(HELD_BACK + ALSO)}
    return sorted(entries.values(), key=lambda e: (order.get(e.state, 99), e.district or "", e.fiscal_year or 0,
                                                   e.path))


class UnknownDistrict(LookupError):
    """A --district that names no district of the warehouse or the gazetteer; the message suggests some."""


def check_district(name: str, in_warehouse: set[str]) -> None:
    """Refuse a district that is neither in the warehouse nor in the gazetteer, suggesting close names."""
    from zhengchai.extract.identify import divisions

    gazetteer = {d.district for d in divisions()}
    if name in in_warehouse or name in gazetteer:
        return
    close = difflib.get_close_matches(name, sorted(in_warehouse), n=5, cutoff=0.5)
    close += [c for c in difflib.get_close_matches(name, sorted(gazetteer), n=5, cutoff=0.6) if c not in close]
    close += [d for d in sorted(in_warehouse) if name in d and d not in close]
    hint = f"; did you mean {'、'.join(close[:5])}?" if close else \
        f"; the warehouse has {'、'.join(sorted(in_warehouse)) or 'no district yet'}"
    raise UnknownDistrict(f"no district named {name!r}{hint}")


def select(entries: list[Entry], district: str | None, year: int | None, everything: bool) -> list[Entry]:
    return [e for e in entries
            if (district is None or e.district == district) and (year is None or e.fiscal_year == year)
            and (everything or e.state in HELD_BACK)]


def format_entries(entries: list[Entry]) -> list[str]:
    lines = []
    for e in entries:
        lines.append(f"{e.state:<12} {e.district or '?'} {e.fiscal_year or '?'}  {e.path}")
        for item in sorted(e.items, key=lambda i: (i.severity != "error", i.code)):
            lines.append(f"  {item.severity:<8} {item.code:<26} {item.message}")
            if item.observed:
                lines.append(f"  {'':<8} {'':<26} values: {_compact(item.observed)}")
        if e.state == "quarantined" and e.document_id:
            for item in e.items:
                if item.quarantined:
                    lines.append(f"  to load it anyway: zhengchai accept {e.document_id[:12]} --rule {item.code} "
                                 "--reason \"…\"")
    return lines


def _compact(observed: str) -> str:
    try:
        return json.dumps(json.loads(observed), ensure_ascii=False)
    except (TypeError, ValueError):
        return observed
