"""A one-line progress bar on stderr for the long commands (demo-data, load, export)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
REDRAW_SECONDS = 0.1


class ProgressBar:
    """`what [##########--------------------]  33%  detail`, redrawn in place.

    Redraws at most every 0.1 s (a million-row load calls it thousands of times), but always
    draws 100 %, so the last line printed is the true one."""

    def __init__(self, what: str, stream: TextIO | None = None) -> None:
        self.what = what
        self.stream = stream or sys.stderr
        self.total: int | None = None  # for `rows`: known from the first page, or never
        self._drawn = 0.0

    def show(self, fraction: float | None, detail: str) -> None:
        now = time.monotonic()
        if fraction != 1.0 and now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        if fraction is None:
            line = f"\r{self.what}  {detail}"
        else:
            filled = int(min(1.0, fraction) * WIDTH)
            line = (
                f"\r{self.what} [{'#' * filled}{'-' * (WIDTH - filled)}] {fraction:4.0%}  {detail}"
            )
        print(line, end="", file=self.stream, flush=True)

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
        print(file=self.stream, flush=True)
