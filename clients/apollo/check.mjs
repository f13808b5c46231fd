// Apollo Client 4 against the gateway at argv[2] (token argv[3]) as a frontend uses it: one
// JSON object on stdout with what happened; exit code 1 when any check failed.
import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

const [url, token] = process.argv.slice(2);
const sent = []; // what went over the wire: {method, hashOnly}
const recordingFetch = async (uri, options) => {
  const body = options.body ? JSON.parse(options.body) : null;
  const hashOnly = options.method === 'GET' ? !new URL(uri).searchParams.has('query') : !body.query;
  sent.push({ method: options.method, hashOnly });
  return fetch(uri, options);
};

function client(useGET) {
  const persisted = new PersistedQueryLink({
    sha256: (text) => createHash('sha256').update(text).digest('hex'),
    useGETForHashedQueries: useGET,
  });
  const http = new HttpLink({
    uri: url,
    fetch: recordingFetch,
    headers: { 'X-Client-Authorization': token, 'X-Customer': 'id=1000941' },
  });
  return new ApolloClient({ link: ApolloLink.from([persisted, http]), cache: new InMemoryCache() });
}

const STATS = gql`query Stats { sendingsStats { series { label { eventType } value } } }`;
const BAD = gql`query Bad { members(first: 1, filterTree: {type: "equal", field: "nope", value: 1}) { nodes { optinChannel } } }`;
const report = { checks: {} };
let failed = false;
const check = (name, ok, detail) => {
  report.checks[name] = { ok, detail };
  if (!ok) failed = true;
};

try {
  const first = await client(false).query({ query: STATS, fetchPolicy: 'network-only' });
  check('first use registers the query', sent.length === 2 && sent[0].hashOnly && !sent[1].hashOnly, sent);
  check('data came back', first.data.sendingsStats.series.length > 0, first.data.sendingsStats.series.length);
  sent.length = 0;
  const again = await client(true).query({ query: STATS, fetchPolicy: 'network-only' });
  check('a new client sends the hash alone, by GET', sent.length === 1 && sent[0].hashOnly && sent[0].method === 'GET', sent);
  check('the same data', JSON.stringify(again.data) === JSON.stringify(first.data), null);
  const bad = await client(false).query({ query: BAD, fetchPolicy: 'network-only', errorPolicy: 'all' });
  const error = bad.error;
  check('BAD_FILTER is a GraphQL error with its code', CombinedGraphQLErrors.is(error) && error.errors[0].extensions.code === 'BAD_FILTER', error && error.message);
} catch (error) {
  check('no exception', false, String(error && error.stack || error));
}
console.log(JSON.stringify(report));
process.exit(failed ? 1 : 0);
