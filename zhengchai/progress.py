"""Progress of a long step on one line rewritten in place, only on a terminal: silent in CI, in logs and
when the output is a file, so the run's summary and logs stay what they were."""

from __future__ import annotations

import os
import sys
from typing import TextIO

CLEAR_LINE = "\r\x1b[2K"


def on_terminal(stream: TextIO) -> bool:
    """A terminal that wants it: not redirected, not CI, not switched off with ZHENGCHAI_PROGRESS=0."""
    if os.environ.get("ZHENGCHAI_PROGRESS", "") == "0" or os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class Progress:
    """`extract 12/59 芙蓉区/2021/report.pdf` — one line, rewritten at each step, cleared at the end."""

    def __init__(self, label: str, total: int | None = None, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = on_terminal(self.stream)

    def step(self, item: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        count = f"{self.done}/{self.total}" if self.total else str(self.done)
        self.stream.write(f"{CLEAR_LINE}{self.label} {count} {item[-70:]}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
