"""Columns say their unit, by one convention (README, "Tables analysts use"): a column named after a
measure holds it in the unit of zhengchai/data/measures.csv (money in yuan, area and land in m²,
rates in %), its YAML description says that unit, counts are integers; a column in another unit
says so in its name (`_mu`, `_wan`, `_m2` where m² and 亩 stand side by side)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MARTS = REPO / "dbt_project" / "models" / "marts"
MEASURES = {r["name"]: r["unit"] for r in csv.DictReader((REPO / "zhengchai" / "data" / "measures.csv").open())}
COUNTS = {"household", "unit", "person", "building", "project"}
UNIT_WORDS = {"yuan": ("yuan", "元"), "m2": ("m2", "m²", "平方米"), "percent": ("%", "percent"),
              "point": ("point", "分")}


def columns_of_marts() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(MARTS.glob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            out += [(model["name"], c["name"], c.get("description") or "") for c in model.get("columns", [])]
    return out


@pytest.mark.parametrize("model,column,description",
                         [c for c in columns_of_marts() if c[1] in MEASURES and MEASURES[c[1]] not in COUNTS])
def test_a_measure_column_says_its_unit(model, column, description):
    assert any(w in description for w in UNIT_WORDS[MEASURES[column]]), \
        f"{model}.{column} holds {MEASURES[column]}: its description must say so ({description!r})"


def test_counts_are_integers_and_other_units_are_named(query):
    rows = query("""select table_name, column_name, data_type from information_schema.columns
                    where table_schema = 'main' and (table_name like 'mart_%' or table_name like 'fct_%')""")
    for table, column, data_type in rows:
        if MEASURES.get(column) in COUNTS:
            assert data_type in ("BIGINT", "INTEGER", "HUGEINT"), f"{table}.{column} is a count, not {data_type}"
        if column.endswith("_mu"):  # 亩 always beside the m² it is computed from
            assert (column.removesuffix("_mu") in MEASURES or column.removesuffix("_mu") + "_m2"
                    in {c for t, c, _ in rows if t == table}), f"{table}.{column}"
