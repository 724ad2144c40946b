"""`zhengchai sample` and `zhengchai bench`: dev tooling reached from the zhengchai CLI through the
`zhengchai.commands` entry points (pyproject.toml), imported only when the command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from zhengchai.cli import positive_int


def _cmd_sample(args: argparse.Namespace) -> int:
    from lab.sample import generate

    paths = generate(Path(args.out), seed=args.seed, n_docs=args.n_docs)
    print(f"wrote {len(paths)} sample files under {args.out} (truth in {Path(args.out) / '.truth'})")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from lab import bench

    if args.what == "accuracy":
        return bench.accuracy(corpus=Path(args.corpus) if args.corpus else None, n_docs=args.n_docs, seed=args.seed)
    if args.what == "scale":
        from lab.scale import scale

        return scale(args.n_docs or 10_000, grow=args.grow, out=Path(args.out) if args.out else None,
                     workdir=Path(args.workdir) if args.workdir else None)
    if args.what == "dask":
        from lab.dask_bench import compare

        return compare(args.n_docs or 1_000, workers=args.workers, out=Path(args.out) if args.out else None)
    return bench.speed(n_docs=args.n_docs, out=Path(args.out) if args.out else None)


def add_sample(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sample", help="write the sample corpus (marked as sample data)")
    p.add_argument("--out", default="raw", help="folder to write the corpus to")
    p.add_argument("--seed", type=int, default=2024, help="random seed (the same seed writes the same corpus)")
    p.add_argument("--n-docs", type=positive_int, default=None,
                   help="number of documents (default: the shipped sample's 54)")
    p.set_defaults(func=_cmd_sample)


def add_bench(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="measure extraction accuracy, pipeline speed, the warehouse at scale "
                       "or extraction on a Dask cluster")
    p.add_argument("what", choices=("accuracy", "speed", "scale", "dask"),
                   help="accuracy (extraction P/R), speed (files/s), scale (land, check, build, publish N "
                        "documents), dask (a LocalCluster against the local run)")
    p.add_argument("--corpus", help="score this corpus instead of a fresh held-out generated one: a generated "
                   "corpus (answers in .truth/) or a scored set with docs/ and truth/, e.g. ../shared/real "
                   "(default: generate one)")
    p.add_argument("--n-docs", type=positive_int, default=None,
                   help="documents to generate (default 300 for accuracy, 1000 for speed)")
    p.add_argument("--seed", type=int, default=7, help="random seed of the generated corpus")
    p.add_argument("--out", help="where to write the speed, scale or dask table (default under warehouse/)")
    p.add_argument("--grow", type=int, default=0, help="scale: then add this many documents incrementally (default 0)")
    p.add_argument("--workdir", help="scale: keep the warehouse in this folder (default: a temporary one)")
    p.add_argument("--workers", type=positive_int, default=2, help="dask: worker processes of the LocalCluster (default 2)")
    p.set_defaults(func=_cmd_bench)
