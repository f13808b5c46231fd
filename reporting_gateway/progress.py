"""A one-line progress bar on stderr for the long commands (demo-data, load, export)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
REDRAW_SECONDS = 0.1
LOG_LINE_SECONDS = 10.0  # not a terminal (a log file, CI): a plain line this often


class ProgressBar:
    """`what [##########--------------------]  33%  detail`, redrawn in place.

    Redraws at most every 0.1 s (a million-row load calls it thousands of times), but always
    draws 100 %, so the last line printed is the true one. Written to something that is not a
    terminal, it prints whole lines instead, every 10 s: a log keeps no carriage returns."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.what = what
        self.stream = stream or sys.stderr
        self.total: int | None = None  # for `rows`: known from the first page, or never
        self._drawn = float("-inf")
        self._terminal = self.stream.isatty()
        self._every = REDRAW_SECONDS if self._terminal else LOG_LINE_SECONDS
        self._last = ""

    def show(self, fraction: float | None, detail: str) -> None:
        now = time.monotonic()
        if fraction != 1.0 and now - self._drawn < self._every:
            return
        self._drawn = now
        if fraction is None:
            line = f"{self.what}  {detail}"
        else:
            filled = int(min(1.0, fraction) * WIDTH)
            line = f"{self.what} [{'#' * filled}{'-' * (WIDTH - filled)}] {fraction:4.0%}  {detail}"
        if self._terminal:
            print(f"\r{line}", end="", file=self.stream, flush=True)
        elif line != self._last:
            print(line, file=self.stream, flush=True)
        self._last = line

    def rows(self, rows: int, total: int | None) -> None:
        """Rows done out of a total that may be unknown (export pages, file loads)."""
        total = self.total = total if total is not None else self.total
        if total:
            self.show(min(1.0, rows / total), f"{rows:,}/{total:,} rows")
        else:
            self.show(None, f"{rows:,} rows")

    def share(self, rows: int, done: float) -> None:
        """Rows written so far and the share of the work done (demo data)."""
        self.show(done, f"{rows:,} rows")

    def finish(self) -> None:
        if self._terminal:
            print(file=self.stream, flush=True)
