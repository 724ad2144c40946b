"""Values as the checks compare and show them: JSON-ready, rounded, with their unit."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pandas as pd

ROUND = 6  # gaps are rounded to 1e-6 so that 318.47万 × 10 000 float noise never crosses a tolerance


def num(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s, errors="coerce").astype("float64")


def py(v: Any) -> Any:
    """A JSON-ready Python value from a pandas/numpy one (NaN/NA -> None)."""
    if v is None or isinstance(v, str | bool | int):  # the common cases first: millions of calls
        return v
    if isinstance(v, float):
        if v != v:
            return None
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if isinstance(v, list | tuple):
        return [py(x) for x in v]
    if isinstance(v, dict):
        return {k: py(x) for k, x in v.items()}
    if hasattr(v, "tolist") and not isinstance(v, str):
        v = v.tolist()
        if isinstance(v, list):
            return [py(x) for x in v]
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp | datetime | date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def key(v: Any) -> Any:
    v = py(v)
    return int(v) if isinstance(v, float) and v.is_integer() else v


def same(a: Any, b: Any) -> bool:
    return py(a) == py(b)



def fmt(v: Any, unit: str | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool) or not isinstance(v, int | float):
        return json.dumps(v, ensure_ascii=False, default=str) if not isinstance(v, str) else v
    if unit == "yuan":
        return f"{v / 10000:,.2f}万元"
    if unit == "percent":
        return f"{v:.2f}%"
    if unit == "ratio":
        return f"{v:,.1f}×"
    if unit == "year":
        return f"{v:.0f}"
    return f"{v:g}"

