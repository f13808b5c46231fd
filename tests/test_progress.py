"""The progress bar: redrawn in place on a terminal, plain lines in a log."""

from __future__ import annotations

import io

from reporting_gateway import progress
from reporting_gateway.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_log_the_bar_writes_whole_lines_and_always_the_last_one() -> None:
    log = io.StringIO()
    bar = ProgressBar("loading x", log)
    for rows in range(0, 1001, 10):
        bar.rows(rows, 1000)
    bar.finish()
    text = log.getvalue()
    assert "\r" not in text
    lines = text.splitlines()
    assert lines[-1].endswith("100%  1,000/1,000 rows")
    assert len(lines) <= 3  # not a line per call: one now and then, and the last


def test_on_a_terminal_the_bar_is_redrawn_in_place() -> None:
    screen = Terminal()
    bar = ProgressBar("loading x", screen)
    for rows in (0, 500, 1000):
        bar._drawn = float("-inf")  # as if 0.1 s had passed between the calls
        bar.rows(rows, 1000)
    bar.finish()
    text = screen.getvalue()
    assert text.count("\r") == 3 and text.endswith("1,000/1,000 rows\n")
    assert progress.REDRAW_SECONDS < progress.LOG_LINE_SECONDS
