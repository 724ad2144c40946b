from pathlib import Path

from zhengchai.read.discover import discover, plan


def write(root: Path, rel: str, content: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_hidden_files_and_folders_are_skipped(tmp_path):
    write(tmp_path, "a/2021/r.pdf", b"one")
    write(tmp_path, ".truth/r.json", b"{}")
    write(tmp_path, "a/.DS_Store", b"x")
    assert [f.path for f in discover(tmp_path)] == ["a/2021/r.pdf"]


def test_first_run_parses_everything_but_exact_duplicates(tmp_path):
    write(tmp_path, "a/r1.pdf", b"one")
    write(tmp_path, "b/r2.pdf", b"two")
    write(tmp_path, "b/copy-of-r1.pdf", b"one")
    p = plan(discover(tmp_path), known={}, previous={})
    assert sorted(f.path for f in p.to_parse) == ["a/r1.pdf", "b/r2.pdf"]
    assert [(f.path, kept) for f, kept in p.duplicates] == [("b/copy-of-r1.pdf", "a/r1.pdf")]


def test_second_run_with_nothing_new_parses_nothing(tmp_path):
    write(tmp_path, "a/r1.pdf", b"one")
    files = discover(tmp_path)
    known = {f.sha256: f.path for f in files}
    previous = {f.path: f.sha256 for f in files}
    p = plan(discover(tmp_path), known, previous)
    assert p.nothing_new and [f.path for f in p.unchanged] == ["a/r1.pdf"]


def test_moved_changed_added_and_removed_files(tmp_path):
    write(tmp_path, "a/r1.pdf", b"one")
    write(tmp_path, "a/r2.pdf", b"two")
    write(tmp_path, "a/r3.pdf", b"three")
    files = discover(tmp_path)
    known = {f.sha256: f.path for f in files}
    previous = {f.path: f.sha256 for f in files}
    (tmp_path / "a/r1.pdf").rename(tmp_path / "a/renamed.pdf")  # moved: not parsed again
    write(tmp_path, "a/r2.pdf", b"two, corrected")  # changed: a new version
    (tmp_path / "a/r3.pdf").unlink()  # removed: reported
    write(tmp_path, "a/r4.pdf", b"four")  # new
    p = plan(discover(tmp_path), known, previous)
    assert sorted(f.path for f in p.to_parse) == ["a/r2.pdf", "a/r4.pdf"]
    assert [(old, f.path) for old, f in p.moved] == [("a/r1.pdf", "a/renamed.pdf")]
    assert [path for path, _ in p.removed] == ["a/r3.pdf"]
