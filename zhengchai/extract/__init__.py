"""From a Document to an Extraction: identify the report, then read its figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from zhengchai.extract import identify, lexicon, stance
from zhengchai.extract.cell_lines import cell_per_line_tables
from zhengchai.extract.form_tokens import FlatForm, read_flat_form, without_grid
from zhengchai.extract.funds import stated_unit
from zhengchai.extract.model import DocumentInfo, Extraction, Fact, Problem
from zhengchai.extract.narrative import Context, facts_in, scope_repeats, scoped_by_project, single_project
from zhengchai.extract.normalise import printed_form, readable_pages
from zhengchai.extract.segment import sentences_of
from zhengchai.extract.selfeval import FormResult, iter_cells, read_form
from zhengchai.read import Document, read_document
from zhengchai.read.model import Table

__all__ = ["extract_document", "extract_file"]


def extract_file(path: str | Path) -> Extraction:
    return extract_document(read_document(path))


def _failed(doc: Document, problems: list[Problem]) -> Extraction:
    return Extraction(source=doc.source, sha256=doc.sha256, format=doc.format, pages=doc.page_count,
                      document=DocumentInfo(), problems=tuple(problems))


def extract_document(doc: Document, this_year: int | None = None) -> Extraction:
    problems = [Problem(p.severity, p.code, p.message) for p in doc.problems]
    if any(p.severity == "error" for p in problems):
        return _failed(doc, problems)
    printed, pages = readable_pages(doc.pages)  # Traditional text read as Simplified, chrome dropped
    printed_text = "\n".join(p.text for p in printed)
    doc = replace(doc, pages=pages)
    tables = [t for p in doc.pages for t in p.tables]
    body_text = doc.full_text
    cell_text = "\n".join(iter_cells(tables))
    everything = body_text + "\n" + cell_text
    if not (identify.looks_like_report(everything) or lexicon.about_relocation(everything)):
        problems.append(Problem("error", "not_a_report", "the text does not read as a performance "
                                "self-evaluation report (no budget, spending or relocation vocabulary)"))
        return _failed(doc, problems)
    who = _identify(body_text, cell_text)
    problems += _identity_problems(who, this_year or date.today().year)
    form, flat = _read_forms(doc, tables, body_text)
    if flat is not None and flat.grid_runs:  # the grid of a flattened form is read as a form, not as prose
        doc = replace(doc, pages=tuple(replace(p, text=without_grid(p.text, flat.grid_runs)) for p in doc.pages))
    facts = _facts(doc, form, who, body_text)
    info = DocumentInfo(
        province=who.place.province, city=who.place.city, district=who.place.district, district_code=who.place.code,
        department=printed_form(who.department, body_text, printed_text), department_kind=who.kind,
        fiscal_year=who.fiscal_year,
        doc_type=_doc_type(who.head, body_text, bool(form.indicators), bool(flat and flat.indicators)),
        report_date=who.report_date, district_source="text" if who.place.district else None,
        fiscal_year_source="text" if who.fiscal_year else None,
    )
    if not facts and not form.indicators:
        # relocation words without a single figure: a notice, a call for tenders, an empty template
        problems.append(Problem("error", "not_a_report", "the text names relocation work but holds no figure "
                                "of the measure vocabulary and no self-evaluation form: nothing to load"))
        return _failed(doc, problems)
    return Extraction(source=doc.source, sha256=doc.sha256, format=doc.format, pages=doc.page_count,
                      document=info, facts=tuple(facts), indicators=tuple(form.indicators), problems=tuple(problems))


@dataclass(frozen=True)
class _Identity:
    """Who published the report, for which year, and its title block."""
    head: str
    place: identify.Place
    department: str | None
    kind: str | None
    fiscal_year: int | None
    report_date: str | None


def _identify(body_text: str, cell_text: str) -> _Identity:
    head = identify.head_of(body_text if body_text.strip() else cell_text)
    everything = body_text + "\n" + cell_text
    report_date = identify.find_report_date(body_text or cell_text)
    place = identify.find_place(head, everything)
    department, kind = identify.find_department(head, everything, place)
    fiscal_year = identify.find_fiscal_year(head + "\n" + identify.head_of(cell_text, 8), everything, report_date)
    return _Identity(head, place, department, kind, fiscal_year, report_date)


def _identity_problems(who: _Identity, this_year: int) -> list[Problem]:
    problems = []
    if who.fiscal_year is None:
        problems.append(Problem("error", "no_fiscal_year", "no fiscal year found in the title, body or signature date"))
    elif not 2000 <= who.fiscal_year <= this_year:
        problems.append(Problem("error", "fiscal_year_out_of_range",
                                f"fiscal year {who.fiscal_year} is outside 2000–{this_year}"))
    if who.place.district is None:
        problems.append(Problem("warning", "no_district", "no district (区/县/市) found in the report"))
    if who.department is None:
        problems.append(Problem("warning", "no_department", "no relocation department name found"))
    return problems


def _read_forms(doc: Document, tables: list[Table], body_text: str) -> tuple[FormResult, FlatForm | None]:
    """The form's tables (ruled, or rebuilt from a one-cell-per-line export), then for a text
    export without indicators the flattened-form reader, whose findings join the form's."""
    if doc.format in ("txt", "html") and not any(_has_indicator_header(t) for t in tables):
        tables = tables + cell_per_line_tables(body_text)  # a form exported one cell per line
    page_units = {p.number: unit for p in doc.pages if (unit := stated_unit(p.text))}
    form = read_form(tables, page_units)
    flat = None
    if not form.indicators and doc.format in ("txt", "html"):
        flat = _flat_form(form, body_text)
    return form, flat


def _facts(doc: Document, form: FormResult, who: _Identity, body_text: str) -> list[Fact]:
    """The form's facts, then the narrative's (body and cell sentences), with stance and scope settled."""
    ctx = Context(fiscal_year=who.fiscal_year)
    # a form's figure sits under its column header and beside its row label: both name it
    facts: list[Fact] = [f if f.confidence else replace(f, confidence="high") for f in form.facts]
    sentences = list(sentences_of(doc.pages)) + form.sentences
    for sentence in sentences:
        facts.extend(facts_in(sentence, ctx))
    facts = [f for f in facts if f not in ctx.superseded]
    by_text = {s.text.strip(): s for s in sentences}
    if stance.planned_document("\n".join(who.head.split("\n")[:12])):
        facts = stance.as_planned(facts)
    facts = scoped_by_project(scope_repeats(facts, by_text), single_project(body_text))
    return _dedupe(facts)


def _flat_form(form: FormResult, body_text: str) -> FlatForm:
    """A form whose ruling was lost (one line of tokens, …): its indicators and funds block join
    what the ruled-table reader found."""
    flat = read_flat_form(body_text)
    have = {f.measure for f in form.facts}
    form.facts += [f for f in flat.facts if f.measure not in have]
    form.indicators += flat.indicators
    return flat


def _doc_type(head: str, body_text: str, has_indicators: bool, flat_form: bool = False) -> str:
    """The title says which family a document is; failing that, a form is mostly its tables
    (a narrative report may append a self-evaluation table and stays a report). A flattened form
    with hardly a sentence of prose is a form whatever its file is called."""
    title = "\n".join(head.split("\n")[:4])
    if re.search(r"自评表|评价表|绩效表", title) or (flat_form and body_text.count("。") < 3):
        return "selfeval_table"
    if re.search(r"报告|情况说明", title):
        return "narrative_report"
    prose = len(re.sub(r"\s", "", body_text))
    return "selfeval_table" if has_indicators and prose < 1500 else "narrative_report"


def _has_indicator_header(table: Table) -> bool:
    return any(c and "一级指标" in c for row in table.rows[:40] for c in row)


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (measure, value, scope): the same figure in a table and a sentence counts once."""
    seen: set[tuple] = set()
    out = []
    for f in facts:
        key = (f.measure, round(f.value, 2), f.scope)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(f, value=round(f.value, 4)))
    return out
