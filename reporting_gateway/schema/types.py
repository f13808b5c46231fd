"""Building blocks of the generated schema: dynamic strawberry classes, shared enums, scalars.

One `Types` instance lives for one schema build, so a value set used by ten reports becomes
one GraphQL enum, and every generated name is registered once (`naming.Names`).
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from reporting_gateway.catalog.model import FieldType, Kind, ValueSet
from reporting_gateway.schema import naming

_SCALARS: dict[Kind, Any] = {
    Kind.INT: int,
    Kind.FLOAT: float,
    Kind.STRING: str,
    Kind.BOOL: bool,
    Kind.DATETIME: datetime,
    Kind.JSON: JSON,
}


def make_class(
    name: str,
    fields: list[tuple[str, Any, Any]],
    *,
    description: str | None = None,
    is_input: bool = False,
    bases: tuple[type, ...] = (),
    is_type_of: Any = None,
) -> Any:
    """A strawberry type (or input) named `name` with (python name, annotation, field) rows;
    `bases` are the interfaces it implements."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__}
    for python_name, annotation, definition in fields:
        namespace["__annotations__"][python_name] = annotation
        namespace[python_name] = definition
    if is_type_of is not None:
        namespace["is_type_of"] = staticmethod(is_type_of)
    cls = type(name, bases, namespace)
    decorate = strawberry.input if is_input else strawberry.type
    return decorate(cls, name=name, description=description)


def described_class(
    names: naming.Names,
    name: str,
    owner: str,
    rows: list[tuple[str, Any, str]],
    description: str,
    *,
    is_input: bool = False,
) -> Any:
    """A hand-written type (metadata, geo, exports) from (python name, annotation, description)
    rows: the name registered for `owner`, field names spelled by `naming` like every other."""
    return make_class(
        names.register(name, owner),
        [(n, a, strawberry.field(name=naming.field_name(n), description=d)) for n, a, d in rows],
        description=description,
        is_input=is_input,
    )


def list_of(item: Any) -> Any:
    """`list[item]` for a class built at run time (which a type checker cannot see as a type)."""
    return list[item]


def make_enum(
    name: str, members: dict[str, str], description: str, meanings: Mapping[str, str]
) -> Any:
    """A GraphQL enum: member names are GraphQL names, member values the catalog spellings,
    and `meanings` (by catalog spelling) the description of every value: none goes without."""
    missing = [value for value in members.values() if not meanings.get(value)]
    if missing:
        raise ValueError(f"enum {name}: no description for {', '.join(missing)}")
    python_enum: Any = enum.Enum(name, members)  # type: ignore[misc]
    wrapped = strawberry.enum(python_enum, name=name, description=description)
    for value in wrapped.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = meanings[value.value]
    return wrapped


class Types:
    def __init__(self) -> None:
        self.names = naming.Names()
        self._enums: dict[str, Any] = {}
        self._classes: dict[str, Any] = {}

    def enum(self, values: ValueSet) -> Any:
        if values.name not in self._enums:
            self.names.register(values.name, f"value set {values.name}")
            members = {naming.enum_value(v): v for v in values.values}
            self._enums[values.name] = make_enum(
                values.name, members, values.description, dict(values.meanings)
            )
        return self._enums[values.name]

    def python_type(self, field_type: FieldType) -> Any:
        """The annotation strawberry reads for a catalog field type (non-null)."""
        base = self.enum(field_type.values) if field_type.values else _SCALARS[field_type.kind]
        return list[base] if field_type.is_array else base  # type: ignore[valid-type]

    def shared(self, name: str, origin: str, build: Any) -> Any:
        """A class every report uses (PageInfo, operator inputs…), built once per schema."""
        if name not in self._classes:
            self.names.register(name, origin)
            self._classes[name] = build()
        return self._classes[name]


def argument(
    name: str, annotation: Any, default: Any, description: str, graphql_name: str | None = None
) -> inspect.Parameter:
    """A keyword argument of a generated resolver, as strawberry reads it from a signature."""
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[
            annotation, strawberry.argument(name=graphql_name, description=description)
        ],
    )


def resolver_field(
    name: str,
    resolver: Any,
    parameters: list[inspect.Parameter],
    return_type: Any,
    description: str,
    directives: list[object] | None = None,
) -> Any:
    """A strawberry field whose arguments come from `parameters` (built, not written)."""

    async def resolve(info: strawberry.Info, **arguments: Any) -> Any:
        return await resolver(info, **arguments)

    info = inspect.Parameter("info", inspect.Parameter.KEYWORD_ONLY, annotation=strawberry.Info)
    resolve.__signature__ = inspect.Signature([info, *parameters], return_annotation=return_type)  # type: ignore[attr-defined]
    resolve.__name__ = name
    return strawberry.field(
        resolver=resolve, name=name, description=description, directives=directives or []
    )
