"""Cheap checks before a reader starts: a file that would cost a worker its whole deadline, or its
memory, for nothing is refused in milliseconds with a clear reason.

- HTML nested deeper than any page (100,000 nested tags in 1 MB make the parser and the tree walk
  take minutes): the depth is counted on the raw tags, without building a tree;
- a DOCX/XLSX whose parts inflate past MAX_INFLATED (a zip bomb), read from the zip's directory.

Entity expansion (billion laughs) and external entities (XXE) are refused by the XML parsers the
readers use (lxml and openpyxl/defusedxml limits), a reference cycle in a PDF by the PDF reader's
recursion limit; tests/ops/test_hostile.py runs each of them.
"""

from __future__ import annotations

import io
import re
import zipfile

from zhengchai.read.model import Problem

MAX_NESTING = 1_000  # a government page is tens of levels deep; browsers cap their own trees near here
MAX_INFLATED = 256 << 20  # a DOCX/XLSX report inflates to a few MB

_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# elements that never hold others, so they never close (HTML's void elements)
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())


def html_depth(data: bytes, stop_at: int = MAX_NESTING) -> int:
    """How deep the tags nest, counted on the raw tags (closing tags matched loosely, as a lenient
    parser would); stops counting once past `stop_at`."""
    depth = deepest = 0
    for closing, name, self_closing in (m.groups() for m in _TAG.finditer(data)):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_at:
                    break
    return deepest


def inflated_size(data: bytes) -> int | None:
    """What a zip's parts add up to once inflated, from its directory (None: not a readable zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def precheck(fmt: str, data: bytes) -> Problem | None:
    """An error Problem when the file must not be given to its reader, else None."""
    if fmt == "html" and html_depth(data) > MAX_NESTING:
        return Problem("error", "too_deeply_nested",
                       f"the HTML nests its tags more than {MAX_NESTING:,} deep; not a report page, not read")
    if fmt in ("docx", "xlsx"):
        size = inflated_size(data)
        if size is not None and size > MAX_INFLATED:
            return Problem("error", "too_large", f"the {fmt.upper()} inflates to {size:,} bytes, over the "
                           f"limit of {MAX_INFLATED:,} (a zip bomb, or not a report); not read")
    return None
