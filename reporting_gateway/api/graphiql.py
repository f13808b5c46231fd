"""The GraphiQL explorer page served on GET /graphql in development mode.

The page reads `?headers=` (and `?query=`, `?variables=`) from its URL, so the link that
`make run` prints opens the explorer with the demo token and X-Customer already set: the bar
above GraphiQL keeps them in local storage and every tab sends them (explorer_app/session.js).
The first visit opens one tab per report format; GraphiQL keeps the tabs afterwards.

Its scripts are the bundle `make explorer` builds from the lockfile (explorer_assets.py), so the
explorer works without internet access; without npm, the same module from esm.sh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from reporting_gateway.api.explorer_assets import IMPORT_MAP, ExplorerAssets


@dataclass(frozen=True)
class ExampleTab:
    """A tab GraphiQL opens on the first visit; `variables` may name {from} and {to}, the
    30 days before today."""

    query: str
    variables: str = ""

    def variables_for(self, today: date) -> str:
        start, end = f"{today - timedelta(days=30)}T00:00:00", f"{today}T00:00:00"
        return self.variables.replace("{from}", start).replace("{to}", end)


EXAMPLE_TABS = (
    ExampleTab(
        """# Records: a Relay connection, keyset-paginated. Pass pageInfo.endCursor as `after`
# for the next page. Permit and cost of every report are in the docs pane (top left).
query RecentSendings($first: Int!, $after: String) {
  sendings(first: $first, after: $after, filter: {channel: {in: [EMAIL, SMS]}}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...SendingRow } }
  }
}

fragment SendingRow on SendingsRecord {
  loyaltyClubId
  id
  channel
  sourceId
  createdAt
  membersCount
  deliveredCount
  openedCount
}
""",
        '{"first": 10}',
    ),
    ExampleTab(
        """# Timeseries: one value per time bucket, aligned in the customer's timezone.
# interval: AUTO picks 5 minutes, an hour or a day from the range.
query SendingEventsByDay($from: DateTime!, $to: DateTime!) {
  sendingsEventsHistory(from: $from, to: $to, interval: DAY, fillGaps: true) {
    interval
    rangeTimezone
    timeBuckets
    series { label { loyaltyClubId eventType } values }
  }
}
""",
        '{"from": "{from}", "to": "{to}"}',
    ),
    ExampleTab(
        """# Statistics: totals over a period (default: all time), labelled like series.
query SendingEventsByChannel {
  byChannel: sendingsStats(aggregateBy: CHANNEL) {
    series { label { loyaltyClubId eventType channel } value }
  }
}
"""
    ),
    ExampleTab(
        """# Free: your rate-limit bucket, and what an operation would cost before you run it.
query Budget {
  rateLimit { bucket capacity remaining refillPerSecond resetAt }
  estimateCost(query: "{ sendings(first: 10) { totalCount } }") { cost permits }
  reports { name format permit cost }
}
"""
    ),
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>reporting-gateway · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="__CSS__">
  <style>
    html, body { margin: 0; height: 100%; }
    #explorer { height: 100vh; display: flex; flex-direction: column; }
    #explorer > .loading { margin: 2rem; font-family: sans-serif; }
    #graphiql { flex: 1; min-height: 0; }
    #session-bar { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: center;
      padding: .5rem 1rem; font: 14px/1.4 system-ui, sans-serif; color: #1f2328;
      background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
    #session-bar label { font-weight: 600; }
    #session-bar input { font: 13px ui-monospace, monospace; padding: .3rem .5rem;
      border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
    #session-bar input:focus { outline: 2px solid #0969da; outline-offset: -1px; }
    #x-customer { width: 16rem; }
    #token { width: 14rem; }
    #session-bar button { font: inherit; padding: .3rem .8rem; border-radius: 6px;
      border: 1px solid #1f883d; background: #1f883d; color: #fff; cursor: pointer; }
    #session-bar button:disabled { background: #94d3a2; border-color: #94d3a2; cursor: default; }
    #session-bar .hint { color: #59636e; }
    #session-bar .override { color: #9a6700; font-weight: 600; }
    .chart-pane { padding: 0 .5rem 1rem; overflow: auto; height: 100%; box-sizing: border-box; }
    .chart { margin: 0 0 1.5rem; }
    .chart figcaption { font-size: 13px; margin: .5rem 0; }
    .chart-canvas { position: relative; height: 260px; }
    .chart-legend { list-style: none; padding: 0; margin: .5rem 0 0; font-size: 12px;
      display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
    .chart-legend .swatch { display: inline-block; width: .8em; height: .8em;
      margin-right: .35em; border-radius: 2px; vertical-align: -1px; }
    .chart-empty { font-size: 14px; color: #59636e; }
  </style>
__SETUP__
</head>
<body>
  <div id="explorer"><p class="loading">Loading the GraphiQL explorer…</p></div>
  <script id="explorer-config" type="application/json">__CONFIG__</script>
  <script type="module" src="__APP__"></script>
</body>
</html>
"""

# Monaco's workers must come from the page's origin: the built ones, or esm.sh's wrappers.
_LOCAL_WORKERS = """  <script>
    const workers = __WORKERS__;
    self.MonacoEnvironment = {
      getWorker: (_, label) => new Worker(workers[label] || workers.editor),
    };
  </script>"""
_CDN_SETUP = """  <script type="importmap">__IMPORTS__</script>
  <script type="module">import "graphiql/setup-workers/esm.sh";</script>"""


def _json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/")


def graphiql_html(assets: ExplorerAssets, today: date | None = None) -> str:
    """The explorer page; the timeseries example covers the 30 days before `today`."""
    today = today or date.today()
    tabs = [
        {"query": tab.query, "variables": tab.variables_for(today) or None} for tab in EXAMPLE_TABS
    ]
    if assets.local:
        setup = _LOCAL_WORKERS.replace("__WORKERS__", _json(assets.worker_urls()))
    else:
        setup = _CDN_SETUP.replace("__IMPORTS__", _json({"imports": IMPORT_MAP}))
    return (
        _PAGE.replace("__CSS__", assets.url("explorer.css"))
        .replace("__SETUP__", setup)
        .replace("__APP__", assets.app_url())
        .replace("__CONFIG__", _json({"examples": tabs}))
    )
