"""Short task results in the worker's log.

Celery logs every task's return value at INFO (`Task … succeeded in …s: <value>`), up to a
kilobyte of it: for Generate (`worker.samples.generate_from`) and the other image answers
that is base64 PNGs, unreadable and long. `ImageSummary` on the `celery.app.trace` logger
puts `<PNG, N base64 characters>` in place of each data URL (a cut-off one too), so the log
says what was answered without the pixels.
"""

from __future__ import annotations

import logging
import re
from typing import Any

DATA_URL = re.compile(r"data:image/([a-z+]+);base64,[A-Za-z0-9+/=]*")
TRACE_LOGGER = "celery.app.trace"


def summarise(text: str) -> str:
    """`text` with every image data URL replaced by its kind and length."""
    return DATA_URL.sub(
        lambda m: (
            f"<{m.group(1).upper()}, {len(m.group(0)) - m.group(0).index(',') - 1} "
            "base64 characters>"
        ),
        text,
    )


class ImageSummary(logging.Filter):
    """Summarise the images in a record's message arguments (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, dict):
            record.args = {k: summarise(v) if isinstance(v, str) else v for k, v in args.items()}
        elif isinstance(args, tuple):
            record.args = tuple(summarise(v) if isinstance(v, str) else v for v in args)
        return True


def install() -> None:
    """Put the summary on Celery's task-trace logger, once."""
    logger = logging.getLogger(TRACE_LOGGER)
    if not any(isinstance(f, ImageSummary) for f in logger.filters):
        logger.addFilter(ImageSummary())
