"""The content of each page of the report: plain dicts and charts built from the warehouse."""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
from markupsafe import Markup, escape

from zhengchai.report import charts
from zhengchai.report.data import Warehouse
from zhengchai.report.labels import (
    DOC_TYPES,
    DOCUMENT_STATUS,
    FILE_STATUS,
    MEASURES,
    SEVERITY,
    TOPICS,
    Topic,
    code_label,
    display_unit,
    is_missing,
    rule_label,
)

LOADED = ("ok", "accepted")


def district_slug(name: str) -> str:
    """ASCII file names: a page opens from file:// whatever the file system's encoding."""
    return "d-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def doc_slug(document_id: str) -> str:
    return document_id[:12]


NUMBER = re.compile(r"\d[\d,，.]*\d|\d")


def text(value) -> str:
    return "" if is_missing(value) else str(value)


def highlight(source: str | None, figure: str | None) -> Markup:
    """The sentence with the figure as printed marked, both escaped. A figure printed across
    cells (a label, then other columns, then the number) is marked by its number."""
    source, figure = source or "", figure or ""
    start = source.find(figure) if figure else -1
    if start < 0:
        numbers = sorted(NUMBER.findall(figure), key=len)
        figure = numbers[-1] if numbers else ""
        start = source.rfind(figure) if figure else -1
    if start < 0:
        return escape(source)
    end = start + len(figure)
    return (escape(source[:start]) + Markup('<mark class="figure">') + escape(source[start:end])
            + Markup("</mark>") + escape(source[end:]))


def years_of(w: Warehouse) -> list[int]:
    years = set(w.district_years.fiscal_year.dropna().astype(int))
    years |= {int(y) for y in w.documents.place_year.dropna()}
    return sorted(years)


def districts_of(w: Warehouse) -> list[str]:
    names = set(w.district_years.district.dropna()) | set(w.documents.place_district.dropna())
    return sorted(names)


def district_rows(w: Warehouse) -> list[dict]:
    """The districts page: each district with its province, city, years and documents."""
    years = w.district_years.groupby("district").agg(
        province=("province", "first"), city=("city", "first"),
        first=("fiscal_year", "min"), last=("fiscal_year", "max"))
    documents = w.documents.groupby("place_district").size()
    rows = []
    for name in districts_of(w):
        y = years.loc[name] if name in years.index else None
        span = "—" if y is None or pd.isna(y["first"]) else (
            f"{int(y['first'])}" if y["first"] == y["last"] else f"{int(y['first'])}–{int(y['last'])}")
        rows.append({"district": name, "province": text(None if y is None else y["province"]),
                     "city": text(None if y is None else y["city"]), "years": span,
                     "documents": int(documents.get(name, 0))})
    return sorted(rows, key=lambda r: (r["province"], r["city"], r["district"]))


def document_row(doc: pd.Series) -> dict:
    return {
        "id": doc.document_id, "slug": doc_slug(doc.document_id), "path": doc.source_path,
        "file": doc.file_name, "format": doc.file_format, "pages": None if is_missing(doc.page_count) else int(doc.page_count),
        "district": doc.place_district, "year": None if is_missing(doc.place_year) else int(doc.place_year),
        "doc_type": DOC_TYPES.get(doc.doc_type, text(doc.doc_type) or "—"), "department": text(doc.department) or "—",
        "status": doc.status, "status_label": DOCUMENT_STATUS.get(doc.status, doc.status),
        "current": bool(doc.is_current), "superseded_by": None if is_missing(doc.superseded_by) else doc.superseded_by,
        "facts": 0 if is_missing(doc.facts_extracted) else int(doc.facts_extracted),
    }


def problem_row(p: pd.Series, current: bool = True) -> dict:
    """One problem as shown; the accept command only where accepting changes something."""
    accept = None
    if p.stage == "check" and p.severity == "error" and not p.accepted and current:
        accept = f'zhengchai accept {doc_slug(p.document_id)} --rule {p.code} --reason "…"'
    observed = None
    if isinstance(p.observed, str) and p.observed:
        observed = json.dumps(json.loads(p.observed), ensure_ascii=False)
    label = rule_label(p.code) if p.stage == "check" else code_label(p.code)
    return {
        "document_id": p.document_id, "slug": doc_slug(p.document_id) if isinstance(p.document_id, str) else None,
        "path": p.source_path, "stage": p.stage, "code": p.code, "label": label, "severity": p.severity,
        "severity_label": SEVERITY.get(p.severity, p.severity), "message": p.message, "observed": observed,
        "accepted": bool(p.accepted), "accepted_reason": p.accepted_reason, "accepted_by": p.accepted_by,
        "accept": accept, "superseded": not current,
    }


def coverage(w: Warehouse) -> dict:
    """Districts × years: which reports are loaded, quarantined or unreadable."""
    docs = w.documents[w.documents.is_current.fillna(True)]
    cells = {}
    for (district, year), group in docs.groupby(["place_district", "place_year"]):
        counts = group.status.value_counts()
        loaded = int(sum(counts.get(s, 0) for s in LOADED))
        quarantined, failed = int(counts.get("quarantined", 0)), int(counts.get("failed_extraction", 0))
        kind = "ok" if loaded and not (quarantined or failed) else "mixed" if loaded else \
            "quarantined" if quarantined else "failed"
        parts = [f"入库 {loaded}"] if loaded else []
        parts += [f"隔离 {quarantined}"] if quarantined else []
        parts += [f"无法读取 {failed}"] if failed else []
        cells[(district, int(year))] = {"kind": kind, "text": " · ".join(parts)}
    return {"districts": districts_of(w), "years": years_of(w), "cells": cells}


def document_counts(w: Warehouse) -> list[tuple[str, int]]:
    docs, problems = w.documents, w.problems
    return [
        ("识别的文档", len(docs)),
        ("已读取", int((docs.status != "failed_extraction").sum())),
        ("已入库", int((docs.status.isin(LOADED) & docs.is_current).sum())),
        ("已隔离", int((docs.status == "quarantined").sum())),
        ("无法读取", int((docs.status == "failed_extraction").sum())),
        ("已被新版本取代", int((~docs.is_current.fillna(True)).sum())),
        ("重复文件", int((problems.code == "duplicate_file").sum())),
    ]


def yearly_totals(w: Warehouse) -> dict:
    """Headline totals per year over the districts that report each measure."""
    dy = w.district_years
    keys = ["budget", "expenditure_total", "households_signed", "land_cleared", "area_demolished",
            "compensation_paid"]
    rows = []
    for year, group in dy.groupby("fiscal_year"):
        both = group.dropna(subset=["budget", "expenditure_total"])
        rate = both.expenditure_total.sum() / both.budget.sum() * 100 if both.budget.sum() else None
        values = [MEASURES[k].format(MEASURES[k].convert(group[k].sum(min_count=1))) for k in keys]
        rows.append({"year": int(year), "districts": int(group.documents_loaded.gt(0).sum()),
                     "values": values, "rate": "—" if rate is None else f"{rate:,.2f}"})
    return {"headings": [MEASURES[k].heading for k in keys], "rows": rows}


def changes(w: Warehouse) -> dict:
    runs = w.runs
    latest = runs.iloc[0].to_dict() if len(runs) else {}
    files = [{"path": r.path, "status": FILE_STATUS.get(r.status, r.status),
              "slug": doc_slug(r.document_id) if isinstance(r.document_id, str) else None}
             for r in w.changed_files.itertuples()]
    by_status = pd.Series([f["status"] for f in files]).value_counts().to_dict() if files else {}
    accepted = [{"slug": doc_slug(a.document_id), "rule": rule_label(a.rule), "reason": a.reason,
                 "by": a.accepted_by} for a in w.acceptances.itertuples()]
    return {"latest": latest, "first": len(runs) <= 1, "previous": runs.iloc[1].to_dict() if len(runs) > 1 else None,
            "files": files, "by_status": by_status, "accepted": accepted}


def overview(w: Warehouse) -> dict:
    return {"coverage": coverage(w), "counts": document_counts(w), "totals": yearly_totals(w),
            "changes": changes(w)}


def _series(frame: pd.DataFrame, key: str) -> tuple[list[int], list]:
    measure = MEASURES[key]
    return [int(y) for y in frame.fiscal_year], [measure.convert(v) for v in frame[key]]


def topic_charts(w: Warehouse, topic: Topic, color_of: dict[str, str]) -> tuple[charts.Chart, list[dict]]:
    """One line per district, and one small chart per district with the companion measure."""
    dy, years = w.district_years, years_of(w)
    series, small = [], []
    peak = pd.concat([dy[k] * MEASURES[k].factor for k in (topic.main, topic.companion) if k]).max()
    for district, frame in dy.groupby("district"):
        x, y = _series(frame, topic.main)
        series.append(charts.Series(district, x, y, color_of[district]))
        lines = [charts.Series(topic.measure.label, x, y, color_of[district])]
        if topic.companion:
            cx, cy = _series(frame, topic.companion)
            lines.append(charts.Series(MEASURES[topic.companion].label, cx, cy, "#888", "dash"))
        chart = charts.line_chart(f"small-{district_slug(district)}", district, topic.measure, lines, years,
                                  height=230, legend=False, y_max=None if is_missing(peak) else float(peak))
        small.append({"district": district, "slug": district_slug(district), "chart": chart})
    main = charts.line_chart("main", f"{topic.title}：各区县逐年（{topic.measure.unit}）", topic.measure,
                             series, years)
    return main, small


def district_topic_charts(frame: pd.DataFrame, years: list[int], color: str) -> list[charts.Chart]:
    out = []
    for topic in TOPICS:
        x, y = _series(frame, topic.main)
        lines = [charts.Series(topic.measure.label, x, y, color)]
        if topic.companion:
            cx, cy = _series(frame, topic.companion)
            lines.append(charts.Series(MEASURES[topic.companion].label, cx, cy, "#888", "dash"))
        out.append(charts.line_chart(f"topic-{topic.slug}", f"{topic.title}（{topic.measure.unit}）",
                                     topic.measure, lines, years, height=300))
    return out


def ranking_chart(w: Warehouse, topic: Topic, color_of: dict[str, str]) -> charts.Chart | None:
    """The latest year's ranking as bars."""
    rows = w.ranking[w.ranking.measure == topic.main]
    if rows.empty:
        return None
    year = int(rows.fiscal_year.max())
    latest = rows[rows.fiscal_year == year].sort_values(["rank", "district"])
    values = [topic.measure.convert(v) for v in latest.value]
    return charts.bar_chart("ranking", f"{year}年{topic.measure.heading}", topic.measure, list(latest.district),
                            values, color_of)


def ranking_tables(w: Warehouse, topic: Topic) -> list[dict]:
    measure = topic.measure
    rows = w.ranking[w.ranking.measure == topic.main]
    tables = []
    for year, group in rows.groupby("fiscal_year", sort=False):
        entries = [{
            "rank": int(r.rank), "district": r.district, "slug": district_slug(r.district),
            "value": measure.format(measure.convert(r.value)),
            "change": "—" if is_missing(r.yoy_change) else f"{measure.convert(r.yoy_change):+,.{measure.decimals}f}",
            "growth": "—" if is_missing(r.yoy_growth_pct) else f"{r.yoy_growth_pct:+,.1f}%",
            "up": None if is_missing(r.yoy_change) else r.yoy_change > 0,
        } for r in group.itertuples()]
        tables.append({"year": int(year), "count": len(entries), "rows": entries})
    return tables


def figure_rows(facts: pd.DataFrame) -> list[dict]:
    """One document's figures (its rows of the facts frame), as its page lists them."""
    rows = []
    for f in facts.itertuples():
        unit = display_unit(f.unit, f.measure)
        rows.append({
            "seq": int(f.fact_seq), "n": int(f.fact_seq) + 1, "measure": f.measure, "label": f.label,
            "scope": text(f.scope), "qualifier": text(f.qualifier), "value": unit.format(unit.convert(f.value)), "unit": unit.unit,
            "raw": f.raw_text, "page": None if is_missing(f.page) else int(f.page),
            "source": highlight(f.source_text, f.raw_text),
        })
    return rows
