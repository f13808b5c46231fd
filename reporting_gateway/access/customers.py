"""The X-Customer header (spec §1) → the customers one request reads.

Forms: `id=1000941`, `id=1000941_1000942` (also without `id=`), `all=all`, and attribute
filters `chain=Cats;country=PL` (`;` is AND; an `id=` clause may be combined with them).
Keys and attribute values are matched case-insensitively and surrounding blanks are ignored;
anything else is a 471 that says what was wrong. A customer that does not exist or that
the token may not read is a 403 naming it: never a silent narrowing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.query import Customer, Scope

HEADER = "X-Customer"
EXAMPLES = "id=1000941, id=1000941_1000942, all=all or chain=Cats;country=PL"
MAX_ID = 2**31 - 1  # customer ids are 32-bit, like every id of the data contract
MAX_IDS = 1000
MAX_LENGTH = 8192


@dataclass(frozen=True)
class CustomerSelector:
    ids: tuple[int, ...] | None = None
    everything: bool = False
    chain: str | None = None
    country: str | None = None


def parse_customer_header(values: Sequence[str]) -> CustomerSelector:
    if not values or not any(v.strip() for v in values):
        raise GatewayError(
            ErrorCode.CUSTOMER_HEADER_MISSING,
            f"The {HEADER} header is required: it selects the customers to report on.",
            hint=f"Send e.g. {HEADER}: {EXAMPLES}.",
        )
    if len(values) > 1:
        raise _invalid(f"send one {HEADER} header, not {len(values)}")
    if len(values[0]) > MAX_LENGTH:
        raise _invalid(f"it is longer than {MAX_LENGTH} characters")
    clauses: dict[str, str] = {}
    for clause in values[0].split(";"):
        clause = clause.strip()
        if not clause:
            raise _invalid("it has an empty clause (check the `;` separators)")
        key, has_value, value = clause.partition("=")
        key, value = (key.strip().lower(), value.strip()) if has_value else ("id", key.strip())
        if key not in ("id", "all", "chain", "country"):
            raise _invalid(f"unknown key {_cut(key)!r}; use id, all, chain or country")
        if key in clauses:
            raise _invalid(f"the key {key!r} is given twice")
        if not value:
            raise _invalid(f"the key {key!r} has no value")
        clauses[key] = value
    if "all" in clauses and clauses["all"].lower() != "all":
        raise _invalid("write all=all to select every customer you may read")
    if "all" in clauses and "id" in clauses:
        raise _invalid("all=all and id= contradict each other; send one of them")
    return CustomerSelector(
        ids=_ids(clauses["id"]) if "id" in clauses else None,
        everything="all" in clauses,
        chain=clauses.get("chain"),
        country=clauses.get("country"),
    )


def _ids(text: str) -> tuple[int, ...]:
    parts = [part.strip() for part in text.split("_")]
    if len(parts) > MAX_IDS:
        raise _invalid(f"it names {len(parts)} ids; at most {MAX_IDS} (or all=all)")
    ids: dict[int, None] = {}
    for part in parts:
        if not part.isdigit() or not part.isascii():
            raise _invalid(f"{_cut(part)!r} is not a customer id (ids are numbers joined by `_`)")
        if len(part) > len(str(MAX_ID)) or int(part) > MAX_ID:
            raise _invalid(f"{_cut(part)} is not a customer id (ids are at most {MAX_ID})")
        ids[int(part)] = None
    return tuple(ids)


def _cut(text: str, length: int = 40) -> str:
    return text if len(text) <= length else f"{text[:length]}…"


def resolve_scope(
    selector: CustomerSelector,
    customers: Iterable[Customer],
    allowed: frozenset[int] | None = None,
) -> Scope:
    """The customers the selector picks among those the caller may read (`allowed`; None: all)."""
    readable = {c.id: c for c in customers if allowed is None or c.id in allowed}
    if selector.ids is not None:
        refused = [i for i in selector.ids if i not in readable]
        if refused:
            raise GatewayError(
                ErrorCode.FORBIDDEN,
                f"{HEADER} names customer(s) {', '.join(map(str, refused))} that this token "
                "may not read (or that do not exist).",
                details={"customers": refused},
            )
        chosen = [readable[i] for i in selector.ids]
    else:
        chosen = list(readable.values())
    if selector.chain is not None:
        chosen = [c for c in chosen if c.chain.lower() == selector.chain.lower()]
    if selector.country is not None:
        chosen = [c for c in chosen if c.country.lower() == selector.country.lower()]
    if not chosen:
        raise GatewayError(
            ErrorCode.FORBIDDEN,
            f"{HEADER} selects no customer this token may read.",
            hint="Check the chain/country values, or ask for customers the token allows.",
        )
    return Scope(tuple(sorted(chosen, key=lambda c: c.id)))


def _invalid(reason: str) -> GatewayError:
    return GatewayError(
        ErrorCode.CUSTOMER_HEADER_INVALID,
        f"The {HEADER} header is malformed: {reason}.",
        hint=f"Send e.g. {HEADER}: {EXAMPLES}.",
    )
