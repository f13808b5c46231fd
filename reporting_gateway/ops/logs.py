"""Logging as text for people or as one JSON object per line for log pipelines.

The per-operation line carries the request id (also in the response's X-Request-Id and
`extensions.requestId`), so a client's report of a failure finds its log line. Lines are
formatted and written by a thread of their own: a request only queues its records, and never
waits for a slow terminal or pipe on the event loop.
"""

from __future__ import annotations

import logging
import logging.config
import logging.handlers
import queue
from datetime import UTC, datetime
from typing import Any

import orjson

from reporting_gateway.settings import Settings

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as is,
# but for uvicorn's `color_message` (the message again, with terminal colour codes).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class BackgroundHandler(logging.handlers.QueueHandler):
    """A stream handler whose formatting and writing happen in a listener thread. Closing it
    (dictConfig replacing it, logging's shutdown at exit) writes what is queued first."""

    def __init__(self, stream: Any = None) -> None:
        records: queue.SimpleQueue[Any] = queue.SimpleQueue()
        super().__init__(records)
        self.target = logging.StreamHandler(stream)
        self.listener = logging.handlers.QueueListener(records, self.target)
        self.listener.start()

    def setFormatter(self, fmt: logging.Formatter | None) -> None:
        self.target.setFormatter(fmt)  # applied in the thread, when the line is written

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record  # the same process reads it: nothing to flatten

    def close(self) -> None:
        if self.listener._thread is not None:
            self.listener.stop()
        self.target.close()
        super().close()


def logging_config(settings: Settings) -> dict[str, Any]:
    """One dictConfig for the gateway and uvicorn, so their lines share one format."""
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"}
        if settings.json_logs
        else {"format": "%(asctime)s %(levelname)-7s %(name)s: %(message)s"}
    )
    level = settings.log_level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": f"{__name__}.BackgroundHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            **{
                name: {"handlers": [], "level": level, "propagate": True}
                for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
            },
            # alembic says what it would do on every start; only its warnings matter then.
            "alembic": {"level": level if level == "DEBUG" else "WARNING"},
        },
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
