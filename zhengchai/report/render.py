"""Writes the report's pages from templates: a static site that opens from file:// offline."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from zhengchai.report import charts, pages
from zhengchai.report.data import Warehouse
from zhengchai.report.labels import MEASURES, TOPICS


def environment() -> Environment:
    env = Environment(loader=PackageLoader("zhengchai.report", "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(topics=TOPICS, measures=MEASURES, district_slug=pages.district_slug)
    return env


NAV_DISTRICTS = 40  # districts named in every page's navigation; more get a page of their own


class Site:
    """Pages written into one folder; `root` is the way back to it from a page's subfolder."""

    def __init__(self, folder: Path, w: Warehouse, generated_at: datetime) -> None:
        self.folder, self.w, self.env = folder, w, environment()
        self.common = {"generated_at": f"{generated_at:%Y-%m-%d %H:%M}",
                       "districts": pages.districts_of(w),
                       "run_id": w.runs.run_id.iloc[0] if len(w.runs) else "—"}
        # every page's navigation names the districts while they are few; past that it links to the
        # districts page (a national report would otherwise repeat 2,800 links on every page)
        few = len(self.common["districts"]) <= NAV_DISTRICTS
        self.common["nav_districts"] = self.common["districts"] if few else None
        self.color_of = charts.colors(self.common["districts"])
        self.superseded = set(w.documents.document_id[~w.documents.is_current.fillna(True)])
        # each page's rows found by position, not by scanning whole frames once per page (a national
        # warehouse has 100,000 document pages over millions of facts)
        self.rows_of = {
            "facts": _positions(w.facts, "document_id"),
            "problems": _positions(w.problems, "document_id"),
            "documents": _positions(w.documents, "place_district"),
            "district_years": _positions(w.district_years, "district"),
        }

    def rows(self, frame: str, key) -> pd.DataFrame:
        """The rows of one of the warehouse's frames whose key (document, district) is `key`."""
        table = getattr(self.w, frame)
        return table.iloc[self.rows_of[frame].get(key, [])]

    def is_current(self, document_id) -> bool:
        return document_id not in self.superseded

    def write(self, name: str, template: str, chart_list: list[charts.Chart] = (), **context) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * name.count("/")
        html = self.env.get_template(template).render(
            root=root, charts_json=charts.page_json(list(chart_list)), has_charts=bool(chart_list),
            **self.common, **context)
        path.write_text(html, encoding="utf-8")
        return path


def write_pages(site: Site) -> list[Path]:
    w = site.w
    written = [site.write("index.html", "index.html", page="overview", **pages.overview(w))]
    for topic in TOPICS:
        main, small = pages.topic_charts(w, topic, site.color_of)
        written.append(site.write(f"trend-{topic.slug}.html", "trend.html", [main] + [s["chart"] for s in small],
                                  page="trend", topic=topic, small=small))
        bars = pages.ranking_chart(w, topic, site.color_of)
        written.append(site.write(f"ranking-{topic.slug}.html", "ranking.html", [bars] if bars else [],
                                  page="ranking", topic=topic, tables=pages.ranking_tables(w, topic)))
    written.append(site.write("districts.html", "districts.html", page="districts", rows=pages.district_rows(w)))
    written += [write_district(site, d) for d in site.common["districts"]]
    written += [write_document(site, doc) for _, doc in w.documents.iterrows()]
    problems = [pages.problem_row(p, site.is_current(p.document_id)) for _, p in w.problems.iterrows()]
    written.append(site.write("quality.html", "quality.html", page="quality", problems=problems))
    return written


def _positions(frame: pd.DataFrame, key: str) -> dict:
    return frame.groupby(key, sort=False, dropna=True).indices if len(frame) else {}


def write_district(site: Site, district: str) -> Path:
    w = site.w
    frame = site.rows("district_years", district)
    docs = [pages.document_row(r) for _, r in site.rows("documents", district).iterrows()]
    problems = [pages.problem_row(p, site.is_current(p.document_id))
                for d in docs for _, p in site.rows("problems", d["id"]).iterrows()]
    open_problems = [p for p in problems if not p["accepted"] and not p["superseded"]]
    rows = [{"year": int(r.fiscal_year), "values": [m.format(m.convert(getattr(r, k))) for k, m in MEASURES.items()]}
            for r in frame.itertuples()]
    chart_list = pages.district_topic_charts(frame, pages.years_of(w), site.color_of.get(district, "#1f77b4"))
    return site.write(f"district/{pages.district_slug(district)}.html", "district.html", chart_list,
                      page="district", district=district, rows=rows, docs=docs, problems=open_problems,
                      accepted=[p for p in problems if p["accepted"]])


def write_document(site: Site, doc) -> Path:
    row = pages.document_row(doc)
    problems = [pages.problem_row(p, row["current"]) for _, p in site.rows("problems", doc.document_id).iterrows()]
    return site.write(f"document/{row['slug']}.html", "document.html", page="document", doc=row,
                      figures=pages.figure_rows(site.rows("facts", doc.document_id)), problems=problems)


def write_site(w: Warehouse, out: Path, generated_at: datetime | None = None) -> Path:
    """Build the whole site in a private folder beside `out`, then swap it in: a reader never
    sees half a report, and a failure leaves the previous one."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        charts.write_library(building / "assets")
        write_pages(Site(building, w, generated_at or datetime.now()))
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        if out.exists():
            os.replace(out, old)
        os.replace(building, out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return out / "index.html"
