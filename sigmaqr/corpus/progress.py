"""A one-line progress bar for long corpus runs, drawn on stderr."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
INTERVAL = 0.1  # seconds between redraws


class ProgressBar:
    """``[#####.....]  1234/3753 files  33%  2.1 s``, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        """Count finished files and redraw when due."""
        self.done += count
        now = time.perf_counter()
        if now - self._drawn >= INTERVAL or self.done >= self.total:
            self._drawn = now
            self._draw(now)

    def close(self) -> None:
        """Clear the bar's line."""
        self.stream.write("\r" + " " * (WIDTH + 40) + "\r")
        self.stream.flush()

    def _draw(self, now: float) -> None:
        fraction = self.done / self.total if self.total else 1.0
        filled = int(WIDTH * fraction)
        bar = "#" * filled + "." * (WIDTH - filled)
        elapsed = now - self.started
        text = f"[{bar}] {self.done}/{self.total} files {fraction:4.0%} {elapsed:.1f} s"
        self.stream.write("\r" + text)
        self.stream.flush()
