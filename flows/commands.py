"""`zhengchai run` and `zhengchai serve`: the CLI commands that start Prefect flows.

They join zhengchai's parser through the `zhengchai.commands` entry points (pyproject.toml), so
the library itself never imports the flows. Prefect is imported only when one of them runs.
"""

from __future__ import annotations

import argparse
import sys

from zhengchai.cli import positive_float, positive_int, settings_of, warehouse_option


def _cmd_run(args: argparse.Namespace) -> int:
    from flows.nightly import run
    from zhengchai.publish import AlreadyRunning

    settings = settings_of(args)
    if not settings.raw_dir.is_dir():
        print(f"no such folder: {settings.raw_dir} (drop reports in raw/<district>/<year>/ or run `zhengchai sample`)",
              file=sys.stderr)
        return 2
    try:
        result = run(settings, log_summary=False)
    except AlreadyRunning as e:
        print(str(e), file=sys.stderr)
        return 3
    print(result["text"])  # on stdout: `zhengchai run > run.txt` keeps it (Prefect's log goes to stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from flows.deployment import serve

    serve(settings_of(args), cron=args.cron, timezone=args.timezone)
    return 0


def add_run(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the nightly flow once")
    p.add_argument("--raw", help="folder of reports (default raw/ or $ZHENGCHAI_RAW_DIR)")
    warehouse_option(p)
    p.add_argument("--workers", type=positive_int,
                   help="extraction processes (default: cores, at most 4, or $ZHENGCHAI_WORKERS)")
    p.add_argument("--timeout", type=positive_float,
                   help="seconds one document may take (default 120 or $ZHENGCHAI_DOCUMENT_TIMEOUT)")
    p.add_argument("--dask-address", help="extract on an existing Dask cluster, e.g. tcp://scheduler:8786 "
                   "(default: local processes, or $ZHENGCHAI_DASK_ADDRESS)")
    p.set_defaults(func=_cmd_run)


def add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the nightly deployment (cron schedule) until stopped")
    p.add_argument("--cron", default="0 2 * * *", help="when to run, a cron expression")
    p.add_argument("--timezone", default="Asia/Shanghai", help="time zone of --cron")
    p.add_argument("--raw", help="folder of reports (default raw/ or $ZHENGCHAI_RAW_DIR)")
    warehouse_option(p)
    p.set_defaults(func=_cmd_serve)
