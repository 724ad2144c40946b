"""What the report reads from the published warehouse: one read-only connection, plain queries.

Values come back in the warehouse's units (yuan, m²); labels.Measure converts for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import duckdb
import pandas as pd

from zhengchai.report.labels import MEASURES

DISTRICT_YEARS_SQL = """
select district_key, district, district_code, province, city, fiscal_year, {measures},
       documents, documents_loaded, has_quarantined_document, has_failed_document
from mart_district_year
where district is not null
order by district, fiscal_year
"""

RANKING_SQL = """
with ranking as (
    select district_key, district, measure, fiscal_year, value, rank, districts_ranked
    from mart_district_ranking
    where measure in ({measures})
),

trend as (
    select district_key, measure, fiscal_year, yoy_change, yoy_growth_pct
    from mart_district_trend
)

select ranking.*, trend.yoy_change, trend.yoy_growth_pct
from ranking
left join trend using (district_key, measure, fiscal_year)
order by ranking.measure, ranking.fiscal_year desc, ranking.rank, ranking.district
"""

DOCUMENTS_SQL = """
select document_id, source_path, file_name, file_format, page_count, district_key, city, district, fiscal_year, doc_type,
       department, status, is_current, superseded_by, facts_extracted, indicators_extracted, run_id
from dim_document
order by district nulls last, fiscal_year nulls last, source_path
"""

FACTS_SQL = """
select f.document_id, f.fact_seq, f.measure, coalesce(m.label, f.measure) as label, f.unit, f.value,
       f.scope, f.qualifier, f.raw_text, f.page, f.source_text
from raw.facts as f
left join dim_measure as m using (measure)
order by f.document_id, f.fact_seq
"""

PROBLEMS_SQL = """
with failed as (
    select v.document_id, 'check' as stage, v.rule as code, v.severity, v.message, v.observed,
           a.rule is not null as accepted, a.reason as accepted_reason, a.accepted_by
    from raw.validation_results as v
    left join raw.acceptances as a on a.document_id = v.document_id and a.rule = v.rule
    where not v.passed
),

read_problems as (
    select p.document_id, p.stage, p.code, p.severity, p.message, null as observed,
           false as accepted, null as accepted_reason, null as accepted_by
    from raw.problems as p
)

select problems.*, coalesce(d.source_path, p.source_path) as source_path
from (select * from failed union all by name select * from read_problems) as problems
left join raw.documents as d using (document_id)
left join (select distinct document_id, source_path from raw.problems) as p using (document_id)
order by source_path, severity, code
"""

RUNS_SQL = """
select run_id, started_at, finished_at, files_seen, documents_parsed, documents_failed,
       documents_quarantined, facts_loaded, note
from raw.runs
where status = 'published'
order by finished_at desc
"""

FILES_SQL = """
select path, status, document_id
from raw.files
where run_id = ? and status <> 'unchanged'
order by status, path
"""


@dataclass
class Warehouse:
    """Everything the pages show, read once."""

    district_years: pd.DataFrame
    ranking: pd.DataFrame
    documents: pd.DataFrame
    facts: pd.DataFrame
    problems: pd.DataFrame
    runs: pd.DataFrame
    changed_files: pd.DataFrame
    acceptances: pd.DataFrame


def read(path) -> Warehouse:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return _read(con)
    finally:
        con.close()


def _read(con: duckdb.DuckDBPyConnection) -> Warehouse:
    measures = ", ".join(MEASURES)
    quoted = ", ".join(f"'{m}'" for m in MEASURES)
    runs = con.execute(RUNS_SQL).df()
    latest = runs.run_id.iloc[0] if len(runs) else None
    since = runs.finished_at.iloc[1] if len(runs) > 1 else None
    documents = con.execute(DOCUMENTS_SQL).df()
    district_years = con.execute(DISTRICT_YEARS_SQL.format(measures=measures)).df()
    ranking = con.execute(RANKING_SQL.format(measures=quoted)).df()
    tell_apart(district_years, ranking, documents)
    place_by_folder(documents, set(district_years.district))
    return Warehouse(
        district_years=district_years,
        ranking=ranking,
        documents=documents,
        facts=con.execute(FACTS_SQL).df(),
        problems=con.execute(PROBLEMS_SQL).df(),
        runs=runs,
        changed_files=con.execute(FILES_SQL, [latest]).df(),
        acceptances=con.execute(
            "select * from raw.acceptances where ? is null or accepted_at > ? order by accepted_at",
            [since, since]).df(),
    )


def tell_apart(*frames: pd.DataFrame) -> None:
    """Districts of one name in different cities (朝阳区 of 北京市 and of 长春市) are shown, and get
    their pages, with their city: 朝阳区（北京市）. The report names districts; the warehouse keys them
    (district_key), so each frame carries both."""
    named = pd.concat([f[["district_key", "district"] + (["city"] if "city" in f else [])] for f in frames])
    named = named.dropna(subset=["district_key", "district"]).drop_duplicates("district_key")
    keys_per_name = named.groupby("district").district_key.nunique()
    ambiguous = set(keys_per_name[keys_per_name > 1].index)
    if not ambiguous:
        return
    cities = named.dropna(subset=["city"]).set_index("district_key").city if "city" in named else pd.Series()
    label = {key: f"{name}（{cities[key]}）" for key, name in zip(named.district_key, named.district, strict=True)
             if name in ambiguous and key in cities.index}
    for frame in frames:
        mask = frame.district.isin(ambiguous) & frame.district_key.isin(label.keys())
        frame.loc[mask, "district"] = frame.loc[mask, "district_key"].map(label)


def place_by_folder(documents: pd.DataFrame, districts: set[str]) -> None:
    """A document that could not be read has no district or year of its own: take them from its
    folder when the folder names a known district (raw/<district>/<year>/<file>)."""
    placed_district, placed_year = [], []
    for path, district, year in zip(documents.source_path, documents.district, documents.fiscal_year,
                                    strict=True):
        parts = PurePosixPath(str(path)).parts
        folder_district = next((p for p in parts if p in districts), None)
        folder_year = next((int(p) for p in parts[:-1] if p.isdigit() and len(p) == 4), None)
        placed_district.append(district if isinstance(district, str) else folder_district)
        placed_year.append(year if pd.notna(year) else folder_year)
    documents["place_district"] = placed_district
    documents["place_year"] = pd.array(placed_year, dtype="Int64")
