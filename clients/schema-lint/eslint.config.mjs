// @graphql-eslint's schema rules over ../../schema.graphql, run by tests/clients/test_schema_lint.py
// (`npm run eslint`). Every rule of its `schema-recommended` and `schema-relay` sets is on; the
// options below narrow three of them, each with the reason.
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default [
  {
    files: ['**/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: 'schema.graphql' } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      ...graphqlPlugin.configs['flat/schema-relay'].rules,
      // Only things with an identity of their own carry `id: ID!` (the Node records). Answers
      // computed from a query — connections, edges, series, labels, totals, counts, metadata,
      // estimates — have none; an invented id would make clients' caches merge or split them
      // wrongly. Entity record types stay checked.
      '@graphql-eslint/strict-id-in-types': ['error', {
        acceptedIdNames: ['id'],
        acceptedIdTypes: ['ID'],
        exceptions: {
          suffixes: ['Connection', 'Edge', 'Label', 'Series', 'Timeseries', 'Statistics'],
          types: [
            'PageInfo', 'AnsweredFrom', 'CostEstimate', 'FieldMetadata', 'FieldValue',
            'IntervalRetention', 'LocationCandidate', 'LocationMatch', 'RateLimit',
            'ReportAggregation', 'ReportField', 'ReportLimits', 'ReportMetadata',
            // records of computed reports (counts per group): no row identity
            'MembersCountRecord', 'MembersGroupedCountRecord', 'SendingsLinksStatsRecord',
          ],
        },
      }],
      // Connections also offer `nodes: [Record!]!` beside `edges` (GitHub's shortcut for
      // clients that need no cursor per row), and series carry lists of values. The records of
      // computed reports (members_count, members_grouped_count, sendings_links_stats) are no
      // Node, for the reason above; that every entity record is one is checked by
      // tests/api/test_nodes_api.py.
      '@graphql-eslint/relay-edge-types': ['error', {
        listTypeCanWrapOnlyEdgeType: false,
        shouldImplementNode: false,
      }],
      // Keyset pagination runs forward only (`first`/`after`, spec §4's next_page_info): there
      // is no `last`/`before`, and the rule's forward-or-backward mode checks what there is.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
    },
  },
];
