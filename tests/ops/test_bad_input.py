"""Bad input at scale, in one nightly run: corrupt, truncated, encrypted, zero-byte, scanned, too
many pages, misnamed, duplicated and non-report files are each recorded with their reason, and none
stops the run or the reports around them. The run extracts on two worker processes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_every_bad_file_is_recorded_with_its_reason(first_run, ops):
    wh = first_run.settings.warehouse
    rows = ops.query(wh, """select p.source_path, p.severity, p.code from raw.problems p
                            where p.stage in ('read', 'extract')""")
    found = {(path, severity, code) for path, severity, code in rows}
    for path, (severity, code) in first_run.expected_problems.items():
        assert (path, severity, code) in found, f"{path}: no {severity} {code} in {sorted(r for r in found if r[0] == path)}"
    failed = {path for path, (severity, _) in first_run.expected_problems.items() if severity == "error"}
    statuses = dict(ops.query(wh, "select source_path, parse_status from raw.documents"))
    assert {p for p in failed if statuses.get(p) != "failed"} == set()
    # and the run's summary lists them for the operator
    reported = {path: code for path, code, _ in first_run.result["documents_failed"]}
    assert {p: reported.get(p) for p in failed} == {p: first_run.expected_problems[p][1] for p in failed}


def test_no_bad_file_stops_the_good_ones(first_run, ops):
    wh = first_run.settings.warehouse
    parsed = {p for (p,) in ops.query(wh, "select source_path from raw.documents where parse_status = 'parsed'")}
    kept = {copy: other for copy, other in ops.query(
        wh, "select f.path, d.source_path from raw.files f join raw.documents d using (document_id) "
            "where f.status = 'duplicate'")}
    assert {p for p in first_run.good if p not in parsed and kept.get(p) not in parsed} == set()
    assert ops.query(wh, "select count(*) from raw.facts f join raw.documents d using (document_id) "
                         "where d.source_path = '收件箱/report-saved-as.pdf'")[0][0] > 0  # read as the DOCX it is
    assert ops.query(wh, "select status from raw.runs") == [("published",)]
    assert first_run.result["district_years"] > 0


def test_duplicates_are_loaded_once_and_reported(first_run, ops):
    wh = first_run.settings.warehouse
    files = dict(ops.query(wh, "select path, status from raw.files"))
    for copy, original in first_run.duplicates.items():
        # whichever name sorts first is loaded, the other is noted as its duplicate
        assert sorted([files[copy], files[original]]) == ["duplicate", "new"]
        dup, loaded = (copy, original) if files[copy] == "duplicate" else (original, copy)
        notes = ops.query(wh, "select message from raw.problems where source_path = ? and code = 'duplicate_file'",
                          [dup])
        assert notes and loaded in notes[0][0]
    assert first_run.result["duplicates"] == len(first_run.duplicates)


def test_extraction_ran_on_two_worker_processes(first_run):
    from zhengchai.pipeline import worker_name

    workers = first_run.result["workers"]
    assert len(workers) == 2, workers
    assert worker_name() not in workers  # not in the flow's own process


def test_hidden_files_are_not_read(first_run, ops):
    paths = {p for (p,) in ops.query(first_run.settings.warehouse, "select path from raw.files")}
    assert not any(part.startswith(".") for p in paths for part in p.split("/"))
