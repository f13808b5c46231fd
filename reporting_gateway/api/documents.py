"""Parsed, limit-checked and validated GraphQL documents, cached by their text.

Parsing and validating a query costs more than running a small report, and clients send the
same few queries again and again; the cache keeps that work to once per text. A hostile
document is stopped at the cheapest step that can tell: the token count while parsing, then
depth/aliases/directives in one walk, and only then the full validation.
"""

from __future__ import annotations

import itertools
import re
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
        self,
        code: ErrorCode,
        errors: Sequence[GraphQLError],
        headers: dict[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.code = code
        self.status = status or code.status
        self.errors = list(errors)
        self.headers = headers or {}


# What the parser counts as a token (comments included, as graphql-core's max_tokens does), as
# one regular expression: strings (block strings first) and comments are matched whole so
# that nothing inside them counts again.
_TOKENS = re.compile(
    r'"""(?:\\"""|[^"]|"(?!""))*"""'
    r'|"(?:\\.|[^"\\\n])*"'
    r"|#[^\n\r]*"
    r"|[_A-Za-z][_0-9A-Za-z]*"
    r"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
    r"|\.\.\.|[!$&()\[\]{}:=@|]"
)


def more_tokens_than(query: str, limit: int) -> bool:
    """Whether the query certainly has more than `limit` tokens: counted at the regular
    expression engine's speed and stopped at the limit, so a huge document is refused
    before graphql-core's parser (which reads a character at a time) ever sees it."""
    beyond = itertools.islice(_TOKENS.finditer(query), limit, None)
    return next(beyond, None) is not None


def _too_many_tokens(limit: int) -> GatewayError:
    return GatewayError(
        ErrorCode.QUERY_TOO_COMPLEX,
        f"The query has more than {limit} tokens (REPORTING_MAX_TOKENS).",
        hint="Pass large values (lists, filter trees) as variables.",
    )


class Documents:
    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        max_tokens: int,
        max_length: int,
        limits: DocumentLimits,
        introspection: bool = True,
        hide_suggestions: bool = False,
        size: int = 1024,
    ) -> None:
        self._schema = schema
        self._max_tokens = max_tokens
        self._max_length = max_length
        self.limits = limits
        self._rules: list[type[ASTValidationRule]] = list(specified_rules)
        if not introspection:
            self._rules.append(NoSchemaIntrospectionCustomRule)
        self._hide_suggestions = hide_suggestions
        self._size = size
        self._cache: OrderedDict[str, DocumentNode] = OrderedDict()

    def known(self, query: str) -> DocumentNode | None:
        """The checked document of a text seen before; None otherwise (nothing is parsed)."""
        return self._cache.get(query)

    def load(self, query: str) -> DocumentNode:
        document = self._cache.get(query)
        if document is not None:
            self._cache.move_to_end(query)
            return document
        if len(query) > self._max_length:
            raise GatewayError(
                ErrorCode.QUERY_TOO_COMPLEX,
                f"The query text is {len(query)} characters long; at most {self._max_length} "
                "are allowed (REPORTING_MAX_QUERY_LENGTH).",
                hint="Pass large values (lists, filter trees) as variables.",
            )
        if more_tokens_than(query, self._max_tokens):
            raise _too_many_tokens(self._max_tokens)
        try:
            document = parse(query, max_tokens=self._max_tokens)
        except GraphQLError as error:
            if "Parsing aborted" in error.message and "tokens" in error.message:
                raise _too_many_tokens(self._max_tokens) from None
            raise RequestErrors(ErrorCode.GRAPHQL_PARSE_FAILED, [error]) from None
        check_document(document, self.limits)
        errors = validate(
            self._schema, document, self._rules, hide_suggestions=self._hide_suggestions
        )
        if errors:
            raise RequestErrors(ErrorCode.GRAPHQL_VALIDATION_FAILED, errors)
        self._cache[query] = document
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return document
