"""A small hand-written raw layer, built once per session with zhengchai.dbt.build.

Two Changsha districts over three fiscal years (2019-2021), plus one district the seed does not know:

芙蓉区 (house expropriation office "F", printed without its city in 2019 and 2020 v1)
  2019 narrative            budget 20 000 000, spent 18 000 000
  2020 narrative, twice     republished: v1 (2021-03-20) budget 22 000 000 is superseded by
                            v2 (2021-04-15) budget 25 000 000
  2021 narrative            budget 27 536 500 (printed twice: the first mention counts); no total spending,
                            only basic 2 058 200 + project 10 938 100 -> derived 12 996 300; per-category
                            spending; two projects' households
  2021 self-evaluation form budget 27 000 000 (the narrative wins), score 92.5 and three indicators
望城区 (land acquisition centre "W", and from 2021 a house expropriation office "WH")
  2019 form                 budget 8 000 000; an older validation run failed it, the latest one passes
  2020 form                 QUARANTINED: fails expenditure_breakdown_sum, not accepted
  2021 form                 fails funds_balance, ACCEPTED -> loaded; budget 9 000 000
  2021 narrative (WH)       budget 1 000 000 -> district budget 2021 = 10 000 000
江岸区 (武汉市, not in the seed)
  2021 narrative            budget 5 000 000
plus a file that could not be read (parse_status failed, no district, no year).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from zhengchai.land import ensure_schema
from zhengchai.warehouse import connect

F = "长沙市芙蓉区城市房屋征收和补偿管理办公室"
F_LOCAL = "芙蓉区城市房屋征收和补偿管理办公室"  # the same office, printed without its city
W = "长沙市望城区征地服务中心"
WH = "长沙市望城区房屋征收和补偿管理办公室"
J = "武汉市江岸区房屋征收管理办公室"

# document_id -> (province, city, district, code, department, kind, year, doc_type, report_date, loaded_at, status)
DOCS = {
    "f2019": ("湖南省", "长沙市", "芙蓉区", "430102", F_LOCAL, "house_expropriation", 2019, "narrative_report",
              date(2020, 3, 20), datetime(2022, 1, 1, 8), "parsed"),
    "f2020v1": ("湖南省", "长沙市", "芙蓉区", None, F_LOCAL, "house_expropriation", 2020, "narrative_report",
                date(2021, 3, 20), datetime(2022, 1, 1, 8), "parsed"),
    "f2020v2": ("湖南省", "长沙市", "芙蓉 区", None, F, "house_expropriation", 2020, "narrative_report",
                date(2021, 4, 15), datetime(2022, 2, 1, 8), "parsed"),
    "f2021": ("湖南省", "长沙市", "芙蓉区", "430102", F, "house_expropriation", 2021, "narrative_report",
              date(2022, 3, 24), datetime(2022, 4, 1, 8), "parsed"),
    "f2021t": ("湖南省", "长沙市", "芙蓉区", None, F, "house_expropriation", 2021, "selfeval_table",
               None, datetime(2022, 4, 1, 9), "parsed"),
    "w2019": ("湖南省", "长沙市", "望城区", None, W, "land_acquisition", 2019, "selfeval_table",
              None, datetime(2022, 1, 1, 8), "parsed"),
    "w2020": ("湖南省", "长沙市", "望城区", None, W, "land_acquisition", 2020, "selfeval_table",
              None, datetime(2022, 1, 1, 8), "parsed"),
    "w2021": ("湖南省", None, None, None, W, "land_acquisition", 2021, "selfeval_table",
              None, datetime(2022, 4, 1, 8), "parsed"),
    "wh2021": ("湖南省", "长沙市", "望城区", "430112", WH, "house_expropriation", 2021, "narrative_report",
               date(2022, 5, 1), datetime(2022, 5, 2, 8), "parsed"),
    "j2021": ("湖北省", "武汉市", "江岸区", None, J, "house_expropriation", 2021, "narrative_report",
              date(2022, 3, 1), datetime(2022, 4, 1, 8), "parsed"),
    "broken": (None, None, None, None, None, None, None, None, None, datetime(2022, 4, 1, 8), "failed"),
}

UNITS = {"percent": "percent", "point": "point"}


def fact(measure, value, unit="yuan", scope=None, qualifier=None, page=1):
    return (measure, value, unit, scope, qualifier, page)


FACTS = {
    "f2019": [
        fact("budget", 20_000_000), fact("expenditure_total", 18_000_000),
        fact("expenditure_basic", 2_000_000), fact("expenditure_project", 16_000_000),
        fact("execution_rate", 90, "percent"),
        fact("households_target", 300, "household", page=2), fact("households_signed", 240, "household", page=2),
        fact("area_scope", 30_000, "m2", page=2),
    ],
    "f2020v1": [fact("budget", 22_000_000), fact("expenditure_total", 20_000_000)],
    "f2020v2": [fact("budget", 25_000_000), fact("expenditure_total", 22_500_000),
                fact("households_signed", 100, "household", qualifier="约")],
    "f2021": [
        fact("budget", 27_536_500), fact("funds_received", 3_127_400),
        fact("expenditure_basic", 2_058_200), fact("expenditure_project", 10_938_100),
        fact("balance_carried_in", 9_868_900), fact("balance_carried_out", 0),
        fact("expenditure_basic", 181_600, scope="社会保障和就业支出"),
        fact("expenditure_basic", 1_876_600, scope="城乡社区支出（行政运行）"),
        fact("expenditure_project", 10_771_500, scope="城乡社区支出（一般行政管理事务）"),
        fact("expenditure_project", 166_700, scope="其他支出"),
        fact("budget", 99_999_999, page=3),  # printed again later: the first mention counts
        fact("households_target", 352, "household", page=2), fact("households_signed", 306, "household", page=2),
        fact("units_target", 14, "unit", page=2), fact("units_signed", 12, "unit", page=2),
        fact("households_signed", 295, "household", scope="蔡锷中路两厢棚改项目（二期）", page=2),
        fact("signing_rate", 87, "percent", scope="蔡锷中路两厢棚改项目（二期）", page=2),
        fact("households_signed", 11, "household", scope="袁家岭新华书店棚改项目", page=2),
        fact("area_scope", 43_000, "m2", page=2),
        fact("area_demolished", 10_200, "m2", scope="扫尾项目拆除交地", page=2),
    ],
    "f2021t": [
        fact("budget", 27_000_000), fact("execution_rate", 47.2, "percent"),
        fact("score_total", 92.5, "point"), fact("score_budget_execution", 8.5, "point"),
        fact("weight_budget_execution", 10, "point"),
    ],
    "w2019": [fact("budget", 8_000_000), fact("expenditure_total", 7_600_000),
              fact("land_cleared", 6_666_666.67, "m2"), fact("score_total", 90, "point")],
    "w2020": [fact("budget", 8_200_000), fact("expenditure_total", 8_519_200),
              fact("expenditure_basic", 1_000_000), fact("expenditure_project", 5_000_000)],
    "w2021": [fact("budget", 9_000_000), fact("expenditure_total", 9_900_000),
              fact("land_cleared", 7_917_633.33, "m2"), fact("land_cleared_target", 5_333_333.33, "m2"),
              fact("execution_rate", 110, "percent")],
    "wh2021": [fact("budget", 1_000_000), fact("expenditure_total", 500_000)],
    "j2021": [fact("budget", 5_000_000)],
}

INDICATORS = {
    "f2021t": [
        ("产出指标", "数量指标", "征收签约户数", "≥300户", "306户", 40, 40, None),
        (None, "质量指标", "安置政策落实率", "100%", "95%", 30, 28, "个别对象未落实"),
        ("效益指标", "社会效益指标", "群众满意度", "≥90%", "85%", 20, 16, "宣传不到位"),
    ],
    "w2020": [("产出指标", "数量指标", "腾地面积", "8000亩", "7000亩", 50, 40, None)],
}

# (run_id, document_id, rule, severity, passed, validated_at)
VALIDATION = [
    ("r1", "w2019", "expenditure_breakdown_sum", "error", False, datetime(2022, 1, 2)),
    ("r2", "w2019", "expenditure_breakdown_sum", "error", True, datetime(2022, 4, 2)),
    ("r2", "w2020", "expenditure_breakdown_sum", "error", False, datetime(2022, 4, 2)),
    ("r2", "w2020", "funds_balance", "error", True, datetime(2022, 4, 2)),
    ("r2", "w2021", "funds_balance", "error", False, datetime(2022, 4, 2)),
    ("r2", "w2021", "execution_rate_consistency", "warning", False, datetime(2022, 4, 2)),
    ("r2", "f2021", "expenditure_breakdown_sum", "error", True, datetime(2022, 4, 2)),
    ("r2", "f2021t", "execution_rate_consistency", "warning", False, datetime(2022, 4, 2)),
]

ACCEPTANCES = [("w2021", "funds_balance", "决算口径含利息收入，已核实", "analyst")]

PROBLEMS = [("broken", "error", "encrypted", "the PDF is encrypted"),
            ("f2021", "warning", "execution_rate_mismatch", "printed rate differs")]


def load_raw(path: Path) -> None:
    con = connect(path)
    ensure_schema(con)
    for doc_id, (prov, city, district, code, dept, kind, year, doc_type, rdate, loaded, status) in DOCS.items():
        con.execute(
            "insert into raw.documents values (" + ",".join("?" * 21) + ")",
            [doc_id, f"raw/{district}/{year}/{doc_id}.pdf", f"{doc_id}.pdf", "pdf", 1000, 3, prov, city,
             district, code, dept, kind, year, doc_type, rdate, status, "0.1.0", "r0", loaded, "text", "text"],
        )
    for doc_id, rows in FACTS.items():
        for seq, (measure, value, unit, scope, qualifier, page) in enumerate(rows):
            con.execute(
                "insert into raw.facts values (?,?,?,?,?,?,?,?,?,?,?,?)",
                [doc_id, seq, measure, value, unit, scope, qualifier, f"{value}", page, f"{doc_id}: {measure} {value}",
                 "low" if scope else "high", "a part of a list: measure taken from its total" if scope else None],
            )
    for doc_id, rows in INDICATORS.items():
        for seq, (l1, l2, l3, target, actual, weight, score, reason) in enumerate(rows):
            con.execute(
                "insert into raw.indicators values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [doc_id, seq, l1, l2, l3, None, target, actual, weight, score, reason, None, 2],
            )
    for run_id, doc_id, rule, severity, passed, at in VALIDATION:
        con.execute(
            "insert into raw.validation_results values (?,?,?,?,?,?,?,?)",
            [run_id, doc_id, rule, severity, passed, "{}", None if passed else f"{rule} failed", at],
        )
    for doc_id, rule, reason, who in ACCEPTANCES:
        con.execute("insert into raw.acceptances values (?,?,?,?,?)", [doc_id, rule, reason, who, datetime(2022, 4, 3)])
    for doc_id, severity, code, message in PROBLEMS:
        con.execute(
            "insert into raw.problems values (?,?,?,?,?,?,?,?)",
            [doc_id, f"raw/{doc_id}.pdf", "extract", severity, code, message, "r0", datetime(2022, 4, 1)],
        )
    con.close()


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory):
    """(path, DbtResult) of a full `dbt build` over the raw rows above."""
    from zhengchai.dbt import build

    path = tmp_path_factory.mktemp("dbt") / "warehouse.duckdb"
    load_raw(path)
    result = build(path)
    return path, result


@pytest.fixture(scope="session")
def query(built_warehouse):
    """Run SQL on the built warehouse (a fresh read-only connection per call, so dbt can reopen the file)."""
    path, result = built_warehouse
    assert result.success, result.summary()

    def run(sql: str, params=None) -> list[tuple]:
        con = connect(path, read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    return run
