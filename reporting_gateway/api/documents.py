"""Parsed, limit-checked and validated GraphQL documents, cached by their text.

Parsing and validating a query costs more than running a small report, and clients send the
same few queries again and again; the cache keeps that work to once per text. A hostile
document is stopped at the cheapest step that can tell: the token count while parsing, then
depth/aliases/directives in one walk, and only then the full validation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule

from reporting_gateway.access.limits import DocumentLimits, check_document
from reporting_gateway.errors import ErrorCode, GatewayError


class RequestErrors(Exception):
    """The request was refused before execution, with one or more GraphQL errors."""

    def __init__(
        self, code: ErrorCode, errors: Sequence[GraphQLError], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.code = code
        self.errors = list(errors)
        self.headers = headers or {}


class Documents:
    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        max_tokens: int,
        limits: DocumentLimits,
        introspection: bool = True,
        hide_suggestions: bool = False,
        size: int = 1024,
    ) -> None:
        self._schema = schema
        self._max_tokens = max_tokens
        self._limits = limits
        self._rules: list[type[ASTValidationRule]] = list(specified_rules)
        if not introspection:
            self._rules.append(NoSchemaIntrospectionCustomRule)
        self._hide_suggestions = hide_suggestions
        self._size = size
        self._cache: OrderedDict[str, DocumentNode] = OrderedDict()

    def load(self, query: str) -> DocumentNode:
        document = self._cache.get(query)
        if document is not None:
            self._cache.move_to_end(query)
            return document
        try:
            document = parse(query, max_tokens=self._max_tokens)
        except GraphQLError as error:
            if "Parsing aborted" in error.message:  # graphql-core's message for max_tokens
                raise GatewayError(
                    ErrorCode.QUERY_TOO_COMPLEX,
                    f"The query has more than {self._max_tokens} tokens (REPORTING_MAX_TOKENS).",
                ) from None
            raise RequestErrors(ErrorCode.GRAPHQL_PARSE_FAILED, [error]) from None
        check_document(document, self._limits)
        errors = validate(
            self._schema, document, self._rules, hide_suggestions=self._hide_suggestions
        )
        if errors:
            raise RequestErrors(ErrorCode.GRAPHQL_VALIDATION_FAILED, errors)
        self._cache[query] = document
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return document
