"""The truth files: SPEC vocabulary, canonical units, identities, planted violations, pitfalls."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from zhengchai.extract.vocabulary import BY_NAME, unit_of

RULES = {"expenditure_identity", "funds_identity", "score_sum", "score_within_weight", "weight_sum",
         "signed_within_target", "target_lost_wan"}
QUALIFIERS = {None, "约", "近", "余", "多", "不少于", "以上"}
DOC_KEYS = {"province", "city", "district", "department", "department_kind", "fiscal_year", "doc_type", "report_date"}


def totals(truth: dict) -> dict[str, float]:
    out = {}
    for f in truth["facts"]:
        if f["scope"] is None:
            out[f["measure"]] = float(f["value"])
    return out


def test_every_document_has_a_truth_file(small_corpus: Path, manifest: dict):
    on_disk = {str(p.relative_to(small_corpus)) for p in small_corpus.rglob("*")
               if p.is_file() and not any(part.startswith(".") for part in p.relative_to(small_corpus).parts)}
    listed = {e["path"] for e in manifest["documents"]}
    assert on_disk == listed
    for e in manifest["documents"]:
        assert e["file"].startswith("sample-")
        if e["bad"]:
            assert e["truth"] is None
            continue
        truth_path = small_corpus / e["truth"]
        assert truth_path.is_file(), e["path"]
        assert truth_path.name == Path(e["file"]).stem + ".json"
    truth_files = {p.name for p in (small_corpus / ".truth").glob("*.json")} - {"manifest.json"}
    assert len(truth_files) == sum(1 for e in manifest["documents"] if not e["bad"])


def test_truth_format_matches_the_seeds(truths: dict[str, dict]):
    for path, t in truths.items():
        assert t["files"] == [Path(path).name]
        assert t["document"].keys() >= DOC_KEYS
        d = t["document"]
        assert d["doc_type"] in ("narrative_report", "selfeval_table")
        assert d["department_kind"] in ("house_expropriation", "land_acquisition")
        assert d["district"] in d["department"] and d["department"].removeprefix(d["city"]).startswith(d["district"])
        assert path.startswith(f"{d['district']}/{d['fiscal_year']}/")
        if d["report_date"] is not None:
            assert date.fromisoformat(d["report_date"]).year > d["fiscal_year"]
        assert t["facts"], path
        if d["doc_type"] == "selfeval_table":
            assert t["indicators"]
            for i in t["indicators"]:
                assert {"level1", "level2", "level3", "weight", "score"} <= i.keys()


def test_facts_use_spec_measures_and_canonical_units(truths: dict[str, dict]):
    for path, t in truths.items():
        for f in t["facts"]:
            assert f["measure"] in BY_NAME, (path, f)
            assert f["unit"] == unit_of(f["measure"]), (path, f)
            assert isinstance(f["value"], int | float) and f["value"] >= 0, (path, f)
            assert f["qualifier"] in QUALIFIERS, (path, f)
            assert f["scope"] is None or (isinstance(f["scope"], str) and f["scope"]), (path, f)
            assert isinstance(f["raw"], str) and f["raw"], (path, f)
            if f["unit"] in ("household", "unit", "person", "building", "project"):
                assert isinstance(f["value"], int), (path, f)


_UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:多|余)?\s*(万余亩|亿元|万元|万平方米|万方|平方米|㎡|公顷|亩|元|万|户|家|人|名|栋|个|%|％)")
_FACTOR = {"亿元": 1e8, "万元": 1e4, "万": 1e4, "元": 1, "万平方米": 1e4, "万方": 1e4, "平方米": 1, "㎡": 1,
           "公顷": 1e4, "亩": 2000 / 3, "万余亩": 1e4 * 2000 / 3}
_KIND = {"yuan": {"亿元", "万元", "万", "元"}, "m2": {"万平方米", "万方", "平方米", "㎡", "公顷", "亩", "万余亩"},
         "percent": {"%", "％"}}


def test_raw_figures_convert_to_the_canonical_value(truths: dict[str, dict]):
    """Read the figure back out of `raw` independently and convert it: 万元×1e4, 亿元×1e8, 亩×2000/3…"""
    checked = 0
    for path, t in truths.items():
        for f in t["facts"]:
            unit, raw = f["unit"], f["raw"]
            want = float(f["value"])
            matches = [(float(n.replace(",", "")), u) for n, u in _UNIT.findall(raw)]
            if unit in _KIND:
                matches = [(n, u) for n, u in matches if u in _KIND[unit]]
                if matches:
                    n, u = matches[-1]
                    got = n * _FACTOR.get(u, 1)
                elif unit == "yuan":  # a form cell: the header says 资金情况(万元)
                    got = float(re.findall(r"\d[\d,]*(?:\.\d+)?", raw)[-1].replace(",", "")) * 1e4
                else:
                    got = float(re.findall(r"\d[\d,]*(?:\.\d+)?", raw)[-1].replace(",", ""))
            elif unit == "point":
                got = float(re.findall(r"\d+(?:\.\d+)?", raw)[-1])
            else:
                counted = [(n, u) for n, u in matches if u not in ("%", "％") and u not in _FACTOR]
                assert counted, (path, f)
                got = counted[-1][0]
            assert abs(got - want) <= max(0.011, 1e-5 * abs(want)), (path, f, got)
            checked += 1
    assert checked > 100


def test_each_figure_counts_once(truths: dict[str, dict]):
    """Like the scorer's dedupe: one (measure, value) per document, and one total per measure."""
    for path, t in truths.items():
        keys = [(f["measure"], round(float(f["value"]), 2)) for f in t["facts"]]
        assert len(keys) == len(set(keys)), path
        measures = [f["measure"] for f in t["facts"] if f["scope"] is None]
        assert len(measures) == len(set(measures)), path


def _rule_results(t: dict) -> dict[str, bool]:
    """An independent evaluation of the SPEC section 5 rules on one truth file."""
    tt = totals(t)
    ind = t["indicators"]
    out: dict[str, bool] = {}
    if {"expenditure_basic", "expenditure_project", "expenditure_total"} <= tt.keys():
        out["expenditure_identity"] = abs(tt["expenditure_basic"] + tt["expenditure_project"]
                                          - tt["expenditure_total"]) <= 100.0001
    if {"funds_received", "balance_carried_in", "expenditure_total", "balance_carried_out"} <= tt.keys():
        out["funds_identity"] = abs(tt["funds_received"] + tt["balance_carried_in"] - tt["expenditure_total"]
                                    - tt["balance_carried_out"]) <= 100.0001
    if ind:
        out["score_within_weight"] = all(float(i["score"]) <= float(i["weight"]) for i in ind)
        if {"score_total", "score_budget_execution"} <= tt.keys():
            s = sum(float(i["score"]) for i in ind) + tt["score_budget_execution"]
            out["score_sum"] = abs(s - tt["score_total"]) <= 0.01
        if "weight_budget_execution" in tt:
            out["weight_sum"] = abs(sum(float(i["weight"]) for i in ind) + tt["weight_budget_execution"] - 100) <= 0.01
    ok = True
    seen = False
    for s, g in (("households_signed", "households_target"), ("units_signed", "units_target")):
        if s in tt and g in tt:
            seen = True
            ok = ok and tt[s] <= tt[g]
    if seen:
        out["signed_within_target"] = ok
    ratios = [tt["land_cleared"] / tt[g] for g in ("land_cleared_target", "land_cleared_target_stretch")
              if "land_cleared" in tt and tt.get(g)]
    if ratios:
        out["target_lost_wan"] = max(ratios) < 100
    return out


def test_identities_hold_except_where_planted(truths: dict[str, dict]):
    exercised: set[str] = set()
    for path, t in truths.items():
        planted = set(t["planted"])
        assert planted <= RULES, path
        results = _rule_results(t)
        for rule, holds in results.items():
            exercised.add(rule)
            assert holds == (rule not in planted), (path, rule, holds, planted)
        assert planted <= results.keys(), f"{path}: planted {planted} cannot be checked from its facts"
        # the generator's own record agrees
        recorded = {c["rule"] for c in t["checks"] if not c["holds"] and c["severity"] == "error"}
        assert recorded == planted, path
    assert {"expenditure_identity", "funds_identity", "signed_within_target", "score_sum"} <= exercised


def test_planted_violations_are_present_and_named(manifest: dict, truths: dict[str, dict]):
    planted = [r for t in truths.values() for r in t["planted"]]
    assert len(planted) >= 5
    assert set(planted) <= RULES
    assert {"expenditure_identity", "funds_identity"} & set(planted)
    assert {"score_sum", "score_within_weight", "weight_sum"} & set(planted)
    by_path = {e["path"]: e for e in manifest["documents"]}
    for path, t in truths.items():
        assert by_path[path]["planted"] == t["planted"]


def test_breakdowns_fit_inside_their_totals(truths: dict[str, dict]):
    summable = {"yuan", "m2", "household", "unit", "person", "building", "project"}
    n = 0
    for path, t in truths.items():
        tt = totals(t)
        for m, total in tt.items():
            parts = [float(f["value"]) for f in t["facts"] if f["measure"] == m and f["scope"] is not None]
            if parts and unit_of(m) in summable:
                n += 1
                assert sum(parts) <= total + (100 if unit_of(m) == "yuan" else 0.01), (path, m)
    assert n > 10


def test_pitfalls_are_named_and_not_in_the_facts(small_corpus: Path, truths: dict[str, dict]):
    kinds = set()
    for path, t in truths.items():
        for x in t["pitfalls"]:
            assert x["not_measure"] in BY_NAME
            assert not any(f["measure"] == x["not_measure"] and abs(float(f["value"]) - float(x["value"])) < 0.02
                           for f in t["facts"]), (path, x)
            kinds.add(x["why"])
        if path.endswith(".txt") or path.endswith(".html"):
            raw = (small_corpus / path).read_bytes()
            text = html.unescape(raw.decode("utf-8")) if raw.startswith("【".encode()) or path.endswith(".html") \
                else raw.decode("gbk")
            for x in t["pitfalls"]:
                assert x["raw"] in text, (path, x)
    assert any("resettlement" in k for k in kinds)
    assert any("last year" in k for k in kinds)


def test_republished_report_supersedes_the_original(manifest: dict, truths: dict[str, dict]):
    revised = [e for e in manifest["documents"] if e.get("supersedes")]
    assert len(revised) == 1
    new = revised[0]
    old = next(e for e in manifest["documents"] if e["file"] == new["supersedes"])
    assert old["superseded_by"] == new["file"]
    for k in ("department", "fiscal_year", "doc_type", "district"):
        assert old[k] == new[k]
    assert new["report_date"] > old["report_date"]
    assert old["planted"] and not new["planted"]
    t_old, t_new = truths[old["path"]], truths[new["path"]]
    changed = {(f["measure"], f["value"]) for f in t_new["facts"] if f["scope"] is None} - \
        {(f["measure"], f["value"]) for f in t_old["facts"] if f["scope"] is None}
    assert changed, "the republished report corrects at least one figure"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_names_are_the_spec_ones(rule):
    from lab.sample.common import RULES as CODE_RULES

    assert rule in CODE_RULES
