"""The GX suites, generated from rules.yml as data (expectations/<family>.json) and refused when stale.

    python -m zhengchai.check.suites --write-suites
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from zhengchai.check.rules import (
    EXPECTATIONS_DIR,
    FAMILY_KEYS,
    GX_SEVERITY,
    RULES_FILE,
    SUITE_PREFIX,
    Rules,
    RulesError,
    load_rules,
)


def build_suites(rules: Rules) -> dict[str, dict]:
    """The GX suite of each family, as the JSON dict stored in expectations/<family>.json."""
    suites = {}
    for family, keys in FAMILY_KEYS.items():
        expectations = []
        for rule in rules.family(family):
            for check in rule.checks:
                etype, kwargs = check.expectation()
                expectations.append({
                    "type": etype,
                    "kwargs": kwargs,
                    "meta": {"rule": rule.name, "severity": rule.severity},
                    "severity": GX_SEVERITY[rule.severity],
                    "notes": f"{rule.name} ({rule.severity}): {rule.spec}",
                })
        suites[family] = {
            "name": SUITE_PREFIX + family,
            "meta": {"generated_from": f"expectations/{RULES_FILE}", "family": family,
                     "key_columns": list(keys)},
            "expectations": expectations,
        }
    return suites


def _suite_text(suite: dict) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2) + "\n"


def write_suites(expectations_dir: Path | None = None) -> list[Path]:
    d = expectations_dir or EXPECTATIONS_DIR
    paths = []
    for family, suite in build_suites(load_rules(d)).items():
        p = d / f"{family}.json"
        p.write_text(_suite_text(suite), encoding="utf-8")
        paths.append(p)
    return paths


def load_suites(rules: Rules, expectations_dir: Path | None = None) -> dict[str, dict]:
    """Read expectations/<family>.json, refusing suites that no longer match rules.yml."""
    d = expectations_dir or EXPECTATIONS_DIR
    expected = build_suites(rules)
    suites = {}
    for family, want in expected.items():
        p = d / f"{family}.json"
        if not p.exists():
            raise RulesError(f"{p} is missing; run `python -m zhengchai.check.suites --write-suites`")
        got = json.loads(p.read_text(encoding="utf-8"))
        if got != want:
            raise RulesError(f"{p} does not match {RULES_FILE}; run `python -m zhengchai.check.suites --write-suites`")
        suites[family] = got
    return suites



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m zhengchai.check.suites",
                                 description="Generate or check the GX suites from expectations/rules.yml.")
    ap.add_argument("--write-suites", action="store_true", help="regenerate expectations/*.json")
    ap.add_argument("--check-suites", action="store_true", help="fail if expectations/*.json are stale")
    ap.add_argument("--dir", type=Path, default=None, help="expectations directory")
    args = ap.parse_args(argv)
    if args.write_suites:
        for p in write_suites(args.dir):
            print(p)
        return 0
    try:
        load_suites(load_rules(args.dir), args.dir)
    except RulesError as e:
        print(e, file=sys.stderr)
        return 1
    print("suites match rules.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
