"""The SPEC section 5 rules, evaluated on one truth file's facts and indicators.

The generator uses this to prove every document is consistent except for the rule it
breaks on purpose (its `planted` list), and writes the results as the truth's `checks`.
"""

from __future__ import annotations

MONEY_TOL = 100.0  # 0.01万元
POINT_TOL = 0.01
RATE_TOL = 0.1
# measures whose scoped facts are parts of the total (rates and points are not summable)
SUMMABLE_UNITS = {"yuan", "m2", "household", "unit", "person", "building", "project"}


def _totals(facts: list[dict]) -> dict[str, float]:
    out: dict[str, float] = {}
    for f in facts:
        if f.get("scope") is None:
            out.setdefault(f["measure"], float(f["value"]))
    return out


def _check(rule: str, holds: bool, detail: str, severity: str = "error") -> dict:
    return {"rule": rule, "holds": bool(holds), "severity": severity, "detail": detail}


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def evaluate(facts: list[dict], indicators: list[dict]) -> list[dict]:
    t = _totals(facts)
    out: list[dict] = []
    if {"expenditure_basic", "expenditure_project", "expenditure_total"} <= t.keys():
        b, p, e = t["expenditure_basic"], t["expenditure_project"], t["expenditure_total"]
        out.append(_check("expenditure_identity", abs(b + p - e) <= MONEY_TOL + 1e-6,
                          f"basic {_fmt(b)} + project {_fmt(p)} = {_fmt(b + p)} vs total {_fmt(e)} yuan"))
    if {"funds_received", "balance_carried_in", "expenditure_total", "balance_carried_out"} <= t.keys():
        r, ci, e, co = (t["funds_received"], t["balance_carried_in"], t["expenditure_total"],
                        t["balance_carried_out"])
        out.append(_check("funds_identity", abs(r + ci - e - co) <= MONEY_TOL + 1e-6,
                          f"received {_fmt(r)} + carried in {_fmt(ci)} = {_fmt(r + ci)} vs spent {_fmt(e)} + "
                          f"carried out {_fmt(co)} = {_fmt(e + co)} yuan"))
    if indicators:
        scores = [float(i["score"]) for i in indicators]
        weights = [float(i["weight"]) for i in indicators]
        if "score_total" in t and "score_budget_execution" in t:
            s = sum(scores) + t["score_budget_execution"]
            out.append(_check("score_sum", abs(s - t["score_total"]) <= POINT_TOL,
                              f"indicator scores {_fmt(sum(scores))} + budget {_fmt(t['score_budget_execution'])} "
                              f"= {_fmt(s)} vs total {_fmt(t['score_total'])}"))
        over = [i for i in indicators if float(i["score"]) > float(i["weight"]) + 1e-9]
        out.append(_check("score_within_weight", not over,
                          "every score <= its weight" if not over else
                          "; ".join(f"{i['level3']}: score {i['score']} > weight {i['weight']}" for i in over)))
        if "weight_budget_execution" in t:
            w = sum(weights) + t["weight_budget_execution"]
            out.append(_check("weight_sum", abs(w - 100) <= POINT_TOL,
                              f"indicator weights {_fmt(sum(weights))} + budget weight "
                              f"{_fmt(t['weight_budget_execution'])} = {_fmt(w)}"))
    for signed, target in (("households_signed", "households_target"), ("units_signed", "units_target")):
        if signed in t and target in t:
            out.append(_check("signed_within_target", t[signed] <= t[target],
                              f"{signed} {_fmt(t[signed])} <= {target} {_fmt(t[target])}"))
    for target in ("land_cleared_target", "land_cleared_target_stretch"):
        if "land_cleared" in t and target in t and t[target] > 0:
            ratio = t["land_cleared"] / t[target]
            out.append(_check("target_lost_wan", ratio < 100,
                              f"land_cleared / {target} = {ratio:.1f}"))
    # breakdowns fit inside their totals
    units = {f["measure"]: f["unit"] for f in facts}
    for m, total in sorted(t.items()):
        if units.get(m) not in SUMMABLE_UNITS:
            continue
        parts = [float(f["value"]) for f in facts if f["measure"] == m and f.get("scope") is not None]
        if parts:
            tol = MONEY_TOL if units[m] == "yuan" else 0.01
            out.append(_check("breakdown_within_total", sum(parts) <= total + tol + 1e-6,
                              f"{m}: sum of {len(parts)} scoped = {_fmt(sum(parts))} vs total {_fmt(total)}"))
    if "execution_rate" in t and "budget" in t and "expenditure_total" in t and t["budget"]:
        computed = t["expenditure_total"] / t["budget"] * 100
        out.append(_check("execution_rate_consistency", abs(computed - t["execution_rate"]) <= RATE_TOL,
                          f"printed {_fmt(t['execution_rate'])}%, computed {computed:.2f}%", "warning"))
    return out


def failing(checks: list[dict], severity: str = "error") -> set[str]:
    return {c["rule"] for c in checks if not c["holds"] and c["severity"] == severity}
