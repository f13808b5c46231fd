// The explorer: GraphiQL 5 under the session bar, with the chart pane beside the docs and the
// history. The page (served on the endpoint's own path) hands over its example tabs in
// #explorer-config; the same module runs bundled (served by the gateway) or straight from a
// CDN through an import map.

import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL, HISTORY_PLUGIN } from "graphiql";
import { CHART_PLUGIN } from "./chart_plugin.js";
import { SessionBar } from "./session_bar.js";
import { createFetcher, openSession, saveSession, tabCustomer } from "./session.js";

const h = React.createElement;
const config = JSON.parse(document.getElementById("explorer-config").textContent);
const opened = openSession(window.location, window.localStorage, window.history);
let session = opened.session;
const fetcher = createFetcher(window.location.origin + window.location.pathname, () => session);
const examples = config.examples.map((tab) => ({ ...tab, headers: opened.extra }));
const plugins = [HISTORY_PLUGIN, CHART_PLUGIN];
// GraphiQL opens the first default tab without its variables; hand them over on a first visit.
const firstVisit = window.localStorage.getItem("graphiql:tabState") === null;
const initialVariables =
  opened.params.get("variables") || (firstVisit ? examples[0].variables : null) || undefined;

// The active tab's own X-Customer as GraphiQL stored it (the bar says so from the start).
function storedOverride() {
  try {
    const state = JSON.parse(window.localStorage.getItem("graphiql:tabState") || "null");
    return state ? tabCustomer(state.tabs[state.activeTabIndex]?.headers) : null;
  } catch {
    return null;
  }
}

function Explorer() {
  const [current, setCurrent] = React.useState(session);
  const [override, setOverride] = React.useState(storedOverride);
  const onTabChange = React.useCallback((state) => {
    setOverride(tabCustomer(state.tabs[state.activeTabIndex]?.headers));
  }, []);
  const apply = React.useCallback((next) => {
    session = next;
    saveSession(window.localStorage, next);
    setCurrent(next);
  }, []);
  // A new token can change what the schema shows (permits): remount, which introspects again;
  // tabs live in local storage, so nothing typed is lost. A new customer needs nothing.
  const graphiql = React.useMemo(
    () =>
      h(GraphiQL, {
        key: current.token,
        fetcher,
        plugins,
        defaultTabs: examples,
        defaultHeaders: opened.extra || undefined,
        initialQuery: opened.params.get("query") || undefined,
        initialVariables,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: true,
        defaultEditorToolsVisibility: "variables",
        onTabChange,
      }),
    [current.token, onTabChange],
  );
  return h(
    React.Fragment,
    null,
    h(SessionBar, { session: current, override, onApply: apply }),
    h("div", { id: "graphiql" }, graphiql),
  );
}

createRoot(document.getElementById("explorer")).render(h(Explorer));
