"""An incremental build (land/scope.py, the incremental int_ models) publishes what a full rebuild does.

A generated corpus (lab/scale_corpus.py: broken rules, republished reports) is built in full, then a
second batch is added incrementally; a copy of the same raw layer rebuilt from scratch must hold the
same rows in every modelled table and the same validation outcomes.
"""

from __future__ import annotations

import shutil

import pytest

from lab.scale_corpus import corpus
from zhengchai import dbt
from zhengchai.check import check_warehouse
from zhengchai.check.published import check_published
from zhengchai.land import ensure_schema, land, scope
from zhengchai.land.fingerprint import build_code, claim_build
from zhengchai.warehouse import connect

SEED, FIRST, SECOND = 5, 240, 300
# when a document was checked, and by which run, differ between the two ways of building by design
RUN_COLUMNS = {"validation_run_id", "validated_at", "run_id"}


def _run(path, run_id, start, stop, first_new, *, full=False):
    con = connect(path)
    try:
        ensure_schema(con)
        con.execute("begin")
        land(con, list(corpus(SEED, start, stop, first_new)), run_id)
        claim_build(con, run_id)
        documents = None if full else scope.decide(con, run_id, build_code())
        con.execute("commit")
        check_warehouse(con, run_id, documents=documents)
    finally:
        con.close()
    result = dbt.build(path, scope_run=run_id if documents is not None else None, full_refresh=documents is None)
    assert result.success, result.summary()
    return documents


def _contents(path) -> dict[str, list[tuple]]:
    con = connect(path, read_only=True)
    try:
        assert check_published(con) == []
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_type = 'BASE TABLE' and table_schema in ('main', 'intermediate') "
                             "order by all").fetchall()
        out = {}
        for schema, name in tables:
            cols = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "order by ordinal_position", [schema, name]).fetchall() if c not in RUN_COLUMNS]
            select = ", ".join(f'"{c}"' for c in cols)
            out[f"{schema}.{name}"] = con.execute(f'select {select} from "{schema}"."{name}" order by all').fetchall()
        out["raw.validation_results"] = con.execute(
            "select document_id, rule, severity, passed, observed, message from raw.validation_results "
            "order by all").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    incremental, rebuilt = root / "incremental.duckdb", root / "rebuilt.duckdb"
    assert _run(incremental, "r1", 0, FIRST, 0) is None  # nothing built before: a full build
    scoped = _run(incremental, "r2", FIRST, SECOND, FIRST)
    shutil.copy(incremental, rebuilt)
    con = connect(rebuilt)
    try:
        con.execute("delete from raw.validation_results")  # checked from scratch, as a first run would
    finally:
        con.close()
    check_and_build_all(rebuilt)
    return scoped, _contents(incremental), _contents(rebuilt), incremental


def check_and_build_all(path):
    con = connect(path)
    try:
        check_warehouse(con, "r2")
    finally:
        con.close()
    result = dbt.build(path, full_refresh=True)
    assert result.success, result.summary()


def test_incremental_scope_is_the_new_documents_and_their_reports(built):
    scoped = built[0]
    new = set(d.sha256 for d in corpus(SEED, FIRST, SECOND, FIRST))
    assert new <= set(scoped)
    older = set(scoped) - new
    assert older, "the batch republishes reports landed before: their versions are redone"
    assert len(scoped) < FIRST  # not the world


def test_incremental_build_equals_full_rebuild(built):
    _, incremental, rebuilt, _ = built
    assert incremental.keys() == rebuilt.keys()
    assert {"intermediate.int_facts_current", "main.fct_budget", "main.dim_document"} <= incremental.keys()
    for name in incremental:
        assert incremental[name] == rebuilt[name], name



def test_the_corpus_exercises_versions_and_quarantine(built):
    incremental = built[1]
    assert len(incremental["main.dim_document"]) == SECOND
    assert len(incremental["intermediate.int_facts_current"]) > 20 * SECOND // 2
    statuses = {s for (s,) in _query(built, "select distinct status from intermediate.int_document_status")}
    assert {"ok", "quarantined"} <= statuses
    assert _query(built, "select count(*) from intermediate.int_current_documents where not is_current")[0][0] > 0


def _query(built, sql):
    con = connect(built[3], read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
