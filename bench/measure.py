"""Timing: A and B interleaved (A, B, A, B, …) after a warm-up, so drift of the machine hits
both alike; medians and ranges of the repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

Run = Callable[[], Awaitable[Any]]


@dataclass
class Timing:
    samples_ms: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def low(self) -> float:
        return min(self.samples_ms)

    @property
    def high(self) -> float:
        return max(self.samples_ms)


async def _time(run: Run) -> float:
    started = time.perf_counter_ns()
    await run()
    return (time.perf_counter_ns() - started) / 1e6


async def interleaved(a: Run, b: Run, *, warmup: int, repeats: int) -> tuple[Timing, Timing]:
    for _ in range(warmup):
        await a()
        await b()
    timings = (Timing(), Timing())
    for i in range(repeats):
        first, second = (a, b) if i % 2 == 0 else (b, a)  # alternate who goes first too
        one, two = await _time(first), await _time(second)
        timings[0].samples_ms.append(one if first is a else two)
        timings[1].samples_ms.append(two if first is a else one)
    return timings


@dataclass
class Figure:
    name: str
    a: str
    b: str
    timing_a: Timing | None = None
    timing_b: Timing | None = None
    value: float | None = None  # the figure the target is about (a ratio, µs/row, rows/s…)
    unit: str = "x"
    target: str = "report"
    verdict: str = "REPORT"  # PASS, MISS, REPORT or SKIP
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        def timing(t: Timing | None) -> dict[str, float] | None:
            return None if t is None else {"median_ms": t.median, "min_ms": t.low, "max_ms": t.high}

        return {**vars(self), "timing_a": timing(self.timing_a), "timing_b": timing(self.timing_b)}


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"
