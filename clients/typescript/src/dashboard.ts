// What a frontend does with the generated types: send an operation, then use its result with
// the compiler checking every field it reads. `npm run typecheck` compiles this file.
import type {
  MembersFilter,
  MembersPageQuery,
  MembersPageQueryVariables,
  SendingEventsChartQuery,
  SendingEventsChartQueryVariables,
  SendingTotalsQuery,
  SendingTotalsQueryVariables,
} from "./generated/graphql";

export interface Gateway {
  url: string; // e.g. http://127.0.0.1:8000/graphql
  token: string; // X-Client-Authorization
  customer: string; // X-Customer, e.g. "id=1000941" or "chain=Cats"
}

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; hint?: string; requestId?: string };
}

export class GatewayError extends Error {
  constructor(readonly errors: GraphQLError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
  }
}

export async function request<TData, TVariables>(
  gateway: Gateway,
  query: string,
  variables: TVariables,
): Promise<TData> {
  const response = await fetch(gateway.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Client-Authorization": gateway.token,
      "X-Customer": gateway.customer,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: TData | null; errors?: GraphQLError[] };
  if (body.errors?.length || !body.data) throw new GatewayError(body.errors ?? []);
  return body.data;
}

// Records: walk every page of women members, following the cursors.
export async function allMemberIds(
  gateway: Gateway,
  query: string,
  filter: MembersFilter = { gender: { equal: "FEMALE" } },
): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  do {
    const page: MembersPageQuery = await request<MembersPageQuery, MembersPageQueryVariables>(
      gateway,
      query,
      { first: 1000, after, filter },
    );
    if (!page.members) break;
    ids.push(...page.members.edges.map((edge) => edge.node.databaseId));
    after = page.members.pageInfo.hasNextPage ? page.members.pageInfo.endCursor : null;
  } while (after);
  return ids;
}

// Timeseries: one chart row per bucket, one column per event type.
export interface ChartRow {
  bucket: string;
  [eventType: string]: number | string;
}

export function chartRows(result: SendingEventsChartQuery): ChartRow[] {
  const chart = result.sendingsEventsHistory;
  if (!chart) return [];
  return chart.timeBuckets.map((bucket, index) => {
    const row: ChartRow = { bucket };
    for (const series of chart.series) {
      const key = series.label.eventType ?? "ALL";
      row[key] = (Number(row[key] ?? 0) || 0) + (series.values[index] ?? 0);
    }
    return row;
  });
}

export const lastMonth: SendingEventsChartQueryVariables = {
  from: "2026-10-01T00:00:00",
  to: "2026-11-01T00:00:00",
  interval: "DAY",
  aggregateBy: "CHANNEL",
};

// Statistics: totals per channel, and how many tokens are left after asking.
export function totalsByChannel(result: SendingTotalsQuery): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { label, value } of result.sendingsStats?.series ?? []) {
    const channel = label.channel ?? "ALL";
    totals.set(channel, (totals.get(channel) ?? 0) + value);
  }
  return totals;
}

export function tokensLeft(result: SendingTotalsQuery): number | null {
  return result.rateLimit ? result.rateLimit.remaining : null;
}

export const thisYear: SendingTotalsQueryVariables = { from: "2026-01-01T00:00:00" };
