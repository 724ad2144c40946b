"""Fuzzing the readers: damaged PDF and DOCX files never make reading or extraction raise or hang.

Starting from generated sample reports, hypothesis flips, inserts, deletes and truncates bytes,
rewrites numbers in the PDF syntax (object numbers, /Length, /Count, xref offsets) and damages
DOCX zip members. Each mutant is read and extracted in a forked child with a deadline and a
memory cap (zhengchai.isolate), as the pipeline does: an exception, a crash, a hang or a
runaway allocation fails the test, and the mutant is kept under $TMPDIR/zhengchai-fuzz-failures/
for a reproducer.

The examples are derandomized and bounded so CI is steady and quick; for a longer hunt:
    ZHENGCHAI_FUZZ_EXAMPLES=2000 ZHENGCHAI_FUZZ_RANDOM=1 .venv/bin/pytest tests/ops/test_fuzz_readers.py
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhengchai.isolate import ChildFailed, DeadlineExceeded, call_with_deadline

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("ZHENGCHAI_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("ZHENGCHAI_FUZZ_RANDOM"),
                database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DEADLINE_SECONDS = 60  # a sample file reads in well under a second; a minute is a hang
MEMORY_BYTES = 2 << 30
FAILURES = Path(tempfile.gettempdir()) / "zhengchai-fuzz-failures"


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, list[bytes]]:
    from lab.sample import generate

    out = tmp_path_factory.mktemp("fuzz-samples")
    paths = generate(out, seed=31, n_docs=10, formats=("pdf", "docx"), bad_files=False)
    by_format: dict[str, list[bytes]] = {"pdf": [], "docx": []}
    for path in sorted(paths, key=lambda p: p.stat().st_size):  # small ones first: quicker examples
        by_format[path.suffix.lstrip(".")].append(path.read_bytes())
    assert all(len(v) >= 2 for v in by_format.values()), by_format.keys()
    return {k: v[:3] for k, v in by_format.items()}


def _read_and_extract(path: str) -> tuple[str, tuple[str, ...], int]:
    """In the child: the pipeline's path from bytes to an Extraction, with what came out of it."""
    from zhengchai.extract import extract_document
    from zhengchai.read import read_document

    x = extract_document(read_document(path))
    assert all(p.severity in ("error", "warning") and p.code for p in x.problems)
    return x.format, tuple(p.code for p in x.problems if p.severity == "error"), len(x.facts)


def check_mutant(data: bytes, suffix: str) -> tuple[str, tuple[str, ...], int]:
    with tempfile.TemporaryDirectory(prefix="zhengchai-fuzz-") as tmp:
        path = Path(tmp) / f"mutant{suffix}"
        path.write_bytes(data)
        try:
            return call_with_deadline(_read_and_extract, str(path), seconds=DEADLINE_SECONDS,
                                      memory_bytes=MEMORY_BYTES)
        except (DeadlineExceeded, ChildFailed) as e:
            FAILURES.mkdir(parents=True, exist_ok=True)
            kept = FAILURES / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
            kept.write_bytes(data)
            pytest.fail(f"{type(e).__name__}: {e}\nreproduce: zhengchai extract {kept}")


# -- byte-level mutations, positions as fractions of the length so they fit any file -----------------

position = st.floats(min_value=0, max_value=1, exclude_max=True)
byte_mutation = st.one_of(
    st.tuples(st.just("flip"), position, st.integers(1, 255)),
    st.tuples(st.just("insert"), position, st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), position, st.integers(1, 4096)),
    st.tuples(st.just("truncate"), position, st.just(0)),
    st.tuples(st.just("repeat"), position, st.integers(1, 2048)),
)


def apply_bytes(data: bytes, mutations) -> bytes:
    buf = bytearray(data)
    for kind, where, arg in mutations:
        i = int(where * len(buf)) if buf else 0
        if kind == "flip" and buf:
            buf[i] ^= arg
        elif kind == "insert":
            buf[i:i] = arg
        elif kind == "delete":
            del buf[i:i + arg]
        elif kind == "truncate":
            del buf[i:]
        elif kind == "repeat":
            buf[i:i] = buf[i:i + arg]
    return bytes(buf)


# -- PDF syntax: the numbers a parser trusts ------------------------------------------------------------

PDF_NUMBER = re.compile(rb"(?<=/Length )\d+|(?<=/Count )\d+|(?<=/Size )\d+|\d+(?= 0 R)|(?<=startxref\n)\d+"
                        rb"|\d{10}(?= 00000 n)|(?<=/W \[)[\d ]+")
pdf_number_mutation = st.tuples(st.integers(0, 10_000), st.sampled_from(
    [b"0", b"-1", b"1", b"999999999", b"99999999999999999999", b"3.5", b"", b"1 0 R", b"[[[[[[[["]))


def apply_pdf_numbers(data: bytes, mutations) -> bytes:
    for which, replacement in mutations:
        found = list(PDF_NUMBER.finditer(data))
        if not found:
            break
        m = found[which % len(found)]
        data = data[:m.start()] + replacement + data[m.end():]
    return data


# -- DOCX: damage one member of the package ---------------------------------------------------------------

member_mutation = st.tuples(
    st.integers(0, 100),  # which member
    st.sampled_from(["drop", "truncate", "bytes", "junk_xml", "empty", "huge_attr"]),
    st.lists(byte_mutation, min_size=1, max_size=3),
)


def apply_member(data: bytes, mutation) -> bytes:
    which, kind, byte_mutations = mutation
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    target = which % len(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (info, content) in enumerate(members):
            if i == target:
                if kind == "drop":
                    continue
                if kind == "truncate":
                    content = content[:len(content) // 3]
                elif kind == "bytes":
                    content = apply_bytes(content, byte_mutations)
                elif kind == "junk_xml":
                    content = b"<?xml version='1.0'?><w:document><w:body><w:p>" * 50
                elif kind == "empty":
                    content = b""
                elif kind == "huge_attr":
                    content = content.replace(b'w:val="', b'w:val="' + b"9" * 5000, 20)
            z.writestr(info, content)
    return out.getvalue()


@FUZZ
@given(data=st.data(), mutations=st.lists(byte_mutation, min_size=1, max_size=4))
def test_mutated_pdf_bytes_never_raise_or_hang(samples, data, mutations):
    original = data.draw(st.sampled_from(samples["pdf"]), label="sample")
    check_mutant(apply_bytes(original, mutations), ".pdf")


@FUZZ
@given(data=st.data(), mutations=st.lists(pdf_number_mutation, min_size=1, max_size=3))
def test_pdf_with_wrong_numbers_in_its_syntax_never_raises_or_hangs(samples, data, mutations):
    original = data.draw(st.sampled_from(samples["pdf"]), label="sample")
    check_mutant(apply_pdf_numbers(original, mutations), ".pdf")


@FUZZ
@given(data=st.data(), mutations=st.lists(byte_mutation, min_size=1, max_size=4))
def test_mutated_docx_bytes_never_raise_or_hang(samples, data, mutations):
    original = data.draw(st.sampled_from(samples["docx"]), label="sample")
    check_mutant(apply_bytes(original, mutations), ".docx")


@FUZZ
@given(data=st.data(), mutation=member_mutation)
def test_docx_with_a_damaged_zip_member_never_raises_or_hangs(samples, data, mutation):
    original = data.draw(st.sampled_from(samples["docx"]), label="sample")
    check_mutant(apply_member(original, mutation), ".docx")


def test_an_unmutated_sample_reads_and_yields_facts(samples):
    """The harness itself: an intact sample goes through and gives figures, so a mutant's clean
    pass means something."""
    for fmt in ("pdf", "docx"):
        got_format, errors, facts = check_mutant(samples[fmt][0], "." + fmt)
        assert got_format == fmt and errors == () and facts > 0
