"""Credentials never reach a log: uvicorn writes each request's path with its query, and a
websocket's `?token=` would be kept in clear in the access and error logs."""

from __future__ import annotations

import logging
import re

SECRET = re.compile(r"((?:^|[?&])(?:token|password|csrf_token)=)[^&\s\"']*", re.IGNORECASE)
LOGGERS = ("uvicorn.access", "uvicorn.error", "uvicorn")


def redact(text: str) -> str:
    """`text` with the value of every `token=`, `password=` or `csrf_token=` replaced."""
    return SECRET.sub(r"\1[hidden]", text)


class HideCredentials(logging.Filter):
    """Rewrites a record's arguments (the path uvicorn logs) and message before they are
    formatted; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def hide_credentials() -> None:
    """Install the filter on uvicorn's loggers, once."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideCredentials) for f in logger.filters):
            logger.addFilter(HideCredentials())
