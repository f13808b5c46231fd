"""The GraphiQL explorer page served on GET /graphql in development mode.

The page reads `?headers=` (and `?query=`, `?variables=`) from its URL, so the link that
`make run` prints opens the explorer with the demo token and X-Customer already filled in. A bar
above the editor edits X-Customer without touching the JSON in the headers pane. The first visit
opens one tab per report format; GraphiQL keeps the tabs in local storage afterwards.

Its scripts come from the npm-installed, lockfile-pinned `clients/explorer` package when that is
installed (`make run` does it where npm exists), so the explorer works without internet access;
otherwise from unpkg.com at the same versions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from reporting_gateway.api.explorer_assets import ExplorerAssets


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
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column;
      font-family: sans-serif; }
    #customer-bar { display: flex; gap: .5rem; align-items: center; padding: .35rem .75rem;
      font-size: 13px; border-bottom: 1px solid #ddd; background: #f7f7f7; }
    #customer-bar input { width: 22rem; font-family: monospace; }
    #customer-bar .hint { color: #666; }
    #customer-bar .error { color: #b00020; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
  <link rel="stylesheet" href="__CSS__">
</head>
<body>
  <form id="customer-bar">
    <label for="x-customer">X-Customer</label>
    <input id="x-customer" name="x-customer" list="customer-forms" autocomplete="off"
           placeholder="id=1000941">
    <datalist id="customer-forms">
      <option value="all=all"><option value="chain="><option value="country=">
    </datalist>
    <button type="submit">Set header</button>
    <span class="hint">id=1_2 (several ids), chain=NAME, country=CODE or all=all</span>
    <span id="customer-error" class="error" role="alert"></span>
  </form>
  <div id="graphiql">Loading the GraphiQL explorer…</div>
__SCRIPTS__
  <script>
    const params = new URLSearchParams(window.location.search);
    const endpoint = window.location.origin + window.location.pathname;
    const fetcher = GraphiQL.createFetcher({ url: endpoint });
    const initialHeaders = params.get("headers") || undefined;
    const examples = __EXAMPLES__.map((tab) => ({ ...tab, headers: initialHeaders || null }));
    const input = document.getElementById("x-customer");
    const error = document.getElementById("customer-error");
    // GraphiQL 3 opens the first default tab without its variables; hand them over once.
    const firstVisit = window.localStorage.getItem("graphiql:tabState") === null;
    const initialVariables =
      params.get("variables") || (firstVisit ? examples[0].variables : null) || undefined;
    let currentHeaders = initialHeaders || "";
    let revision = 0;

    function customerOf(text) {
      try { return (JSON.parse(text || "{}") || {})["X-Customer"] || ""; } catch { return null; }
    }
    function showCustomer(text) {
      const customer = customerOf(text);
      if (customer !== null && document.activeElement !== input) input.value = customer;
    }

    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    function render(headers) {
      root.render(React.createElement(GraphiQL, {
        key: "explorer",
        fetcher,
        defaultTabs: examples,
        query: params.get("query") || undefined,
        variables: initialVariables,
        headers,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
        defaultEditorToolsVisibility: "headers",
        onTabChange: (state) => {
          currentHeaders = state.tabs[state.activeTabIndex].headers || "";
          showCustomer(currentHeaders);
        },
      }));
    }

    document.getElementById("customer-bar").addEventListener("submit", (event) => {
      event.preventDefault();
      let headers;
      try {
        headers = JSON.parse(currentHeaders || "{}") || {};
      } catch {
        error.textContent = "The headers pane is not valid JSON; fix it first.";
        return;
      }
      error.textContent = "";
      if (input.value.trim()) headers["X-Customer"] = input.value.trim();
      else delete headers["X-Customer"];
      // GraphiQL applies `headers` only when the prop changes: alternate a trailing newline so
      // setting the same customer again after editing the pane still takes effect.
      revision += 1;
      currentHeaders = JSON.stringify(headers, null, 2) + "\\n".repeat(revision % 2);
      render(currentHeaders);
    });

    render(initialHeaders);
    showCustomer(initialHeaders);
  </script>
</body>
</html>
"""


def graphiql_html(assets: ExplorerAssets, today: date | None = None) -> str:
    """The explorer page; the timeseries example covers the 30 days before `today`."""
    today = today or date.today()
    tabs = [
        {"query": tab.query, "variables": tab.variables_for(today) or None} for tab in EXAMPLE_TABS
    ]
    scripts = "\n".join(
        f'  <script crossorigin src="{assets.url(name)}"></script>'
        for name in ("react.js", "react-dom.js", "graphiql.js")
    )
    return (
        _PAGE.replace("__CSS__", assets.url("graphiql.css"))
        .replace("__SCRIPTS__", scripts)
        .replace("__EXAMPLES__", json.dumps(tabs).replace("</", "<\\/"))
    )
