"""/metrics in Prometheus' format: operations by name and outcome, latency, tokens charged,
rate-limit refusals, export jobs — each counted once, as they happen."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import graphql


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(
    metrics: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_operations_are_counted_by_name_and_outcome(store: Store, token: str) -> None:
    async with serve(store, token, rate_limit_capacity=4, rate_limit_refill_per_second=0) as http:
        before = samples((await http.get("/metrics")).text)
        ok = await graphql(http, "query MetricsMembers { members(first: 1) { nodes { id } } }")
        assert ok.status_code == 200
        bad = await graphql(
            http, 'query MetricsBad { members(first: 1, after: "x") { nodes { id } } }'
        )
        assert bad.json()["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
        limited = await graphql(http, "query MetricsMembers { members(first: 1) { nodes { id } } }")
        assert limited.status_code == 429
        response = await http.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    after = samples(response.text)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "reporting_gateway_requests_total"
    assert delta(requests, operation="MetricsMembers", code="OK") == 1
    assert delta(requests, operation="MetricsBad", code="INVALID_CURSOR") == 1
    assert delta(requests, operation="MetricsMembers", code="RATE_LIMITED") == 1
    duration = "reporting_gateway_request_duration_seconds_count"
    assert delta(duration, operation="MetricsMembers") == 2
    # members costs 10 tokens against a bucket of 4: admitted once (bucket > 0), then refused.
    assert delta("reporting_gateway_tokens_charged_total", bucket_type="reporting") == 10
    assert delta("reporting_gateway_rate_limited_total", bucket_type="reporting") == 1


async def test_export_jobs_are_counted(store: Store, token: str) -> None:
    async with serve(store, token, rate_limit_capacity=10**9) as http:
        before = samples((await http.get("/metrics")).text)
        created = await graphql(
            http, "mutation { exportRecords(report: SENDINGS, pageSize: 100) { id } }"
        )
        assert created.status_code == 200, created.json()
        await http.app.state.export_worker.run_once()  # type: ignore[attr-defined]
        after = samples((await http.get("/metrics")).text)
    jobs = "reporting_gateway_export_jobs_total"
    assert value(after, jobs, event="created") - value(before, jobs, event="created") == 1
    assert value(after, jobs, event="done") - value(before, jobs, event="done") == 1
    rows = "reporting_gateway_export_rows_total"
    assert value(after, rows) > value(before, rows)


async def test_metrics_can_be_switched_off(store: Store, token: str) -> None:
    async with serve(store, token, metrics=False) as http:
        assert (await http.get("/metrics")).status_code == 404
