// The headers every tab sends. GraphiQL keeps headers per tab, so a token or customer typed into
// one tab's pane is missing from the next; the explorer keeps them here instead, in local
// storage, and the fetcher adds them to every request of every tab. A tab's own headers pane
// still wins for that tab (to compare two customers side by side, for instance).

import { Kind, parse } from "graphql";

export const TOKEN = "X-Client-Authorization";
export const CUSTOMER = "X-Customer";
const KEY = "reporting-gateway:session";
const INTROSPECTION = "IntrospectionQuery";

function parseObject(text) {
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function stored(storage) {
  const value = parseObject(storage.getItem(KEY)) || {};
  return { token: String(value.token || ""), customer: String(value.customer || "") };
}

// The link `make run` prints carries `?headers=` with the token and a customer: they become the
// session (saved, then removed from the address bar so the token is not left in history); any
// other header in it becomes the headers of the example tabs.
export function openSession(location, storage, history) {
  const params = new URLSearchParams(location.search);
  const session = stored(storage);
  let extra = null;
  const linked = params.has("headers") ? parseObject(params.get("headers")) : null;
  if (linked) {
    const rest = { ...linked };
    if (TOKEN in rest) session.token = String(rest[TOKEN]);
    if (CUSTOMER in rest) session.customer = String(rest[CUSTOMER]);
    delete rest[TOKEN];
    delete rest[CUSTOMER];
    extra = Object.keys(rest).length ? JSON.stringify(rest, null, 2) : null;
    params.delete("headers");
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? `?${query}` : "") + location.hash);
  }
  saveSession(storage, session);
  return { session, extra, params };
}

export function saveSession(storage, session) {
  storage.setItem(KEY, JSON.stringify(session));
}

export function tabCustomer(tabHeaders) {
  const value = parseObject(tabHeaders);
  return value && CUSTOMER in value ? String(value[CUSTOMER]) : null;
}

// The schema never depends on the customer: introspection goes without X-Customer, so a
// mistyped customer cannot take the docs pane and autocompletion away.
export function requestHeaders(session, tabHeaders, operationName) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (session.token) headers[TOKEN] = session.token;
  if (session.customer) headers[CUSTOMER] = session.customer;
  Object.assign(headers, tabHeaders || {});
  if (operationName === INTROSPECTION) delete headers[CUSTOMER];
  return headers;
}

// GraphiQL learns a tab's operation name 100 ms after its editor changes, so a run right after
// switching tabs names the previous tab's operation. A document with one operation runs that one.
export function withOperationName(params) {
  if (!params.operationName) return params;
  let operations;
  try {
    operations = parse(params.query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return params; // the server says what is wrong with it
  }
  const names = operations.map((operation) => operation.name && operation.name.value);
  if (operations.length !== 1 || names.includes(params.operationName)) return params;
  return { ...params, operationName: names[0] || undefined };
}

export function createFetcher(url, currentSession) {
  return async (graphiqlParams, options) => {
    const params = withOperationName(graphiqlParams);
    const response = await fetch(url, {
      method: "POST",
      headers: requestHeaders(currentSession(), options && options.headers, params.operationName),
      body: JSON.stringify(params),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
    }
  };
}
