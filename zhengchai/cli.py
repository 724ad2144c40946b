"""zhengchai — relocation agencies' performance self-evaluation reports, into DuckDB.

  zhengchai run                      run the nightly flow once over raw/
  zhengchai extract FILE... --json   extract figures (SPEC §2 JSON)
  zhengchai query "SQL"              query the warehouse, read-only
  zhengchai problems                 documents held back or warned about, and why
  zhengchai accept DOC --rule R --reason "..."   load a quarantined document anyway
  zhengchai export --format parquet|csv|xlsx     write the marts for Excel and BI tools
  zhengchai report [--out DIR]       the offline HTML report (also written by every run)
  zhengchai docs [--serve]           the warehouse's documentation (dbt docs)
  zhengchai sample                   write the sample corpus to raw/
  zhengchai bench accuracy|speed     measure extraction accuracy or pipeline speed
  zhengchai serve                    serve the nightly deployment on its schedule

`run` and `serve` live with the Prefect flows (flows/commands.py), `sample` and `bench` with the
dev tooling (lab/commands.py): they join this parser through the entry points of the group
`zhengchai.commands` (pyproject.toml), so the library never imports Prefect, the flows or lab.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib.metadata import entry_points
from pathlib import Path

from zhengchai.config import Settings

COMMANDS_GROUP = "zhengchai.commands"  # entry points: functions that add a subcommand to the parser


def settings_of(args: argparse.Namespace) -> Settings:
    """Settings from the command's options, the ZHENGCHAI_* environment and the defaults."""
    base = Settings()
    return Settings(
        raw_dir=Path(getattr(args, "raw", None) or base.raw_dir),
        warehouse=Path(getattr(args, "warehouse", None) or base.warehouse),
        workers=getattr(args, "workers", None) or base.workers,
        document_timeout=getattr(args, "timeout", None) or base.document_timeout,
        dask_address=getattr(args, "dask_address", None) or base.dask_address,
    )


def warehouse_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--warehouse", help="DuckDB file (default warehouse/warehouse.duckdb or $ZHENGCHAI_WAREHOUSE)")


def _cmd_extract(args: argparse.Namespace) -> int:
    from zhengchai.extract import extract_file

    extractions = [extract_file(p) for p in args.files]
    results = [x.as_dict() for x in extractions]
    if args.checks:
        from zhengchai.check import check_extractions

        failed = check_extractions([x for x in extractions if x.ok and x.sha256])
        for r in results:
            r["problems"] += [{"severity": severity, "code": rule, "message": message}
                              for severity, rule, message in failed.get(r["sha256"], [])]
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for r in results:
        d = r["document"]
        print(f"{r['source']}: {d['district']} {d['fiscal_year']} {d['doc_type']} {d['department']} — "
              f"{len(r['facts'])} facts, {len(r['indicators'])} indicators")
        for f in r["facts"]:
            scope = f" [{f['scope']}]" if f["scope"] else ""
            print(f"  {f['measure']:<28} {f['value']:>18,.2f} {f['unit']:<9}{scope}  p.{f['page']}  {f['raw']}")
        for p in r["problems"]:
            print(f"  {p['severity'].upper()} {p['code']}: {p['message']}")
    return 0




def _open_warehouse(path: Path):
    from zhengchai.query import open_readonly

    if not path.exists():
        print(f"no warehouse at {path}: run `zhengchai run` (or `make run`) first", file=sys.stderr)
        raise SystemExit(2)
    return open_readonly(path)


def _cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from zhengchai.query import QueryRefused, run_query

    con = _open_warehouse(settings_of(args).warehouse)
    try:
        relation = run_query(con, args.sql)
        if relation is None:
            return 0
        if args.csv:
            relation.df().to_csv(sys.stdout, index=False)
        else:
            relation.show(max_rows=args.max_rows, max_width=200)
    except QueryRefused as e:
        print(f"query refused: {e}", file=sys.stderr)
        return 1
    except duckdb.Error as e:
        print(f"query failed: {e}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


PROBLEMS_SQL = """
with docs as (
    select document_id, source_path, district, fiscal_year from raw.documents
)
select d.source_path as file, d.district, d.fiscal_year, v.rule, v.severity,
       case when q.rule is not null then 'quarantined' when v.severity = 'error' then 'accepted'
            else 'loaded' end as outcome,
       v.message, v.observed, v.document_id
from raw.validation_results v
join docs d using (document_id)
left join raw.quarantine q on q.document_id = v.document_id and q.rule = v.rule
where not v.passed
union all
select coalesce(d.source_path, p.source_path), d.district, d.fiscal_year, p.code, p.severity,
       case when p.severity = 'error' then 'not loaded' else 'loaded' end, p.message, null, p.document_id
from raw.problems p left join docs d using (document_id)
"""


def _cmd_problems(args: argparse.Namespace) -> int:
    con = _open_warehouse(settings_of(args).warehouse)
    try:
        where, params = [], []
        if args.district:
            where.append("district = ?")
            params.append(args.district)
        if args.year:
            where.append("fiscal_year = ?")
            params.append(args.year)
        if not args.all:
            where.append("(severity = 'error' or outcome = 'loaded')")
        sql = f"select * from ({PROBLEMS_SQL}) {'where ' + ' and '.join(where) if where else ''} " \
              "order by outcome, district, fiscal_year, file, rule"
        rows = con.execute(sql, params).fetchall()
    finally:
        con.close()
    if not rows:
        print("no problems recorded")
        return 0
    for file, district, year, rule, severity, outcome, message, observed, doc_id in rows:
        print(f"{outcome:<12} {severity:<8} {rule:<26} {district or '?'} {year or '?'}  {file}")
        print(f"             {message}")
        if observed:
            print(f"             values: {observed}")
        if outcome == "quarantined":
            print(f"             to load it anyway: zhengchai accept {doc_id[:12]} --rule {rule} --reason \"…\"")
    return 0


def _cmd_accept(args: argparse.Namespace) -> int:
    from zhengchai.publish import AlreadyRunning
    from zhengchai.review import accept

    try:
        message = accept(settings_of(args), args.document, args.rule, args.reason,
                         args.by or os.environ.get("USER") or "analyst")
    except (LookupError, ValueError, AlreadyRunning) as e:
        print(str(e), file=sys.stderr)
        return 2
    print(message)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from zhengchai.export import export

    con = _open_warehouse(settings_of(args).warehouse)
    try:
        for path in export(con, Path(args.out), args.format, args.tables):
            print(path)
    except ValueError as e:  # an unknown table name: say which exist
        print(str(e), file=sys.stderr)
        return 2
    finally:
        con.close()
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from zhengchai.report import write_report

    warehouse = settings_of(args).warehouse
    _open_warehouse(warehouse).close()  # a clear message when there is none
    print(write_report(warehouse, Path(args.out) if args.out else None))
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    from zhengchai import docs

    warehouse = settings_of(args).warehouse
    _open_warehouse(warehouse).close()
    try:
        page = docs.generate(warehouse, Path(args.out) if args.out else None)
    except RuntimeError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(page)
    if args.serve:
        docs.serve(page.parent, args.port)
    return 0






def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhengchai", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract figures from report files")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="print the SPEC §2 JSON array")
    p.add_argument("--no-checks", dest="checks", action="store_false",
                   help="skip the consistency checks (reported as problems of each document)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("query", help="run one read-only SQL statement against the warehouse (it may not write, "
                       "attach, copy, export, install or change settings)")
    p.add_argument("sql")
    warehouse_option(p)
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    p.add_argument("--max-rows", type=int, default=200)
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("problems", help="list quarantined documents, warnings and unreadable files")
    warehouse_option(p)
    p.add_argument("--district")
    p.add_argument("--year", type=int)
    p.add_argument("--all", action="store_true", help="include passed-over warnings of every kind")
    p.set_defaults(func=_cmd_problems)

    p = sub.add_parser("accept", help="load a quarantined document despite a failed check (recorded)")
    p.add_argument("document", help="document id (or its first 8+ characters), file path or file name")
    p.add_argument("--rule", required=True)
    p.add_argument("--reason", required=True)
    p.add_argument("--by", help="who decided (default $USER)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_accept)

    p = sub.add_parser("export", help="write marts, facts and dimensions for Excel / BI tools")
    p.add_argument("--format", choices=("parquet", "csv", "xlsx"), default="parquet")
    p.add_argument("--out", default="warehouse/export")
    p.add_argument("--tables", nargs="*", help="tables to export (default: every mart, fact and dimension)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("report", help="write the offline HTML report (also written by every run)")
    p.add_argument("--out", help="folder of the report (default: report/ beside the warehouse)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("docs", help="generate the warehouse's documentation (dbt docs), optionally serve it")
    p.add_argument("--out", help="folder of the docs (default: docs/ beside the warehouse)")
    p.add_argument("--serve", action="store_true", help="serve them on http://127.0.0.1:PORT until Ctrl-C")
    p.add_argument("--port", type=int, default=8080, help="port for --serve (default 8080)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_docs)

    for command in entry_points(group=COMMANDS_GROUP):  # run, serve (flows/), sample, bench (lab/)
        command.load()(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
