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
import signal
import sys
from collections.abc import Sequence
from functools import cached_property
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


class DefaultsHelp(argparse.RawDescriptionHelpFormatter):
    """Every option's help ends with its default, unless the help already says it or there is none."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        if action.default in (None, False, argparse.SUPPRESS) or action.option_strings == [] \
                or "default" in text or "%(default)" in text:
            return text
        return f"{text} (default %(default)s)".lstrip()


class Parser(argparse.ArgumentParser):
    """The parser of zhengchai and of every subcommand (those of the entry points too): defaults in --help."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", DefaultsHelp)
        super().__init__(*args, **kwargs)


def _number(kind: type, what: str):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {what}") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text} is not a {what} (it must be above 0)")
        return value

    parse.__name__ = what  # argparse names the type in its message
    return parse


positive_int = _number(int, "positive whole number")
positive_float = _number(float, "positive number")


class ErrorRules(Sequence):
    """The names of expectations/rules.yml's error rules (the ones an analyst may accept), read only
    when `accept` parses or shows its help, so other commands start without loading the checks."""

    @cached_property
    def names(self) -> list[str]:
        from zhengchai.check.rules import load_rules

        return sorted(r.name for r in load_rules().rules.values() if r.severity == "error")

    def __getitem__(self, i):
        return self.names[i]

    def __len__(self) -> int:
        return len(self.names)


def _cmd_extract(args: argparse.Namespace) -> int:
    from zhengchai.extract import extract_file

    missing = [str(p) for p in args.files if not p.is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
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
        return _not_loadable(extractions)
    for r in results:
        d = r["document"]
        print(f"{r['source']}: {d['district']} {d['fiscal_year']} {d['doc_type']} {d['department']} — "
              f"{len(r['facts'])} facts, {len(r['indicators'])} indicators")
        for f in r["facts"]:
            scope = f" [{f['scope']}]" if f["scope"] else ""
            print(f"  {f['measure']:<28} {f['value']:>18,.2f} {f['unit']:<9}{scope}  p.{f['page']}  {f['raw']}")
        for p in r["problems"]:
            print(f"  {p['severity'].upper()} {p['code']}: {p['message']}")
    return _not_loadable(extractions)


def _not_loadable(extractions) -> int:
    """1 when a file is not a report a run would load (unreadable, not a report, …), said on stderr."""
    bad = [x for x in extractions if not x.ok]
    for x in bad:
        why = "; ".join(f"{p.code} — {p.message}" for p in x.problems if p.severity == "error")
        print(f"{x.source}: not loaded: {why}", file=sys.stderr)
    return 1 if bad else 0




def _open_warehouse(path: Path):
    import duckdb

    from zhengchai.query import open_readonly

    if not path.exists():
        print(f"no warehouse at {path}: run `zhengchai run` (or `make run`) first", file=sys.stderr)
        raise SystemExit(2)
    try:
        return open_readonly(path)
    except duckdb.Error as e:  # not a DuckDB file, a newer storage version, a file held by a writer
        print(f"cannot open {path} as a warehouse: {str(e).splitlines()[0]}", file=sys.stderr)
        raise SystemExit(2) from None


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


def _cmd_problems(args: argparse.Namespace) -> int:
    from zhengchai import problems

    con = _open_warehouse(settings_of(args).warehouse)
    try:
        entries = problems.gather(con)
        if args.district:
            in_warehouse = {r[0] for r in con.execute(
                "select distinct district from raw.documents where district is not null").fetchall()}
            problems.check_district(args.district, in_warehouse | {e.district for e in entries if e.district})
    except problems.UnknownDistrict as e:
        print(str(e), file=sys.stderr)
        return 2
    finally:
        con.close()
    shown = problems.select(entries, args.district, args.year, args.all)
    hidden = len(problems.select(entries, args.district, args.year, True)) - len(shown)
    print("\n".join(problems.format_entries(shown)) if shown else "no problems recorded" + (
        " for that district and year" if args.district or args.year else ""))
    if hidden:
        print(f"({hidden} loaded, accepted, moved or removed document(s) with warnings not shown: --all lists them)")
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
    parser = Parser(prog="zhengchai", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser("extract", help="extract figures from report files")
    p.add_argument("files", nargs="+", type=Path, help="report files (PDF, DOCX, XLSX, HTML, TXT)")
    p.add_argument("--json", action="store_true", help="print the SPEC §2 JSON array")
    p.add_argument("--no-checks", dest="checks", action="store_false",
                   help="skip the consistency checks (reported as problems of each document)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("query", help="run one read-only SQL statement against the warehouse (it may not write, "
                       "attach, copy, export, install or change settings)")
    p.add_argument("sql", help="one SELECT (or SHOW, DESCRIBE, SUMMARIZE, EXPLAIN) statement")
    warehouse_option(p)
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    p.add_argument("--max-rows", type=positive_int, default=200, help="rows shown in the table (not with --csv)")
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("problems", help="list quarantined documents, warnings and unreadable files")
    warehouse_option(p)
    p.add_argument("--district", help="only this district, e.g. 芙蓉区 (default: all)")
    p.add_argument("--year", type=positive_int, help="only this fiscal year (default: all)")
    p.add_argument("--all", action="store_true", help="also documents that were loaded or accepted with "
                   "warnings, and moved or removed files (default: only what is held back or not read)")
    p.set_defaults(func=_cmd_problems)

    p = sub.add_parser("accept", help="load a quarantined document despite a failed check (recorded)")
    p.add_argument("document", help="document id (or its first 8+ characters), file path or file name")
    p.add_argument("--rule", required=True, choices=ErrorRules(), metavar="RULE",
                   help="the error rule to accept, one of: %(choices)s (see `zhengchai problems`)")
    p.add_argument("--reason", required=True, help="why the analyst accepts it (one line, recorded)")
    p.add_argument("--by", help="who decided (default $USER)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_accept)

    p = sub.add_parser("export", help="write marts, facts and dimensions for Excel / BI tools")
    p.add_argument("--format", choices=("parquet", "csv", "xlsx"), default="parquet",
                   help="parquet or csv (one file per table), or xlsx (one workbook made for Excel)")
    p.add_argument("--out", default="warehouse/export", help="folder to write to")
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
    p.add_argument("--port", type=positive_int, default=8080, help="port for --serve (default 8080)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_docs)

    for command in entry_points(group=COMMANDS_GROUP):  # run, serve (flows/), sample, bench (lab/)
        command.load()(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # the reader left (`zhengchai query … | head`): stop quietly, as a shell tool does; later flushes
        # of stdout (at exit) go nowhere instead of raising again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
