"""`extensions.answeredFrom` and `estimateCost.answeredFrom`: which rollup (or the facts)
answers each report field, said before a query runs and after."""

from __future__ import annotations

import httpx

from tests.helpers import graphql

QUERY = """{
  byChannel: sendingsStats(aggregateBy: CHANNEL) { series { value } }
  byCampaign: sendingsStats(aggregateBy: CAMPAIGN_ID) { series { value } }
  oneSending: sendingsEventsHistory(from: "2026-06-01T00:00:00", to: "2026-06-20T00:00:00",
      interval: DAY, filter: {sendingId: {equal: 10100}}) { dataPoints }
  edges: sendingsStats(from: "2026-06-01T10:07:00", to: "2026-06-20T00:00:00") { series { value } }
  sendings(first: 2) { nodes { id deliveredCount } }
  plain: sendings(first: 2) { nodes { id } }
}"""
EXPECTED = {
    "byChannel": "sending_events_by_channel",
    "byCampaign": "sending_events_by_campaign",
    "oneSending": "facts",  # no rollup keeps sending_id
    "edges": "sending_events_by_type+facts",  # 10:07-10:10 lies inside every bucket
    "sendings": "sending_counters",
    "plain": "facts",  # no counter selected: the sendings table alone
}


async def test_every_report_field_says_what_answered_it(client: httpx.AsyncClient) -> None:
    body = (await graphql(client, QUERY)).json()
    assert "errors" not in body
    assert body["extensions"]["answeredFrom"] == EXPECTED


async def test_estimate_cost_says_it_before_running(client: httpx.AsyncClient) -> None:
    estimate = (
        """query($q: String!) { estimateCost(query: $q) { answeredFrom { field source } } }"""
    )
    body = (await graphql(client, estimate, {"q": QUERY})).json()
    found = {a["field"]: a["source"] for a in body["data"]["estimateCost"]["answeredFrom"]}
    # A records page is estimated as if it selected every field (counters included).
    assert found == {**EXPECTED, "plain": "sending_counters"}


async def test_a_query_without_reports_has_no_answered_from(client: httpx.AsyncClient) -> None:
    body = (await graphql(client, "{ rateLimit { remaining } }")).json()
    assert "answeredFrom" not in body["extensions"]
