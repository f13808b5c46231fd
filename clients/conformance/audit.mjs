// The GraphQL over HTTP audits of graphql-http against the gateway at argv[2]: one JSON line
// per audit ({id, name, status, reason}); the exit code is 1 when any is an error or a warning.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:8000/graphql');
  process.exit(2);
}
let failed = false;
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  const reason = result.status === 'ok' ? null : result.reason;
  if (result.status === 'error' || result.status === 'warn') failed = true;
  console.log(JSON.stringify({ id: result.id, name: result.name, status: result.status, reason }));
}
process.exit(failed ? 1 : 0);
