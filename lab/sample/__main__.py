"""python -m lab.sample OUT [--seed N] [--n-docs N] [--districts …] [--years …] [--formats …]"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from .generator import FORMATS, MANIFEST, TRUTH_DIR, generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lab.sample", description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--n-docs", type=int, default=None)
    ap.add_argument("--districts", nargs="*", default=None)
    ap.add_argument("--years", nargs="*", type=int, default=None)
    ap.add_argument("--formats", nargs="*", default=list(FORMATS))
    ap.add_argument("--no-planted", action="store_true", help="no documents that break a rule on purpose")
    ap.add_argument("--no-bad-files", action="store_true", help="no empty, corrupt, duplicate or non-report files")
    a = ap.parse_args(argv)
    started = time.perf_counter()
    paths = generate(a.out, a.seed, districts=a.districts, years=a.years, formats=a.formats, n_docs=a.n_docs,
                     planted_violations=not a.no_planted, bad_files=not a.no_bad_files)
    counts = json.loads((a.out / TRUTH_DIR / MANIFEST).read_text(encoding="utf-8"))["counts"]
    print(f"wrote {len(paths)} files under {a.out} in {time.perf_counter() - started:.1f} s: "
          f"{json.dumps(counts, ensure_ascii=False)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
