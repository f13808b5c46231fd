// The rules schema.graphql is held to (`npm run lint`; tests/clients/test_schema_lint.py runs it
// in make test). Every rule of graphql-schema-linter is on but the three that want fields and
// values in alphabetical order: the schema keeps the catalog's order, which is the order a
// reader needs (a record's key and tenant first, then its attributes, then its counters; enum
// values in their domain's order: intervals by width, age bands ascending, an export's states
// in the order a job goes through them). That is the only kind of finding kept.
module.exports = {
  rules: [
    'arguments-have-descriptions',
    'defined-types-are-used',
    'deprecations-have-a-reason',
    'descriptions-are-capitalized',
    'enum-values-all-caps',
    'enum-values-have-descriptions',
    'fields-are-camel-cased',
    'fields-have-descriptions',
    'input-object-values-are-camel-cased',
    'input-object-values-have-descriptions',
    'relay-connection-arguments-spec',
    'relay-connection-types-spec',
    'relay-page-info-spec',
    'types-are-capitalized',
    'types-have-descriptions',
  ],
};
