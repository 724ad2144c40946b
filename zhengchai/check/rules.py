"""The rule language of expectations/rules.yml: rules, their checks, tolerances and settings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zhengchai.check.values import fmt

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
RULES_FILE = "rules.yml"
SUITE_PREFIX = "zhengchai_"

# The frame of each family and the columns that identify one of its rows.
FAMILY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "facts": ("document_id", "fact_seq"),
    "indicators": ("document_id", "indicator_seq"),
    "breakdowns": ("document_id", "measure"),
}
# What an offending row of a multi-row family shows in `observed`.
ITEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "facts": ("fact_seq", "measure", "value", "unit", "scope", "raw_text", "page"),
    "indicators": ("indicator_seq", "level1", "level2", "level3", "weight", "score"),
    "breakdowns": ("measure", "total", "scoped_sum", "parts", "complete"),
}
SEVERITIES = ("error", "warning")
GX_SEVERITY = {"error": "critical", "warning": "warning"}


class RulesError(ValueError):
    """rules.yml is malformed, or the suites on disk no longer match it."""


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Check:
    column: str
    unit: str | None = None
    min_value: Any = None       # number or {"$PARAMETER": name}
    max_value: Any = None
    strict_max: bool = False
    equals: Any = None
    not_null: bool = False

    def expectation(self) -> tuple[str, dict]:
        if self.not_null:
            return "expect_column_values_to_not_be_null", {"column": self.column}
        if self.equals is not None:
            return "expect_column_values_to_be_in_set", {"column": self.column, "value_set": [self.equals]}
        kwargs: dict[str, Any] = {"column": self.column}
        if self.min_value is not None:
            kwargs["min_value"] = self.min_value
        if self.max_value is not None:
            kwargs["max_value"] = self.max_value
        if self.strict_max:
            kwargs["strict_max"] = True
        return "expect_column_values_to_be_between", kwargs

    @property
    def numeric(self) -> bool:
        return not self.not_null and self.equals is None

    def allowed(self, params: dict[str, Any]) -> str:
        if self.not_null:
            return "present"
        if self.equals is not None:
            return f"= {json.dumps(self.equals)}"

        def show(v: Any) -> str:
            if isinstance(v, dict):
                v = params.get(v["$PARAMETER"], v["$PARAMETER"])
            return fmt(v, self.unit)

        lo, hi = self.min_value, self.max_value
        if isinstance(lo, int | float) and isinstance(hi, int | float) and lo == -hi:
            return f"within ±{show(hi)}"
        parts = []
        if lo is not None:
            parts.append(f"≥ {show(lo)}")
        if hi is not None:
            parts.append(f"{'<' if self.strict_max else '≤'} {show(hi)}")
        return " and ".join(parts)


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    family: str
    spec: str
    inputs: tuple[str, ...]
    checks: tuple[Check, ...]
    when_missing: str | None = None  # the `skipped` note when nothing in the document is checked


@dataclass(frozen=True)
class Rules:
    tolerances: dict[str, float]
    settings: dict[str, Any]
    rules: dict[str, Rule]
    published: dict[str, Any]

    def family(self, family: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.family == family]


def load_rules(expectations_dir: Path | None = None) -> Rules:
    path = (expectations_dir or EXPECTATIONS_DIR) / RULES_FILE
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    tolerances = {k: float(v) for k, v in (doc.get("tolerances") or {}).items()}

    def bound(v: Any) -> Any:
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, int | float):
            return v
        if isinstance(v, str) and v.startswith("$"):
            return {"$PARAMETER": v[1:]}
        if isinstance(v, str) and v in tolerances:
            t = tolerances[v]
            return int(t) if t.is_integer() else t
        raise RulesError(f"{path}: bound {v!r} is neither a number, a tolerance nor a $parameter")

    rules: dict[str, Rule] = {}
    for name, r in (doc.get("rules") or {}).items():
        if r.get("severity") not in SEVERITIES:
            raise RulesError(f"{path}: rule {name}: severity must be one of {SEVERITIES}")
        if r.get("family") not in FAMILY_KEYS:
            raise RulesError(f"{path}: rule {name}: family must be one of {tuple(FAMILY_KEYS)}")
        checks = []
        for c in r.get("checks") or []:
            within = bound(c.get("within"))
            if within is not None:
                lo, hi = -within, within
            else:
                lo, hi = bound(c.get("at_least")), bound(c.get("at_most"))
            below = bound(c.get("below"))
            if below is not None:
                hi = below
            check = Check(column=c["column"], unit=c.get("unit"), min_value=lo, max_value=hi,
                          strict_max=below is not None, equals=c.get("equals"),
                          not_null=bool(c.get("not_null")))
            if check.numeric and lo is None and hi is None:
                raise RulesError(f"{path}: rule {name}: check on {check.column} has no bound")
            checks.append(check)
        if not checks:
            raise RulesError(f"{path}: rule {name} has no checks")
        rules[name] = Rule(name=name, severity=r["severity"], family=r["family"], spec=r.get("spec", name),
                           inputs=tuple(r.get("inputs") or ()), checks=tuple(checks),
                           when_missing=r.get("when_missing"))
    return Rules(tolerances=tolerances, settings=doc.get("settings") or {}, rules=rules,
                 published=doc.get("published") or {})

