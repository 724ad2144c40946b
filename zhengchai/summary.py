"""What a run prints when it is done: counts, unreadable and quarantined documents, timings."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from zhengchai.check.results import quarantining_rules
from zhengchai.pipeline import RunContext
from zhengchai.warehouse import connect


def _optional(con: duckdb.DuckDBPyConnection, sql: str, otherwise: list) -> list:
    try:
        return con.execute(sql).fetchall()
    except duckdb.Error:  # a failed build leaves no marts; the summary still prints
        return otherwise


@dataclass
class Summary:
    run_id: str
    warehouse: str
    files_seen: int = 0
    documents_parsed: int = 0
    documents_failed: list[tuple[str, str, str]] = field(default_factory=list)  # path, code, message
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)  # path, rule, message
    warnings: int = 0
    facts_loaded: int = 0
    facts_in_marts: int = 0
    district_years: int = 0
    duplicates: int = 0
    removed: int = 0
    moved: int = 0
    not_read: list[tuple[str, str, str]] = field(default_factory=list)  # entries discovery refused: path, code, why
    rebuilt: bool = True  # False: nothing validation or dbt read had changed, the marts were carried over
    workers: list[str] = field(default_factory=list)  # host:pid of the processes that extracted
    batches: int = 0  # extraction tasks
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step
    report: str | None = None  # index.html of the report written beside the warehouse


class Timer:
    """Seconds per named step of a run: `with timer("build"): ...`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[step] = round(self.seconds.get(step, 0.0) + time.perf_counter() - started, 3)


def summarize(ctx: RunContext, path: Path, parsed: int, *, rebuilt: bool = True, workers: Iterable[str] = (),
              batches: int = 0, timings: dict[str, float] | None = None, report: str | None = None) -> Summary:
    con = connect(path, read_only=True)
    try:
        s = Summary(run_id=ctx.run_id, warehouse=str(path), files_seen=len(ctx.plan.files), documents_parsed=parsed,
                    duplicates=len(ctx.plan.duplicates), removed=len(ctx.plan.removed), moved=len(ctx.plan.moved),
                    rebuilt=rebuilt, workers=sorted(set(workers)), batches=batches, timings=dict(timings or {}),
                    report=report, not_read=[(k.path, k.code, k.message) for k in ctx.plan.skipped])
        s.documents_failed = con.execute(
            """select coalesce(d.source_path, p.source_path), p.code, p.message
               from raw.problems p left join raw.documents d using (document_id)
               where p.severity = 'error' and p.stage = 'extract' order by 1""").fetchall()
        s.quarantined = quarantining_rules(con)
        s.warnings = con.execute(
            "select count(*) from raw.validation_results where not passed and severity = 'warning'").fetchone()[0]
        s.facts_loaded = con.execute("select count(*) from raw.facts").fetchone()[0]
        s.district_years = _optional(con, "select count(*) from mart_district_year", [(0,)])[0][0]
        s.facts_in_marts = _optional(con, "select count(*) from intermediate.int_facts_current", [(0,)])[0][0]
        return s
    finally:
        con.close()


EXAMPLE_QUERIES = (
    ("Start here: one row per district and year, report and form combined (money in yuan, ÷ 10000 for 万元)",
     "select district, fiscal_year, round(budget / 10000, 2) as budget_wan, round(expenditure_total / 10000, 2)\n"
     "       as spent_wan, execution_rate, households_signed, doc_types\n"
     "from mart_district_year order by district, fiscal_year;"),
    ("Budget execution per document (a report and a form of the same year are two rows: see doc_type)",
     "select district, fiscal_year, doc_type, budget, expenditure_total, execution_rate_reported,\n"
     "       execution_rate_computed\nfrom fct_budget order by district, fiscal_year, doc_type;"),
    ("Households signed, year over year",
     "select district, fiscal_year, value as households_signed, yoy_change, yoy_growth_pct\n"
     "from mart_district_trend where measure = 'households_signed' order by district, fiscal_year;"),
    ("Documents held back and why",
     "select file_name, status, quarantine_reasons from dim_document where status <> 'ok';"),
)


def held_back(s: Summary) -> list[tuple[str, str, str, str]]:
    """(what, path, code or rule, message) of every file the run did not load or held back."""
    return ([("unreadable", *f) for f in s.documents_failed] + [("not read", *f) for f in s.not_read]
            + [("quarantined", *q) for q in s.quarantined])


def artifact_rows(s: Summary) -> list[dict[str, str]]:
    """The run's summary as a table (the Prefect artifact): counts, then one row per file held back."""
    rows = [{"what": k, "value": str(len(v) if isinstance(v, list) else v)} for k, v in vars(s).items()
            if not isinstance(v, dict)]
    rows += [{"what": what, "value": f"{path}: {code} — {message}"} for what, path, code, message in held_back(s)]
    return rows


def _tool(name: str) -> str:
    """A command of this installation as the user can type it: .venv/bin/duckdb from the repository."""
    here = Path(sys.executable).parent / name
    if not here.exists():
        return name
    relative = os.path.relpath(here)
    return relative if not relative.startswith("..") else str(here)


def try_line(warehouse: str) -> str:
    return (f"Try ({_tool('duckdb')} -readonly {warehouse}  or  {_tool('zhengchai')} query \"…\"; "
            "-readonly lets the next run publish while you read):")


def format_summary(s: Summary) -> str:
    lines = [
        f"zhengchai run {s.run_id}",
        f"  files in raw/            {s.files_seen}  (duplicates {s.duplicates}, moved {s.moved}, removed {s.removed})",
        f"  documents parsed         {s.documents_parsed}"
        + (f"  (on {len(s.workers)} process{'es' if len(s.workers) != 1 else ''})" if s.workers else ""),
        f"  facts in raw.facts       {s.facts_loaded}  (in current, loaded documents: {s.facts_in_marts})",
        f"  district-years in marts  {s.district_years}",
        f"  unreadable documents     {len(s.documents_failed)}",
    ]
    for path, code, message in s.documents_failed:
        lines.append(f"    {path}: {code} — {message}")
    if s.not_read:
        lines.append(f"  entries not read         {len(s.not_read)}")
        lines.extend(f"    {path}: {code} — {message}" for path, code, message in s.not_read)
    docs = sorted({q[0] for q in s.quarantined})
    lines.append(f"  quarantined documents    {len(docs)}  (warnings recorded: {s.warnings})")
    for path, rule, message in s.quarantined:
        lines.append(f"    {path}: {rule} — {message}")
    if not s.rebuilt:
        lines.append("  nothing changed since the last build: validation and dbt build skipped, marts carried over")
    if s.timings:
        lines.append("  seconds                  " + ", ".join(f"{k} {v:.1f}" for k, v in s.timings.items()))
    lines.append(f"  warehouse                {s.warehouse}")
    if s.report:
        lines.append(f"  report                   {s.report}")
    lines.append("")
    lines.append(try_line(s.warehouse))
    for title, sql in EXAMPLE_QUERIES:
        lines.append(f"  -- {title}")
        lines.extend("  " + x for x in sql.split("\n"))
    return "\n".join(lines)
