// Apollo Client 4 with its default InMemoryCache (no typePolicies, no keyFields) pages through
// the members of two customers whose records share database ids (argv: url, token, customer A,
// customer B). One JSON object on stdout; exit code 1 when any check failed.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';

const [url, token, ...customers] = process.argv.slice(2);
const cache = new InMemoryCache();
const client = new ApolloClient({
  link: new HttpLink({ uri: url, headers: { 'X-Client-Authorization': token } }),
  cache,
});
const PAGE = gql`query Members($after: String) {
  members(first: 4, after: $after) {
    nodes { id databaseId communityId gender }
    pageInfo { hasNextPage endCursor }
  }
}`;
const MEMBER = gql`fragment Member on MembersRecord { id databaseId communityId gender }`;
const report = { checks: {} };
let failed = false;
const check = (name, ok, detail) => {
  report.checks[name] = { ok, detail };
  if (!ok) failed = true;
};

async function walk(customer) {
  const rows = [];
  let after = null;
  for (;;) {
    const { data } = await client.query({
      query: PAGE,
      variables: { after },
      fetchPolicy: 'network-only',
      context: { headers: { 'X-Customer': customer } },
    });
    rows.push(...data.members.nodes);
    if (!data.members.pageInfo.hasNextPage) return rows;
    after = data.members.pageInfo.endCursor;
  }
}

try {
  const pages = [];
  for (const customer of customers) pages.push(await walk(customer));
  const shared = pages[0].map((r) => r.databaseId).filter((id) => pages[1].some((r) => r.databaseId === id));
  check('the two customers share database ids', shared.length > 0, shared.length);
  const ids = new Set(pages.flat().map((r) => r.id));
  check('every record has its own id', ids.size === pages[0].length + pages[1].length, ids.size);
  const mixed = pages.flat().filter((row) => {
    const cached = cache.readFragment({ id: cache.identify(row), fragment: MEMBER });
    return !cached || cached.communityId !== row.communityId || cached.gender !== row.gender;
  });
  check('the cache keeps every record as its customer sent it', mixed.length === 0, mixed.slice(0, 3));
  const own = pages.every((rows, i) => rows.every((r) => `id=${r.communityId}` === customers[i]));
  check('each walk holds only its customer', own, null);
} catch (error) {
  check('no exception', false, String((error && error.stack) || error));
}
console.log(JSON.stringify(report));
process.exit(failed ? 1 : 0);
