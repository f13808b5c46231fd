"""`make bench` / `python -m bench`: the gateway against the bare database, side by side.

python -m bench [--scale 1] [--backend sqlite|postgresql] [--json bench/out/results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import asyncpg

from bench import figures, history, loading, processes, served
from bench.environment import OUT, log, redis_app, setup
from bench.figures import Setup
from bench.measure import Figure

logging.getLogger("httpx").setLevel(logging.WARNING)

IN_PROCESS: list[tuple[str, Callable[[Setup], Awaitable[Figure]]]] = [
    ("records page", figures.records_page),
    ("per-row cost", figures.per_row),
    ("deep page", figures.deep_page),
    ("statistics", figures.statistics_figure),
    ("timeseries, one customer", lambda s: figures.timeseries_figure(s, (figures.ONE,))),
    ("timeseries, two timezones",
     lambda s: figures.timeseries_figure(s, (figures.ONE, figures.OTHER_ZONE))),
    ("access overhead", figures.access_overhead),
]  # fmt: skip


async def run(args: argparse.Namespace) -> list[Figure]:
    workdir: Path = args.workdir
    other_backend = "postgresql" if args.backend == "sqlite" else "sqlite"
    results: list[Figure] = []
    async with setup(args.backend, args.scale, args.seed, args.repeats, workdir) as main:
        for name, measure in IN_PROCESS:
            log(f"measuring {name} …")
            results.append(await measure(main))
        log("measuring limiter backend …")
        redis, reason = await redis_app(main)
        main.extra["redis_skip"] = reason
        results.append(await figures.limiter_backend(main, redis))
        if redis is not None:
            await redis.aclose()
        log("measuring backends …")
        try:
            async with setup(other_backend, args.scale, args.seed, args.repeats, workdir) as other:
                results += await figures.backends(main, other)
        except (OSError, asyncpg.PostgresError) as error:
            main.extra["pg_skip"] = f"{other_backend} unavailable: {error}"
            results += await figures.backends(main, None)
        for format in ("csv", "jsonl"):
            log(f"measuring {format} export …")
            results.append(await processes.export_figure(main, workdir, format))
        log("measuring through servers (wrk, PostGraphile) …")
        results += await served.served_figures(main, main.extra["env"]["REPORTING_DATABASE_URL"],
                                               workdir, args.seconds)  # fmt: skip
    try:
        async with setup(other_backend, args.scale, args.seed, args.repeats, workdir) as other:
            for format in ("csv", "jsonl"):
                log(f"measuring {format} export on {other_backend} …")
                results.append(await processes.export_figure(other, workdir, format))
            log(f"measuring through servers on {other_backend} …")
            results += await served.served_figures(
                other, other.extra["env"]["REPORTING_DATABASE_URL"], workdir, args.seconds
            )
    except (OSError, asyncpg.PostgresError) as error:
        reason = f"{other_backend} unavailable: {error}"
        results += [processes.export_skipped(other_backend, f, reason) for f in ("csv", "jsonl")]
        results += served.skipped(other_backend, reason)
    for backend in (args.backend, other_backend):
        try:
            results.append(await loading.load_figure(backend, 2 * args.scale, workdir))
        except (OSError, asyncpg.PostgresError) as error:
            results.append(loading.skipped(backend, f"{backend} unavailable: {error}"))
    for backend in (args.backend, other_backend):
        try:
            results += await history.history_figures(
                backend, args.scale, args.seed, args.repeats, workdir
            )
        except (OSError, asyncpg.PostgresError) as error:
            results += history.skipped(backend, f"{backend} unavailable: {error}")
    return results


def table(results: list[Figure]) -> str:
    rows = [("figure", "A", "B", "median A", "median B", "min-max A", "value", "target", "verdict")]
    for f in results:
        ta, tb = f.timing_a, f.timing_b
        value = (
            "-"
            if f.value is None
            else (f"{f.value:,.0f} {f.unit}" if f.unit in ("req/s",) else f"{f.value:.3g} {f.unit}")
        )
        rows.append(
            (
                f.name,
                f.a,
                f.b,
                f"{ta.median:.2f} ms" if ta else "-",
                f"{tb.median:.2f} ms" if tb else "-",
                f"{ta.low:.2f}-{ta.high:.2f}" if ta else "-",
                value,
                f.target,
                f.verdict + (f"  {f.note}" if f.note else ""),
            )
        )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        lines.append(
            "  ".join(str(c).ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1: 2M sending events, 200k members, 500k visits"
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=40, help="samples per fast figure")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per throughput run")
    parser.add_argument("--json", type=Path, default=OUT / "results.json")
    parser.add_argument(
        "--workdir", type=Path, default=OUT, help="where the SQLite data set and exports go"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = asyncio.run(run(args))
    print(table(results))
    print(f"\n{args.backend}, scale {args.scale:g}; {time.monotonic() - started:.0f} s in all")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps([f.as_json() for f in results], indent=2))
    print(f"written to {args.json}")


if __name__ == "__main__":
    main()
