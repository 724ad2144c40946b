"""The `zhengchai` command: extract, run, query, sample, problems, accept, export, bench."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_extract(args: argparse.Namespace) -> int:
    from zhengchai.extract import extract_file

    results = [extract_file(p).as_dict() for p in args.files]
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in results:
            d = r["document"]
            print(f"{r['source']}: {d['district']} {d['fiscal_year']} {d['doc_type']} — "
                  f"{len(r['facts'])} facts, {len(r['indicators'])} indicators")
            for f in r["facts"]:
                scope = f" [{f['scope']}]" if f["scope"] else ""
                print(f"  {f['measure']:<28} {f['value']:>16,.2f} {f['unit']:<9}{scope}  p.{f['page']}  {f['raw']}")
            for p in r["problems"]:
                print(f"  {p['severity'].upper()} {p['code']}: {p['message']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhengchai", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract figures from report files (SPEC §2 JSON with --json)")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="print the SPEC §2 JSON array")
    p.set_defaults(func=_cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
