"""The worker's log says what a task answered without its pixels (worker/log_summary.py):
Celery's own success line for a Generate answer names each PNG by its length."""

from __future__ import annotations

import logging

import pytest
from celery.app import trace

from worker.log_summary import TRACE_LOGGER, install, summarise


def test_summarise_replaces_each_png_by_its_length_and_keeps_the_rest() -> None:
    png = "data:image/png;base64," + "iVBORw0KGgo" * 20
    text = f"{{'head': 'G', 'shape': [1, 8, 8], 'images': ['{png}', '{png[:40]}"
    assert summarise(text) == (
        "{'head': 'G', 'shape': [1, 8, 8], 'images': ['<PNG, 220 base64 characters>', "
        "'<PNG, 18 base64 characters>"
    )
    assert summarise("succeeded: 'done'") == "succeeded: 'done'"


def test_celery_success_line_of_a_generate_answer_has_no_base64(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import worker.celery_app  # noqa: F401  # what the worker imports: it installs the summary

    install()  # installing twice keeps one filter
    logger = logging.getLogger(TRACE_LOGGER)
    assert sum(type(f).__name__ == "ImageSummary" for f in logger.filters) == 1
    images = ["data:image/png;base64," + "A" * 300 for _ in range(16)]
    answer = {"head": "G", "shape": [1, 8, 8], "images": images}
    context = {
        "id": "1",
        "name": "netcanvas.generate",
        "runtime": 0.2,
        "return_value": trace.saferepr(answer, 1024),
    }
    with caplog.at_level(logging.INFO, logger=TRACE_LOGGER):
        trace.info(trace.LOG_SUCCESS, context)  # as Celery logs a task's success
    line = caplog.records[-1].getMessage()
    assert "netcanvas.generate" in line and "'head': 'G'" in line
    assert "base64," not in line and "AAAA" not in line
    assert "<PNG, 300 base64 characters>" in line
