"""What is in raw/ now, against what the warehouse has already seen: content hashes decide."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the raw directory, POSIX separators
    sha256: str
    size: int


@dataclass(frozen=True)
class Plan:
    """How this run sees each file."""

    to_parse: tuple[SourceFile, ...] = ()  # content never seen: parse it
    unchanged: tuple[SourceFile, ...] = ()  # same path, same content as before
    moved: tuple[tuple[str, SourceFile], ...] = ()  # (old path, file): renamed or moved, not re-parsed
    duplicates: tuple[tuple[SourceFile, str], ...] = ()  # (file, path of the copy kept): same content twice
    removed: tuple[tuple[str, str], ...] = ()  # (path, sha256) seen last run, gone now
    files: tuple[SourceFile, ...] = field(default=())

    @property
    def nothing_new(self) -> bool:
        return not self.to_parse


def _hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def discover(raw_dir: Path) -> list[SourceFile]:
    """Every file under raw_dir, hidden files and folders (.truth, .DS_Store) left out."""
    raw_dir = Path(raw_dir)
    found = []
    for path in sorted(raw_dir.rglob("*")):
        rel = path.relative_to(raw_dir)
        if any(part.startswith((".", "~$")) for part in rel.parts) or not path.is_file():
            continue
        found.append(SourceFile(rel.as_posix(), _hash(path), path.stat().st_size))
    return found


def plan(files: Iterable[SourceFile], known: dict[str, str], previous: dict[str, str]) -> Plan:
    """known: sha256 → path it was loaded from; previous: path → sha256 as of the last run."""
    to_parse, unchanged, moved, duplicates = [], [], [], []
    first_path: dict[str, str] = {}
    files = list(files)
    present = {f.path for f in files}
    previous_by_sha = {h: p for p, h in previous.items()}
    for f in files:
        if f.sha256 in first_path:
            duplicates.append((f, first_path[f.sha256]))
            continue
        first_path[f.sha256] = f.path
        if f.sha256 not in known:
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
    return Plan(tuple(to_parse), tuple(unchanged), tuple(moved), tuple(duplicates), removed, tuple(files))
