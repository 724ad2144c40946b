"""Extraction accuracy against truth files, by the rules of ../shared/tools/score_extraction.py,
broken down per measure.

Rules: predicted facts with the same measure and value count once (a total is kept before a
scoped copy); a prediction matches a true fact of the same measure within
max(0.011, 1e-5 × |value|); a predicted measure outside the SPEC vocabulary is not counted;
document fields are district, department, fiscal_year, doc_type; indicators match on
(level2, weight, score).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from zhengchai.extract.vocabulary import BY_NAME

DOC_FIELDS = ("district", "department", "fiscal_year", "doc_type")


def close(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= max(0.011, 1e-5 * abs(b))


def dedupe(facts: list[dict]) -> list[dict]:
    facts = sorted(facts, key=lambda f: f.get("scope") is not None)
    seen, out = set(), []
    for f in facts:
        try:
            key = (f.get("measure"), round(float(f.get("value")), 2))
        except (TypeError, ValueError):
            key = (f.get("measure"), str(f.get("value")))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    scope_ok: int = 0
    doc_ok: int = 0
    doc_n: int = 0
    ind_ok: int = 0
    ind_n: int = 0
    documents: int = 0
    misses: list[tuple[str, str, object]] = field(default_factory=list)  # (file, measure, value)
    extras: list[tuple[str, str, object]] = field(default_factory=list)
    wrong_fields: list[tuple[str, str, object, object]] = field(default_factory=list)

    def add_doc(self, name: str, truth: dict, pred: dict) -> None:
        self.documents += 1
        p_facts = dedupe([f for f in pred.get("facts", []) if f.get("measure") in BY_NAME])
        used = [False] * len(p_facts)
        for tf in truth["facts"]:
            hit = None
            for want_scope in (True, False):
                for i, pf in enumerate(p_facts):
                    if used[i] or pf.get("measure") != tf["measure"] or not close(pf.get("value"), tf["value"]):
                        continue
                    if want_scope and (pf.get("scope") is None) != (tf.get("scope") is None):
                        continue
                    hit = i
                    break
                if hit is not None:
                    break
            if hit is None:
                self.fn[tf["measure"]] += 1
                self.misses.append((name, tf["measure"], tf["value"]))
                continue
            used[hit] = True
            self.tp[tf["measure"]] += 1
            if (p_facts[hit].get("scope") is None) == (tf.get("scope") is None):
                self.scope_ok += 1
        for i, pf in enumerate(p_facts):
            if not used[i]:
                self.fp[pf["measure"]] += 1
                self.extras.append((name, pf["measure"], pf.get("value")))
        for k in DOC_FIELDS:
            got, want = pred.get("document", {}).get(k), truth["document"].get(k)
            self.doc_n += 1
            if str(got) == str(want):
                self.doc_ok += 1
            else:
                self.wrong_fields.append((name, k, got, want))
        t_ind = [(i["level2"], float(i["weight"]), float(i["score"])) for i in truth.get("indicators", [])]
        pool = []
        for i in pred.get("indicators", []):
            try:
                pool.append((i.get("level2"), float(i.get("weight")), float(i.get("score"))))
            except (TypeError, ValueError):
                pool.append((i.get("level2"), None, None))
        self.ind_n += len(t_ind)
        for t in t_ind:
            if t in pool:
                pool.remove(t)
                self.ind_ok += 1

    def add_missing(self, truth: dict) -> None:
        for tf in truth["facts"]:
            self.fn[tf["measure"]] += 1
        self.doc_n += len(DOC_FIELDS)
        self.ind_n += len(truth.get("indicators", []))

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / max(1, tp + fp)
        r = tp / max(1, tp + fn)
        return p, r, 2 * p * r / max(1e-9, p + r)

    @property
    def overall(self) -> tuple[float, float, float]:
        return self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def per_measure(self) -> list[tuple[str, int, int, int, float, float]]:
        rows = []
        for m in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            p, r, _ = self._prf(self.tp[m], self.fp[m], self.fn[m])
            rows.append((m, self.tp[m], self.fp[m], self.fn[m], p, r))
        return rows

    def report(self) -> str:
        p, r, f1 = self.overall
        lines = [f"{'measure':<30}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>8}{'R':>8}"]
        for m, tp, fp, fn, mp, mr in self.per_measure():
            lines.append(f"{m:<30}{tp:>6}{fp:>6}{fn:>6}{mp:>8.3f}{mr:>8.3f}")
        tp = sum(self.tp.values())
        lines.append("")
        lines.append(f"documents {self.documents}; facts F1 {f1:.3f} (P {p:.3f} R {r:.3f}); scope kind "
                     f"{self.scope_ok}/{tp}; document fields {self.doc_ok}/{self.doc_n} "
                     f"({self.doc_ok / max(1, self.doc_n):.3f}); indicators {self.ind_ok}/{self.ind_n}")
        return "\n".join(lines)


def load_truths(truth_dir: Path) -> dict[str, dict]:
    truths = {}
    for p in sorted(Path(truth_dir).glob("*.json")):
        t = json.loads(p.read_text(encoding="utf-8"))
        if "files" not in t or "facts" not in t:
            continue  # a manifest, not a truth file
        for name in t["files"]:
            truths[name] = t
    return truths


def score(truths: dict[str, dict], predictions: list[dict], require_all: bool = True) -> Score:
    s = Score()
    seen = set()
    for pred in predictions:
        name = Path(str(pred.get("source", ""))).name
        if name in truths:
            seen.add(name)
            s.add_doc(name, truths[name], pred)
    if require_all:
        for name in sorted(set(truths) - seen):
            s.add_missing(truths[name])
    return s
