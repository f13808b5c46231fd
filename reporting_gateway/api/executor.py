"""Execution without a resolver call per cell.

Report results are plain objects: a connection of edges of record rows, a timeseries of
series of labels. Their GraphQL types have only argument-less fields read as attributes.
graphql-core would still run its full field machinery for every field of every row; for such
"plain" object types this executor compiles the selection (fragments, aliases, @skip and
@include already resolved by graphql-core's own field collection) once per request into a
small plan, and completes whole subtrees by reading attributes and serialising leaves (or, for
a field the schema marks as computed from the row alone, such as a record's global id, by
calling that function). Everything else (root fields, arguments, abstract types) takes
graphql-core's own path.

Plans outlive the request: documents are parsed once and cached (`documents.py`), so the
same nodes come back with the next request of the same query. A plan is shared only when
no @skip or @include in the operation can make it depend on the variables.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from graphql import (
    DirectiveNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
)
from graphql.execution.executor import Executor
from graphql.language import Node, Visitor, visit
from graphql.language.visitor import BREAK

from reporting_gateway.schema.nodes import ROW_FUNCTION, any_row
from reporting_gateway.schema.scalars import DATETIME

Complete = Callable[[Any], Any]
INT_RANGE = (-(2**31), 2**31 - 1)
SHARED_PLANS = 2048
V = TypeVar("V")


class _ByNodes(Generic[V]):
    """A bounded map keyed by the ids of AST nodes. Each entry holds its nodes, so their ids
    cannot be reused by another document while the entry lives."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], V]] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> tuple[bool, V | None]:
        entry = self.entries.get(key)
        if entry is None:
            return False, None
        self.entries.move_to_end(key)
        return True, entry[1]

    def put(self, key: tuple[Any, ...], nodes: tuple[Any, ...], value: V) -> None:
        self.entries[key] = (nodes, value)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


_PLANS: _ByNodes[Complete | None] = _ByNodes(SHARED_PLANS)  # by schema, type and selection
_SHAREABLE: _ByNodes[bool] = _ByNodes(SHARED_PLANS)  # may an operation's plans be shared


class _FindsConditions(Visitor):
    found = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        if node.name.value in ("skip", "include"):
            self.found = True
            return BREAK
        return None


class PlainObjectExecutor(Executor[Any]):
    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(return_type, field_details_list)
        if plan is None:
            return super().complete_object_value(
                return_type, field_details_list, info, path, result, position_context
            )
        return plan(result)

    def _plan(self, object_type: GraphQLObjectType, field_details_list: Any) -> Complete | None:
        plans: dict[Any, Complete | None] = self.__dict__.setdefault("_plans", {})
        nodes = tuple(details.node for details in field_details_list)
        key = (id(self.schema), object_type.name, *map(id, nodes))
        if key in plans:
            return plans[key]
        shared = self._shareable()
        if shared:
            found, plan = _PLANS.get(key)
            if found:
                plans[key] = plan
                return plan
        plans[key] = None  # a type that (indirectly) contains itself takes the slow path
        plan = plans[key] = self._compile(object_type, field_details_list)
        if shared:
            _PLANS.put(key, (self.schema, *nodes), plan)
        return plan

    def _shareable(self) -> bool:
        """Whether plans of this operation hold for any variables: no @skip or @include."""
        key = (id(self.operation), *(id(f.definition) for f in self.fragments.values()))
        found, known = _SHAREABLE.get(key)
        if found:
            return bool(known)
        finder = _FindsConditions()
        nodes: list[Node] = [self.operation, *(f.definition for f in self.fragments.values())]
        for node in nodes:
            visit(node, finder)
        arguments = any(f.variable_signatures for f in self.fragments.values())
        shareable = not (finder.found or arguments)
        _SHAREABLE.put(key, tuple(nodes), shareable)
        return shareable

    def _compile(self, object_type: GraphQLObjectType, field_details_list: Any) -> Complete | None:
        if object_type.is_type_of not in (None, any_row):
            return None
        grouped, deferred, *_ = self.collect_subfields(object_type, field_details_list)
        if deferred:
            return None
        steps: list[tuple[str, str | Complete | None, Any]] = []
        for response_key, details in grouped.items():
            name = details[0].node.name.value
            if name == "__typename":
                steps.append((response_key, None, object_type.name))
                continue
            field = object_type.fields[name]
            definition = field.extensions.get("strawberry-definition")
            if field.args or definition is None:
                return None
            read: str | Complete = definition.python_name
            if definition.base_resolver is not None:
                function = (definition.metadata or {}).get(ROW_FUNCTION)
                if function is None:
                    return None
                read = function  # a value computed from the row alone (a global id)
            complete = self._completer(field.type, details, f"{object_type.name}.{name}")
            if complete is None:
                return None
            steps.append((response_key, read, complete))
        return _generate(object_type.name, steps)

    def _completer(self, type_: GraphQLOutputType, details: Any, where: str) -> Complete | None:
        if isinstance(type_, GraphQLNonNull):
            if isinstance(type_.of_type, GraphQLEnumType | GraphQLScalarType):
                return _leaf(type_.of_type, f"Cannot return null for non-nullable field {where}.")
            inner = self._completer(type_.of_type, details, where)
            if inner is None:
                return None
            message = f"Cannot return null for non-nullable field {where}."

            def non_null(value: Any) -> Any:
                if value is None:
                    raise TypeError(message)
                return inner(value)

            return non_null
        if isinstance(type_, GraphQLList):
            of = type_.of_type
            if isinstance(of, GraphQLNonNull) and isinstance(of.of_type, GraphQLObjectType):
                return self._object_list(of.of_type, details, where)  # a page's rows
            item = self._completer(of, details, where)
            if item is None:
                return None
            return lambda value: None if value is None else [item(v) for v in value]
        if isinstance(type_, GraphQLObjectType):
            plan = self._plan(type_, details)
            if plan is None:
                return None
            return lambda value: None if value is None else plan(value)
        if isinstance(type_, GraphQLEnumType | GraphQLScalarType):
            return _leaf(type_)
        return None

    def _object_list(
        self, object_type: GraphQLObjectType, details: Any, where: str
    ) -> Complete | None:
        """[Object!]: one plan call per row, the null check inline."""
        plan = self._plan(object_type, details)
        if plan is None:
            return None
        message = f"Cannot return null for non-nullable field {where}."

        def null() -> Any:
            raise TypeError(message)

        return lambda value: (
            None if value is None else [null() if v is None else plan(v) for v in value]
        )


def _leaf(type_: GraphQLEnumType | GraphQLScalarType, required: str | None = None) -> Complete:
    """One call per value: values already of the right Python type pass straight through;
    null is null, or the non-null error when `required` says so."""
    serialize = type_.serialize

    def missing() -> Any:
        if required is not None:
            raise TypeError(required)
        return None

    if isinstance(type_, GraphQLEnumType):
        names = {value.value: name for name, value in type_.values.items()}

        def enum_value(v: Any) -> Any:
            name = names.get(v)
            if name is not None:
                return name
            return missing() if v is None else serialize(v)

        return _FastLeaf(enum_value, "v{i} in n{i}", "n{i}[v{i}]", names)
    low, high = INT_RANGE
    if type_.name == "Int":

        def int_value(v: Any) -> Any:
            if type(v) is int and low <= v <= high:
                return v
            return missing() if v is None else serialize(v)

        return _FastLeaf(int_value, f"type(v{{i}}) is int and {low} <= v{{i}} <= {high}")
    if type_.name == DATETIME.name and serialize is DATETIME.serialize:
        # The response encoder (orjson) writes a datetime exactly as `isoformat()` does, so a
        # datetime stays one until then: no string is built per value here.
        return _FastLeaf(
            lambda v: missing() if v is None else serialize(v), "type(v{i}) is datetime"
        )
    exact = {"String": str, "ID": str, "Float": float, "Boolean": bool}.get(type_.name, type(None))

    def value(v: Any) -> Any:
        if type(v) is exact:
            return v
        return missing() if v is None else serialize(v)

    if exact is type(None):
        return value
    return _FastLeaf(value, f"type(v{{i}}) is {exact.__name__}")


class _FastLeaf:
    """A leaf completer with its common case as a Python condition on `v{i}`, which the
    generated plan inlines: a value of the right type then costs no call at all. `fast` is
    the value in that case (the value itself, or an enum name from the table `n{i}`)."""

    __slots__ = ("complete", "condition", "fast", "table")

    def __init__(
        self, complete: Complete, condition: str, fast: str = "v{i}", table: Any = None
    ) -> None:
        self.complete = complete
        self.condition = condition
        self.fast = fast
        self.table = table

    def __call__(self, value: Any) -> Any:
        return self.complete(value)


def _generate(type_name: str, steps: list[tuple[str, str | Complete | None, Any]]) -> Complete:
    """One function per selection: read each attribute once, then build the result dict in a
    single expression, with the common case of each leaf inlined (no call per value).

    Response keys are GraphQL names (aliases included: the parser admits only
    [_A-Za-z][_0-9A-Za-z]*) and attributes are Python identifiers from the schema, so
    both are safe to write into source; completers are passed in, never written.
    """
    namespace: dict[str, Any] = {"datetime": datetime}
    reads, items = [], []
    for index, (key, attribute, complete) in enumerate(steps):
        if attribute is None:
            items.append(f"{key!r}: {complete!r}")
            continue
        namespace[f"c{index}"] = complete
        if callable(attribute):
            namespace[f"f{index}"] = attribute
            reads.append(f"    v{index} = f{index}(source)\n")
        elif attribute.isidentifier():
            reads.append(f"    v{index} = source.{attribute}\n")
        else:
            raise ValueError(f"{type_name}: {attribute!r} is not an attribute name")
        if isinstance(complete, _FastLeaf):
            condition = complete.condition.format(i=index)
            fast = complete.fast.format(i=index)
            namespace[f"n{index}"] = complete.table
            items.append(f"{key!r}: {fast} if {condition} else c{index}(v{index})")
        else:
            items.append(f"{key!r}: c{index}(v{index})")
    source = f"def plan(source):\n{''.join(reads)}    return {{{', '.join(items)}}}\n"
    exec(compile(source, f"<plan {type_name}>", "exec"), namespace)  # noqa: S102 - see docstring
    plan: Complete = namespace["plan"]
    return plan
