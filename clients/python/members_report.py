"""Read reports from reporting-gateway with the `gql` client (pip install "gql[httpx]").

Walks every page of a records report, then asks for one statistics total; queries are checked
against the committed schema.graphql before they are sent. Configure with environment variables:

    REPORTING_URL=http://127.0.0.1:8000/graphql REPORTING_TOKEN=rg_… REPORTING_CUSTOMER=id=1000941 \
        REPORTING_PAGE_SIZE=1000 python clients/python/members_report.py

(REPORTING_TOKEN defaults to the demo token `make run` keeps in var/demo-token.)
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from gql import Client, gql
from gql.transport.exceptions import TransportError, TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport

SCHEMA = Path(__file__).resolve().parents[2] / "schema.graphql"

MEMBERS_PAGE = gql(
    """
    query MembersPage($first: Int!, $after: String) {
      members(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id gender age createdAt }
      }
    }
    """
)
SENDING_TOTALS = gql(
    """
    query SendingTotals {
      sendingsStats(aggregateBy: TOTAL_CHANNEL) { series { label { eventType channel } value } }
    }
    """
)


async def report(url: str, token: str, customer: str, page_size: int) -> dict[str, Any]:
    transport = HTTPXAsyncTransport(
        url=url, headers={"X-Client-Authorization": token, "X-Customer": customer}, timeout=60
    )
    client = Client(transport=transport, schema=SCHEMA.read_text())
    async with client as session:
        genders: Counter[str] = Counter()
        after: str | None = None
        while True:
            page = await session.execute(
                MEMBERS_PAGE, variable_values={"first": page_size, "after": after}
            )
            members = page["members"]
            genders.update(member["gender"] or "UNKNOWN" for member in members["nodes"])
            if not members["pageInfo"]["hasNextPage"]:
                break
            after = members["pageInfo"]["endCursor"]
        totals = await session.execute(SENDING_TOTALS)
    delivered = sum(
        s["value"]
        for s in totals["sendingsStats"]["series"]
        if s["label"]["eventType"] == "DELIVERED"
    )
    return {"members": sum(genders.values()), "genders": dict(genders), "delivered": delivered}


def main() -> int:
    url = os.environ.get("REPORTING_URL", "http://127.0.0.1:8000/graphql")
    token = os.environ.get("REPORTING_TOKEN") or Path("var/demo-token").read_text().strip()
    customer = os.environ.get("REPORTING_CUSTOMER", "id=1000941")
    page_size = int(os.environ.get("REPORTING_PAGE_SIZE", "1000"))
    try:
        result = asyncio.run(report(url, token, customer, page_size))
    except TransportQueryError as error:
        for e in error.errors or []:
            code = (e.get("extensions") or {}).get("code", "ERROR")
            print(f"{code}: {e.get('message')}", file=sys.stderr)
        return 1
    except TransportError as error:  # not a GraphQL answer: wrong URL, proxy error page…
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"members: {result['members']}")
    for gender, count in sorted(result["genders"].items()):
        print(f"  {gender}: {count}")
    print(f"delivered sending events: {result['delivered']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
