"""The GraphiQL explorer page served on GET /graphql in development mode.

The page reads `?query=`, `?variables=` and `?headers=` from its URL, so the link that
`make run` prints opens the explorer with the demo token and X-Customer already filled in.
"""

from __future__ import annotations

import json

EXAMPLE_QUERY = """# Welcome to reporting-gateway. Press ▶ to run; the docs list every report.
query FirstLook {
  sendingsLinksStats(first: 5) {
    edges { node { loyaltyClubId sourceId visitsCount uniqueVisitsCount } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
  members(first: 3, filter: {gender: {equal: FEMALE}, age: {in: [FROM_25_TO_29, FROM_30_TO_34]}}) {
    nodes { id communityId gender age optinChannel createdAt }
  }
}
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>reporting-gateway · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css">
</head>
<body>
  <div id="graphiql">Loading the GraphiQL explorer…</div>
  <script crossorigin src="https://unpkg.com/react@18.3.1/umd/react.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js"></script>
  <script crossorigin src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js"></script>
  <script>
    const params = new URLSearchParams(window.location.search);
    const endpoint = window.location.origin + window.location.pathname;
    const fetcher = GraphiQL.createFetcher({ url: endpoint });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: __EXAMPLE__,
        query: params.get("query") || undefined,
        variables: params.get("variables") || undefined,
        headers: params.get("headers") || undefined,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
        defaultEditorToolsVisibility: "headers",
      })
    );
  </script>
</body>
</html>
"""


def graphiql_html() -> str:
    return _PAGE.replace("__EXAMPLE__", json.dumps(EXAMPLE_QUERY))
