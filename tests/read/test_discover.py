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


# -- discovery that trusts nothing (issue 14, items 2, 3 and 10) ------------------------------------------

import os  # noqa: E402
import stat  # noqa: E402

import pytest  # noqa: E402

from zhengchai.read.discover import display_name, scan  # noqa: E402


def _reasons(result) -> dict[str, str]:
    return {s.path: s.code for s in result.skipped}


def test_a_name_that_is_not_utf8_is_kept_as_escaped_text_and_still_read(tmp_path):
    bad = os.fsdecode(b"\xb1\xa8\xb8\xe6-gbk.txt")  # 报告 in GBK: not UTF-8
    (tmp_path / bad).write_bytes(b"content")
    [f] = scan(tmp_path).files
    assert f.path == "\\xb1\\xa8\\xb8\\xe6-gbk.txt"
    f.path.encode("utf-8")  # storable as it is
    assert (tmp_path / f.os_path).read_bytes() == b"content"  # and the file is found again by it
    assert display_name(f.os_path) == f.path


def test_symlinks_are_followed_only_to_files_inside_raw(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    write(raw, "a/report.txt", b"inside")
    write(outside, "secret.txt", b"outside")
    (outside / "dir").mkdir()
    os.symlink(raw / "a/report.txt", raw / "link-in.txt")
    os.symlink(outside / "secret.txt", raw / "link-out.txt")
    os.symlink("../outside/secret.txt", raw / "relative-out.txt")
    os.symlink("/etc/passwd", raw / "passwd.txt")
    os.symlink(raw / "a", raw / "link-dir")
    os.symlink(outside / "dir", raw / "link-dir-out")
    os.symlink(raw / "nothing-here", raw / "dangling.txt")
    os.symlink(raw / "loop2", raw / "loop1")
    os.symlink(raw / "loop1", raw / "loop2")
    os.mkfifo(raw / "pipe.txt")
    result = scan(raw)
    assert {f.path: f.os_path for f in result.files} == {"a/report.txt": "a/report.txt", "link-in.txt": "a/report.txt"}
    assert _reasons(result) == {"link-out.txt": "link_outside_raw", "relative-out.txt": "link_outside_raw",
                                "passwd.txt": "link_outside_raw", "link-dir-out": "link_outside_raw",
                                "link-dir": "link_to_directory", "dangling.txt": "dangling_link",
                                "loop1": "dangling_link", "loop2": "dangling_link", "pipe.txt": "not_a_regular_file"}
    assert all(s.message for s in result.skipped)


def test_devices_and_sockets_are_not_opened(tmp_path):
    import socket

    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.sock"))
    try:
        if os.geteuid() == 0:
            os.mknod(tmp_path / "null.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        reasons = _reasons(scan(tmp_path))
    finally:
        sock.close()
    assert reasons["s.sock"] == "not_a_regular_file"
    if os.geteuid() == 0:
        assert reasons["null.txt"] == "not_a_regular_file"


def test_hidden_names_skipped_and_path_tricks_recorded(tmp_path):
    write(tmp_path, "r.txt", b"one")
    write(tmp_path, "..\\..\\etc\\passwd.html", b"<html>trick</html>")
    write(tmp_path, ".DS_Store", b"x")
    write(tmp_path, ".git/config", b"x")
    result = scan(tmp_path)
    assert [f.path for f in result.files] == ["r.txt"]
    assert _reasons(result) == {"..\\..\\etc\\passwd.html": "suspicious_name"}


def test_a_file_over_the_size_limit_is_recorded_and_never_hashed(tmp_path, monkeypatch):
    with open(tmp_path / "sparse.txt", "wb") as f:
        f.truncate(8 << 30)  # 8 GiB apparent, nothing on disk
    write(tmp_path, "small.txt", b"x" * 10)
    from zhengchai.read import discover as module

    hashed = []
    real = module._hash_fd
    monkeypatch.setattr(module, "_hash_fd", lambda fd: hashed.append(fd) or real(fd))
    result = scan(tmp_path, max_file_bytes=1 << 20)
    assert [f.path for f in result.files] == ["small.txt"] and len(hashed) == 1
    [too_large] = result.skipped
    assert (too_large.code, too_large.size) == ("too_large", 8 << 30)


def test_an_unchanged_file_is_not_hashed_again(tmp_path, monkeypatch):
    write(tmp_path, "a.txt", b"one")
    write(tmp_path, "b.txt", b"two")
    first = scan(tmp_path).files
    seen = {f.path: (f.size, f.mtime_ns, f.sha256) for f in first}
    write(tmp_path, "b.txt", b"TWO")  # same size; its mtime moves on
    os.utime(tmp_path / "b.txt", ns=(seen["b.txt"][1] + 1000, seen["b.txt"][1] + 1000))
    from zhengchai.read import discover as module

    hashed = []
    real = module._hash_fd
    monkeypatch.setattr(module, "_hash_fd", lambda fd: hashed.append(fd) or real(fd))
    again = {f.path: f.sha256 for f in scan(tmp_path, seen=seen).files}
    assert len(hashed) == 1  # only b.txt
    assert again["a.txt"] == seen["a.txt"][2] and again["b.txt"] != seen["b.txt"][2]


def _scan_as_nobody(root: Path) -> dict[str, str]:
    """scan() in a child that dropped root, where file permissions bite."""
    import json

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            os.setgid(65534)
            os.setuid(65534)
            result = scan(root)
            os.write(w, json.dumps({"files": [f.path for f in result.files], **_reasons(result)}).encode())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)


@pytest.mark.skipif(os.geteuid() != 0, reason="drops root to a user permissions apply to (run as root)")
def test_an_unreadable_file_is_recorded_not_raised():
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="zhengchai-perm-"))
    try:
        write(root, "ok/r.txt", b"readable")
        write(root, "ok/locked.txt", b"secret")
        os.chmod(root, 0o755)
        os.chmod(root / "ok", 0o755)
        os.chmod(root / "ok/r.txt", 0o644)
        os.chmod(root / "ok/locked.txt", 0o000)
        assert _scan_as_nobody(root) == {"files": ["ok/r.txt"], "ok/locked.txt": "unreadable"}
    finally:
        shutil.rmtree(root)


def test_the_original_stays_the_original_when_a_copy_arrives(tmp_path):
    write(tmp_path, "z/original.txt", b"same")
    files = discover(tmp_path)
    known, previous = {f.sha256: f.path for f in files}, {f.path: f.sha256 for f in files}
    write(tmp_path, "a/newcomer.txt", b"same")  # sorts first
    p = plan(discover(tmp_path), known, previous)
    assert [f.path for f in p.unchanged] == ["z/original.txt"]
    assert [(f.path, kept) for f, kept in p.duplicates] == [("a/newcomer.txt", "z/original.txt")]


@pytest.mark.parametrize("copy", ["r1-copy.pdf", "r1 (1).pdf", "copy of r1.pdf", "r1副本.pdf"])
def test_among_new_files_the_copy_is_the_name_that_extends_the_other(tmp_path, copy):
    """A copy listed before its original (`r1-copy.pdf` sorts before `r1.pdf`) is still the copy."""
    write(tmp_path, "a/r1.pdf", b"one")
    write(tmp_path, f"a/{copy}", b"one")
    p = plan(discover(tmp_path), known={}, previous={})
    assert [f.path for f in p.to_parse] == ["a/r1.pdf"]
    assert [(f.path, kept) for f, kept in p.duplicates] == [(f"a/{copy}", "a/r1.pdf")]
