"""One outcome per (document, rule), with the message a person reads, and the report of a check."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from zhengchai.check.rules import FAMILY_KEYS, ITEM_COLUMNS, Rule, Rules
from zhengchai.check.values import fmt, key, py
from zhengchai.extract.vocabulary import BY_NAME


@dataclass(frozen=True)
class Outcome:
    """One (document, rule) result: one row of raw.validation_results."""

    document_id: str
    rule: str
    severity: str
    passed: bool
    skipped: bool
    observed: dict
    message: str
    accepted: bool = False  # failed, and an analyst accepted it (raw.acceptances)


@dataclass
class CheckReport:
    run_id: str
    documents: int
    outcomes: list[Outcome]
    quarantined: list[str]
    data_docs_index: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def failures(self) -> dict[str, list[Outcome]]:
        """Failed rules per document (errors and warnings, accepted ones included)."""
        out: dict[str, list[Outcome]] = defaultdict(list)
        for o in self.outcomes:
            if not o.passed:
                out[o.document_id].append(o)
        return dict(out)

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.severity == "error"]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.passed and o.severity == "warning"]

    def outcome(self, document_id: str, rule: str) -> Outcome:
        return next(o for o in self.outcomes if o.document_id == document_id and o.rule == rule)


def outcomes_of(frames: dict[str, pd.DataFrame], unexpected: dict[str, set[tuple]], rules: Rules,
              params: dict[str, Any], acceptances: dict[tuple[str, str], dict]) -> list[Outcome]:
    doc_ids = frames["documents"].document_id.tolist()
    doc_records = frames["documents"].to_dict("records")
    outcomes: list[Outcome] = []
    for rule in rules.rules.values():
        failed = unexpected.get(rule.name, set())
        failed_docs = {k[0] for k in failed}
        if rule.family == "documents":
            for row in doc_records:
                doc = row["document_id"]
                observed = {c: py(row.get(c)) for c in rule.inputs}
                observed.update({c.column: py(row.get(c.column)) for c in rule.checks})
                applies = any(c.not_null for c in rule.checks) or any(
                    observed[c.column] is not None for c in rule.checks)
                if doc in failed_docs:
                    message = _fail_message(rule, observed, params)
                elif not applies:
                    missing = [c for c in rule.inputs if observed.get(c) is None]
                    observed["skipped"] = rule.when_missing or "missing: " + ", ".join(
                        missing or [c.column for c in rule.checks])
                    message = f"skipped: {observed['skipped']}"
                else:
                    message = "ok"
                outcomes.append(_outcome(doc, rule, doc not in failed_docs, not applies and doc not in failed_docs,
                                         observed, message, acceptances))
            continue
        df = frames[rule.family]
        keys = FAMILY_KEYS[rule.family]
        cols = [*ITEM_COLUMNS[rule.family], *dict.fromkeys(c.column for c in rule.checks)]
        checked = df[[c.column for c in rule.checks]].notna().any(axis=1)
        n_checked = checked.groupby(df.document_id).sum().to_dict() if len(df) else {}
        bad: dict[str, list[dict]] = defaultdict(list)
        for r in df[df.document_id.isin(failed_docs)].to_dict("records"):
            if tuple(key(r[k]) for k in keys) in failed:
                bad[r["document_id"]].append({c: py(r.get(c)) for c in cols})
        for doc in doc_ids:
            n = int(n_checked.get(doc, 0))
            if doc in bad:
                observed = {"checked": n, "failed": bad[doc]}
                message = _fail_message(rule, observed, params, items=True)
            elif n:
                observed = {"checked": n}
                message = "ok"
            else:
                note = rule.when_missing or f"no {rule.family} to check"
                observed = {"checked": 0, "skipped": note}
                message = f"skipped: {note}"
            outcomes.append(_outcome(doc, rule, doc not in bad, not n and doc not in bad, observed, message,
                                     acceptances))
    return outcomes


def _outcome(doc: str, rule: Rule, passed: bool, skipped: bool, observed: dict, message: str,
             acceptances: dict[tuple[str, str], dict]) -> Outcome:
    accepted = False
    if not passed and (doc, rule.name) in acceptances:
        a = acceptances[(doc, rule.name)]
        observed = {**observed, "accepted": a}
        message += f" — accepted by {a['by']}: {a['reason']}"
        accepted = True
    return Outcome(doc, rule.name, rule.severity, passed, skipped, observed, message, accepted)


def _fail_message(rule: Rule, observed: dict, params: dict[str, Any], items: bool = False) -> str:
    allowed = "; ".join(f"{c.column} {c.allowed(params)}" for c in rule.checks)
    if items:
        shown = observed["failed"][:5]
        parts = ["; ".join(f"{k}={fmt(v, it.get('unit') if k == 'value' else _unit(k, rule))}"
                           for k, v in it.items() if k != "unit")
                 for it in shown]
        more = f" (+{len(observed['failed']) - 5} more)" if len(observed["failed"]) > 5 else ""
        return f"{rule.spec} — failed: [" + "] [".join(parts) + f"]{more}; allowed: {allowed}"
    shown = ", ".join(f"{k} = {fmt(v, _unit(k, rule))}" for k, v in observed.items())
    return f"{rule.spec} — {shown}; allowed: {allowed}"


def _unit(column: str, rule: Rule) -> str | None:
    for c in rule.checks:
        if c.column == column:
            return c.unit
    measure = max((m for m in BY_NAME if column.startswith(m)), key=len, default=None)
    return BY_NAME[measure].unit if measure else None

