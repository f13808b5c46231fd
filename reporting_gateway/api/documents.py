"""Parsed and validated GraphQL documents, cached by their text.

Parsing and validating a query costs far more than running a small report, and clients
send the same few queries again and again; the cache keeps that work to once per text.
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

from reporting_gateway.errors import ErrorCode


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
        max_tokens: int | None = None,
        rules: Sequence[type[ASTValidationRule]] = (),
        size: int = 1024,
    ) -> None:
        self._schema = schema
        self._max_tokens = max_tokens
        self._rules = [*specified_rules, *rules]
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
            raise RequestErrors(ErrorCode.GRAPHQL_PARSE_FAILED, [error]) from None
        errors = validate(self._schema, document, self._rules)
        if errors:
            raise RequestErrors(ErrorCode.GRAPHQL_VALIDATION_FAILED, errors)
        self._cache[query] = document
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return document
