"""The two decisions made once, as views in the raw schema (zhengchai/land/schema.py), that the checks,
the summary, `zhengchai problems` and dbt all read: which version of a report is current, and which
failed rules quarantine a document. (The version cases were dbt unit tests of int_current_documents.)"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from zhengchai.land import ensure_schema


@pytest.fixture
def con():
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    yield con
    con.close()


def add_documents(con, rows):
    for doc, department, year, doc_type, report_date, loaded_at in rows:
        con.execute("insert into raw.documents (document_id, department, fiscal_year, doc_type, report_date, "
                    "loaded_at, parse_status) values (?, ?, ?, ?, ?, ?, 'parsed')",
                    [doc, department, year, doc_type, report_date, loaded_at])


def versions(con) -> dict[str, tuple]:
    rows = con.execute("select document_id, is_current, superseded_by, current_document_id, version_number, "
                       "version_count from raw.document_versions").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_a_department_printed_with_and_without_its_city_is_one_report(con):
    """The city (and province) a text prints before a district's body do not make another body: the
    republication that drops them supersedes the original. A city's own body keeps its city, and a
    name that only mentions the district further on is left whole."""
    n = "narrative_report"
    rows = [("c1", "湖南省某某市甲乙区房屋征收办公室", "甲乙区", date(2021, 3, 1)),
            ("c2", "甲乙区房屋征收办公室", "甲乙区", date(2021, 5, 1)),
            ("s1", "某某市住房和城乡建设局", "甲乙区", date(2021, 3, 1)),
            ("s2", "住房和城乡建设局", "甲乙区", date(2021, 5, 1)),
            ("o1", "某某市自然资源局甲乙分局", "甲乙区", date(2021, 3, 1))]
    for doc, department, district, report_date in rows:
        con.execute("insert into raw.documents (document_id, department, district, fiscal_year, doc_type, "
                    "report_date, loaded_at, parse_status) values (?, ?, ?, 2020, ?, ?, ?, 'parsed')",
                    [doc, department, district, n, report_date, datetime(2021, 6, 1)])
    v = versions(con)
    assert v["c1"][:3] == (False, "c2", "c2") and v["c2"][0]
    assert v["s1"][0] and v["s2"][0] and v["o1"][0]
    identity = dict(con.execute("select department, raw.department_identity(department, district) "
                                "from raw.documents").fetchall())
    assert identity["湖南省某某市甲乙区房屋征收办公室"] == "甲乙区房屋征收办公室"
    assert identity["某某市自然资源局甲乙分局"] == "某某市自然资源局甲乙分局"

def test_supersede_keeps_newest_version_per_report(con):
    """A republished report supersedes the older one (newest report_date; a tie goes to the later load);
    a narrative report and a form of the same department and year are both current; documents without
    a department never supersede each other."""
    n, t = "narrative_report", "selfeval_table"
    add_documents(con, [
        ("a1", "征收办", 2020, n, date(2021, 3, 1), datetime(2021, 4, 1)),
        ("a2", "征收办", 2020, n, date(2021, 5, 1), datetime(2021, 5, 2)),
        ("a3", "征收办", 2020, n, date(2021, 5, 1), datetime(2021, 6, 1)),
        ("t1", "征收办", 2020, t, None, datetime(2021, 4, 1)),
        ("b1", "征地办", 2020, n, date(2021, 3, 1), datetime(2021, 4, 1)),
        ("x1", None, None, None, None, datetime(2021, 4, 1)),
        ("x2", None, None, None, None, datetime(2021, 4, 2)),
    ])
    assert versions(con) == {
        "a1": (False, "a2", "a3", 1, 3),
        "a2": (False, "a3", "a3", 2, 3),
        "a3": (True, None, "a3", 3, 3),
        "t1": (True, None, "t1", 1, 1),
        "b1": (True, None, "b1", 1, 1),
        "x1": (True, None, "x1", 1, 1),
        "x2": (True, None, "x2", 1, 1),
    }


def test_supersede_dated_version_beats_undated(con):
    """An undated version counts as older than a dated one, whatever its load time."""
    add_documents(con, [("dated", "征收办", 2021, "narrative_report", date(2022, 3, 24), datetime(2022, 4, 1)),
                        ("undated", "征收办", 2021, "narrative_report", None, datetime(2022, 9, 1))])
    got = versions(con)
    assert got["dated"][:2] == (True, None)
    assert got["undated"][:2] == (False, "dated")


def test_whitespace_in_the_department_name_does_not_split_a_report(con):
    add_documents(con, [("v1", "长沙市芙蓉区 征收办", 2020, "narrative_report", date(2021, 3, 1), datetime(2021, 4, 1)),
                        ("v2", "长沙市芙蓉区征收办", 2020, "narrative_report", date(2021, 4, 1), datetime(2021, 5, 1))])
    assert versions(con)["v1"][:2] == (False, "v2")


def test_the_content_in_raw_now_is_current_whatever_was_loaded_later(con):
    """A file edited and then restored: the restored content is on disk, the edit is not."""
    add_documents(con, [("original", "征收办", 2021, "narrative_report", date(2022, 3, 1), datetime(2022, 4, 1)),
                        ("edited", "征收办", 2021, "narrative_report", date(2022, 3, 1), datetime(2022, 5, 1))])
    con.execute("insert into raw.runs (run_id, started_at) values ('r2', '2022-05-01'), ('r3', '2022-06-01')")
    con.execute("insert into raw.files (run_id, path, document_id, size_bytes, status) "
                "values ('r2', 'a.txt', 'edited', 1, 'new'), "
                "('r3', 'a.txt', 'original', 1, 'unchanged')")
    assert versions(con)["original"][:2] == (True, None)
    assert versions(con)["edited"][:2] == (False, "original")
    con.execute("delete from raw.files where run_id = 'r3'")  # as the edit's run saw raw/
    assert versions(con)["edited"][:2] == (True, None)


def test_quarantine_is_an_unaccepted_failed_error_rule_of_the_latest_check(con):
    results = [
        ("r2", "ok_doc", "funds_balance", "error", True, datetime(2022, 4, 2)),
        ("r2", "quarantined_doc", "funds_balance", "error", False, datetime(2022, 4, 2)),
        ("r2", "accepted_doc", "funds_balance", "error", False, datetime(2022, 4, 2)),
        ("r2", "half_accepted_doc", "funds_balance", "error", False, datetime(2022, 4, 2)),
        ("r2", "half_accepted_doc", "score_sum", "error", False, datetime(2022, 4, 2)),
        ("r2", "warned_doc", "execution_rate_consistency", "warning", False, datetime(2022, 4, 2)),
        ("r1", "fixed_doc", "funds_balance", "error", False, datetime(2022, 1, 2)),
        ("r2", "fixed_doc", "funds_balance", "error", True, datetime(2022, 4, 2)),
    ]
    for run, doc, rule, severity, passed, at in results:
        con.execute("insert into raw.validation_results values (?, ?, ?, ?, ?, '{}', ?, ?)",
                    [run, doc, rule, severity, passed, None if passed else "off by 320万元", at])
    for doc in ("accepted_doc", "half_accepted_doc", "ok_doc"):
        con.execute("insert into raw.acceptances values (?, 'funds_balance', '含利息收入', 'analyst', now())", [doc])
    assert con.execute("select document_id, rule, message from raw.quarantine order by all").fetchall() == [
        ("half_accepted_doc", "score_sum", "off by 320万元"), ("quarantined_doc", "funds_balance", "off by 320万元")]
