"""`export`: a report to a file from the command line, page by page, in bounded memory."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from reporting_gateway.cli.common import Commands, customer_ids, with_examples
from reporting_gateway.progress import ProgressBar
from reporting_gateway.settings import Settings

EXPORT_SQLITE_CACHE_KIB = 8192  # an export reads each page once: a big cache is only memory


def register(commands: Commands) -> None:
    export = commands.add_parser(
        "export",
        help="export a report to a CSV or JSON Lines file",
        **with_examples(
            "reporting-gateway export transactions --customers all --output transactions.csv",
            "reporting-gateway export sendings_events_history --customers 1000941 \\\n"
            "      --from 2026-10-01T00:00:00 --to 2026-11-01T00:00:00 --interval 1d \\\n"
            "      --format jsonl --output events.jsonl",
            "reporting-gateway export members --customers 1000941 --output women.csv \\\n"
            """      --filter-tree '{"type": "equal", "field": "gender", "value": "female"}'""",
        ),
    )
    export.add_argument("report", help="report name, e.g. sendings_events_history")
    export.add_argument("--customers", required=True, help="customer ids (1,2) or `all`")
    export.add_argument("--output", type=Path, required=True, help="file to write")
    export.add_argument("--format", choices=("csv", "jsonl"), default="csv")
    export.add_argument("--filter-tree", help="filter as a JSON tree (spec §2)")
    export.add_argument("--aggregate-by", help="aggregation, e.g. total_channel")
    export.add_argument("--from", dest="start", help="start (ISO 8601), for timeseries/statistics")
    export.add_argument("--to", dest="end", help="end (ISO 8601), exclusive")
    export.add_argument("--interval", help="5m, 1h, 1d, 1w or 1mo (default: auto)")
    export.add_argument("--fill-gaps", action="store_true")
    export.add_argument("--page-size", type=int, default=10_000)
    export.set_defaults(command=_export, is_async=True)


async def _export(args: argparse.Namespace, settings: Settings) -> int:
    from reporting_gateway.catalog import CATALOG
    from reporting_gateway.errors import GatewayError
    from reporting_gateway.exports.runner import export_to_file
    from reporting_gateway.exports.spec import ExportSpec, build_query, scope_of
    from reporting_gateway.exports.writers import Writer
    from reporting_gateway.ops import heap
    from reporting_gateway.resolvers.context import RequestContext
    from reporting_gateway.storage.store import create_store

    if args.report not in CATALOG:
        print(f"unknown report {args.report!r}; see docs/reports.md", file=sys.stderr)
        return 1
    store = create_store(settings, sqlite_cache_kib=EXPORT_SQLITE_CACHE_KIB)
    heap.settle()
    try:
        known = await store.customers()
        customers = (
            tuple(c.id for c in known)
            if args.customers.strip() == "all"
            else tuple(customer_ids(args.customers))
        )
        spec = ExportSpec(
            report=args.report,
            customers=customers,
            format=args.format,
            filter=json.loads(args.filter_tree) if args.filter_tree else None,
            aggregation=args.aggregate_by,
            page_size=args.page_size,
            start=args.start,
            end=args.end,
            interval=args.interval,
            fill_gaps=args.fill_gaps,
        )
        scope = scope_of(spec, known)
        if len(scope.customers) != len(set(customers)):
            print(
                f"unknown customer(s): {sorted(set(customers) - set(scope.ids))}", file=sys.stderr
            )
            return 1
        query = build_query(spec, RequestContext(store, settings, scope))
        started = time.monotonic()
        bar = ProgressBar(args.report)
        rows = await export_to_file(
            store, query, Writer.for_query(query, args.format), args.output, bar.rows
        )
        bar.finish()
    except GatewayError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    seconds = max(time.monotonic() - started, 1e-9)
    peak = _peak_memory_mb()
    print(
        f"wrote {rows:,} rows to {args.output} in {seconds:.1f} s "
        f"({rows / seconds:,.0f} rows/s); peak memory {peak:.0f} MB",
        file=sys.stderr,
    )
    return 0


def _peak_memory_mb() -> float:
    """This process's own peak resident memory. On Linux, VmHWM: `ru_maxrss` would also count
    the memory of whatever process started this one (it survives exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (
        1024 * 1024 if sys.platform == "darwin" else 1024
    )
