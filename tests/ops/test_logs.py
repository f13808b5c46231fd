"""One log line per operation, as JSON for log pipelines: request id, customer, operation, cost,
outcome and duration, the same request id the client got."""

from __future__ import annotations

import json
import logging

import pytest

from reporting_gateway.ops.logs import JsonFormatter, logging_config
from reporting_gateway.storage.store import Store
from tests.conftest import make_settings, serve
from tests.helpers import graphql


async def test_each_operation_is_logged_once_with_its_facts(
    store: Store, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "reporting_gateway.operations")
    async with serve(store, token, rate_limit_capacity=10**6) as http:
        response = await graphql(
            http, "query LoggedMembers { members(first: 2) { nodes { id } } }", customer="id=101"
        )
    records = [r for r in caplog.records if r.name == "reporting_gateway.operations"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["level"] == "info"
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["customer"] == "id=101"
    assert line["operation"] == "LoggedMembers" and line["operation_type"] == "query"
    assert line["code"] == "OK" and line["status"] == 200
    assert line["cost"] == 10 and line["charged"] == 10 and line["bucket_type"] == "reporting"
    assert line["token"] == "test"
    assert line["duration_ms"] > 0
    assert token not in json.dumps(line)  # never the token itself


LINES = ("reporting_gateway.operations", "reporting_gateway.access")


@pytest.mark.parametrize(
    ("method", "path", "body", "logger"),
    [
        ("POST", "/graphql", b'{"query": "{ members(first: 1) { nodes { id } } }"}', LINES[0]),
        ("POST", "/graphql", b'{"query": ', LINES[1]),  # not JSON: no operation to tell
        ("GET", "/healthz", b"", LINES[1]),
        ("GET", "/no/such/page?token=secret", b"", LINES[1]),
    ],
)
async def test_every_request_has_exactly_one_line(
    store: Store,
    token: str,
    caplog: pytest.LogCaptureFixture,
    method: str,
    path: str,
    body: bytes,
    logger: str,
) -> None:
    caplog.set_level(logging.INFO)
    async with serve(store, token, rate_limit_capacity=10**6) as http:
        headers = {"X-Customer": "id=101", "Content-Type": "application/json"}
        response = await http.request(method, path, content=body, headers=headers)
    records = [r for r in caplog.records if r.name in LINES]
    assert [r.name for r in records] == [logger]
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["status"] == response.status_code
    assert "secret" not in json.dumps(line)  # a query string is never logged


def test_json_lines_carry_exceptions_and_extra_fields() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("job",), None)
        record.exc_info = __import__("sys").exc_info()
    record.export_id = "abc"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed job" and line["export_id"] == "abc"
    assert "ValueError: boom" in line["exception"]


@pytest.mark.parametrize(
    ("env", "log_format", "json_lines"),
    [
        ("production", "auto", True),
        ("development", "auto", False),
        ("development", "json", True),
        ("production", "text", False),
    ],
)
def test_the_log_format_follows_the_settings(env: str, log_format: str, json_lines: bool) -> None:
    settings = make_settings(env=env, log_format=log_format)
    formatter = logging_config(settings)["formatters"]["default"]
    assert ("()" in formatter) is json_lines


def test_json_lines_leave_out_uvicorns_coloured_copy_of_the_message() -> None:
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "Started", (), None)
    record.color_message = "\x1b[32mStarted\x1b[0m"
    line = JsonFormatter().format(record)
    assert "color_message" not in line and "\\u001b" not in line and "\x1b" not in line


def test_alembic_says_only_warnings_unless_debugging() -> None:
    from tests.conftest import make_settings

    for level, alembic in (("info", "WARNING"), ("warning", "WARNING"), ("debug", "DEBUG")):
        config = logging_config(make_settings(log_level=level))
        assert config["loggers"]["alembic"]["level"] == alembic


def test_lines_are_written_by_the_handlers_thread_and_none_is_lost(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The event loop only queues records; closing the handler writes every queued line."""
    import sys

    from reporting_gateway.ops.logs import BackgroundHandler

    handler = BackgroundHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("tests.background")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for n in range(500):
            logger.warning("line %d", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    lines = capfd.readouterr().err.splitlines()
    assert lines == [f"line {n}" for n in range(500)]
