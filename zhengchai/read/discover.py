"""What is in raw/ now, against what the warehouse has already seen: content hashes decide.

Discovery trusts nothing it finds in raw/ (a drop zone anyone may write to):

- every entry is looked at with lstat, never followed blindly. A symbolic link is followed only when
  its target resolves to a regular file inside raw/; a link out of raw/, a dangling link, a link to a
  directory, a FIFO, a socket or a device is recorded (`Skipped`, with a reason) and never opened;
- a file is opened with O_NOFOLLOW | O_NONBLOCK and checked again on the open descriptor, so a file
  swapped for a FIFO or a link between the two looks is not read either;
- a file that cannot be opened (no read permission) is recorded as a problem, not an exception;
- a name that is not UTF-8 is kept losslessly as text: each undecodable byte written as \\xNN
  (`display_name`), while the file is opened by its name as the OS has it (`SourceFile.os_path`);
- hidden names (starting with '.', and Office's '~$' lock files) are skipped without a record: they
  are tool folders (.truth, .git) and system litter (.DS_Store). A hidden name that looks like a path
  trick (it starts with '..' or holds a backslash, as `..\\..\\etc\\passwd.html` does) is recorded;
- a file over `max_file_bytes` is recorded and never hashed (a sparse file can claim terabytes);
- the content hash of a file whose size and mtime (ns) match the last run's record is reused, so an
  unchanged raw/ is not read again every night.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_FILE_BYTES = 200 << 20  # a yearly report is a few MB; a scanned one tens of MB


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the raw directory, POSIX separators, undecodable bytes as \xNN
    sha256: str
    size: int
    mtime_ns: int = 0
    fs_path: str = ""  # the name as the OS has it (surrogate escapes), when it differs from `path`

    @property
    def os_path(self) -> str:
        return self.fs_path or self.path


@dataclass(frozen=True)
class Skipped:
    """A directory entry discovery did not read, and why."""

    path: str
    code: str  # link_outside_raw | dangling_link | link_to_directory | not_a_regular_file | unreadable | ...
    message: str
    severity: str = "error"
    size: int | None = None


@dataclass(frozen=True)
class Plan:
    """How this run sees each file."""

    to_parse: tuple[SourceFile, ...] = ()  # content never seen: parse it
    unchanged: tuple[SourceFile, ...] = ()  # same path, same content as before
    moved: tuple[tuple[str, SourceFile], ...] = ()  # (old path, file): renamed or moved, not re-parsed
    duplicates: tuple[tuple[SourceFile, str], ...] = ()  # (file, path of the copy kept): same content twice
    removed: tuple[tuple[str, str], ...] = ()  # (path, sha256) seen last run, gone now
    files: tuple[SourceFile, ...] = field(default=())
    skipped: tuple[Skipped, ...] = ()  # entries not read, each with its reason

    @property
    def nothing_new(self) -> bool:
        return not self.to_parse


@dataclass(frozen=True)
class Scan:
    files: tuple[SourceFile, ...]
    skipped: tuple[Skipped, ...]


# path -> (size, mtime_ns, sha256) as the last run recorded it
Seen = dict[str, tuple[int, int, str]]


def display_name(name: str) -> str:
    """A name from the OS (undecodable bytes as surrogate escapes) as storable text: bytes as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def _trick(name: str) -> bool:
    """A hidden name made to look like a path out of the folder (..\\..\\etc\\passwd)."""
    return name.startswith("..") or "\\" in name


def _walk(root: str, rel: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """(relative path as the OS has it, lstat) of every entry; links to directories and hidden
    directories are not entered."""
    try:
        entries = sorted(os.scandir(os.path.join(root, rel) if rel else root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        child = f"{rel}/{entry.name}" if rel else entry.name
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        yield child, info
        if stat.S_ISDIR(info.st_mode) and not _hidden(entry.name):
            yield from _walk(root, child)


def _hash_fd(fd: int) -> str:
    h = hashlib.sha256()
    while block := os.read(fd, 1 << 20):
        h.update(block)
    return h.hexdigest()


def _link_target(root_real: str, full: str) -> tuple[str | None, Skipped | None]:
    """Where a symbolic link leads, if it may be followed: a regular file inside raw/."""
    target = os.path.realpath(full)
    if not os.path.exists(full):  # nothing there, or a loop of links
        return None, Skipped("", "dangling_link", "a symbolic link to nothing; not read", "warning")
    if os.path.commonpath([root_real, target]) != root_real:
        return None, Skipped("", "link_outside_raw", "a symbolic link to a file outside raw/; not read")
    if os.path.isdir(target):
        return None, Skipped("", "link_to_directory", "a symbolic link to a directory; not followed", "warning")
    return target, None


def _read(path: str, rel: str, display: str, max_bytes: int, seen: Seen) -> SourceFile | Skipped:
    """Open without following links or blocking, check what was opened, hash it (or reuse the hash)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        return Skipped(display, "unreadable", f"cannot open the file: {e.strerror or e}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Skipped(display, "not_a_regular_file", "not a regular file; not read")
        if info.st_size > max_bytes:
            return Skipped(display, "too_large", f"{info.st_size:,} bytes, over the limit of {max_bytes:,} "
                           "(ZHENGCHAI_MAX_FILE_MB); not read", size=info.st_size)
        before = seen.get(display)
        if before and before[:2] == (info.st_size, info.st_mtime_ns):
            sha = before[2]
        else:
            try:
                sha = _hash_fd(fd)
            except OSError as e:
                return Skipped(display, "unreadable", f"cannot read the file: {e.strerror or e}")
        return SourceFile(display, sha, info.st_size, info.st_mtime_ns, rel if rel != display else "")
    finally:
        os.close(fd)


def _entry(root: str, root_real: str, rel: str, info: os.stat_result, max_bytes: int,
           seen: Seen) -> SourceFile | Skipped | None:
    display = display_name(rel)
    full = os.path.join(root, rel)
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        target, refused = _link_target(root_real, full)
        if refused:
            return Skipped(display, refused.code, refused.message, refused.severity)
        # read (now and in extraction) through the resolved target, so the link cannot be re-pointed
        return _read(target, os.path.relpath(target, root_real), display, max_bytes, seen)
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        return Skipped(display, "not_a_regular_file", f"{kind}, not a regular file; not read")
    return _read(full, rel, display, max_bytes, seen)


def scan(raw_dir: Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, seen: Seen | None = None) -> Scan:
    """Every regular file under raw_dir that may be read, and every entry refused with its reason."""
    root = os.fspath(raw_dir)
    root_real = os.path.realpath(root)
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    names: set[str] = set()
    for rel, info in _walk(root):
        name = rel.rsplit("/", 1)[-1]
        if _hidden(name):  # _walk enters no hidden folder: only the last part can be hidden
            if _trick(name):
                skipped.append(Skipped(display_name(rel), "suspicious_name",
                                       "a hidden name that looks like a path out of raw/; not read", "warning"))
            continue
        found = _entry(root, root_real, rel, info, max_file_bytes, seen or {})
        if found is None:
            continue
        if found.path in names:  # a literal "\xNN" in one name and that byte in another: keep the first
            skipped.append(Skipped(found.path + " (2)", "ambiguous_name",
                                   "two names read the same once undecodable bytes are escaped; not read", "warning"))
            continue
        names.add(found.path)
        (files if isinstance(found, SourceFile) else skipped).append(found)
    return Scan(tuple(files), tuple(skipped))


def discover(raw_dir: Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[SourceFile]:
    """Every file under raw_dir that may be read (see `scan` for what is refused and why)."""
    return list(scan(raw_dir, max_file_bytes).files)


def _originals(files: list[SourceFile], known: dict[str, str], previous: dict[str, str]) -> dict[str, str]:
    """sha256 -> the path that is the original among files with that content: the one the last run
    had, else the one it was first loaded from, else the first by name that is not named as a copy. A newcomer with the same
    content is the duplicate, never the original."""
    present = {f.path for f in files}
    chosen: dict[str, str] = {}
    for f in files:
        if f.sha256 in chosen:
            continue
        same = [g.path for g in files if g.sha256 == f.sha256]
        was = [p for p in same if previous.get(p) == f.sha256]
        loaded = known.get(f.sha256)
        if was:  # the last run saw them all (the copies too): the one it loaded stays the original
            chosen[f.sha256] = loaded if loaded in was else _first_not_a_copy(was)
        else:
            chosen[f.sha256] = loaded if loaded in present else _first_not_a_copy(same)
    return chosen


def _first_not_a_copy(paths: list[str]) -> str:
    """Among new files of the same content, the first by name whose name does not extend another's:
    `x-copy.pdf`, `copy of x.pdf`, `x (1).pdf` beside `x.pdf` are the copies, whatever the listing order."""
    stems = {Path(p).stem for p in paths}
    return min(paths, key=lambda p: (any(s != Path(p).stem and s in Path(p).stem for s in stems), p))


def plan(files: Iterable[SourceFile], known: dict[str, str], previous: dict[str, str],
         skipped: Iterable[Skipped] = ()) -> Plan:
    """known: sha256 → path it was loaded from; previous: path → sha256 as of the last run."""
    to_parse, unchanged, moved, duplicates = [], [], [], []
    files = list(files)
    present = {f.path for f in files}
    previous_by_sha = {h: p for p, h in previous.items()}
    original = _originals(files, known, previous)
    for f in files:
        if original[f.sha256] != f.path:
            duplicates.append((f, original[f.sha256]))
        elif f.sha256 not in known:
            to_parse.append(f)
        elif previous.get(f.path) == f.sha256:
            unchanged.append(f)
        else:
            before = previous_by_sha.get(f.sha256, known[f.sha256])
            if before != f.path and before not in present:
                moved.append((before, f))
            else:
                unchanged.append(f)
    seen_now = {f.sha256 for f in files}
    removed = tuple((p, h) for p, h in sorted(previous.items()) if p not in present and h not in seen_now)
    return Plan(tuple(to_parse), tuple(unchanged), tuple(moved), tuple(duplicates), removed, tuple(files),
                tuple(skipped))
