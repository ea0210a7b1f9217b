"""A regression evaluation's `max_error`, and for a series split in time order the forecast
over the whole validation period (`series`), in time order and bounded."""

from __future__ import annotations

import torch

from netcanvas.reports import Evaluation
from worker import evaluation
from worker.evaluation import regression_report


def test_the_series_is_every_step_in_order_with_the_largest_error() -> None:
    truth = torch.tensor([[10.0], [12.0], [11.0], [9.0]])
    forecast = torch.tensor([[10.5], [11.0], [14.0], [9.0]])
    steps = ["2015-01-01", "2015-01-02", "2015-01-03", "2015-01-04"]
    report = regression_report(truth, forecast, steps, "°C")
    assert report["max_error"] == 3.0
    assert report["mae"] == (0.5 + 1 + 3 + 0) / 4
    assert report["series"] == {
        "steps": steps,
        "truth": [10.0, 12.0, 11.0, 9.0],
        "forecast": [10.5, 11.0, 14.0, 9.0],
        "first": 0,
        "unit": "°C",
    }
    assert Evaluation.model_validate(report).series is not None  # what the API serves


def test_other_regressions_have_no_series_and_keep_their_fields() -> None:
    report = regression_report(torch.zeros(5, 2), torch.ones(5, 2))
    assert "series" not in report and report["max_error"] == 1.0
    assert {"mse", "mae", "r2", "predictions", "predictions_total"} <= set(report)


def test_a_long_series_keeps_its_last_steps(monkeypatch: object) -> None:
    kept = evaluation.SERIES_KEPT
    n = kept + 7
    values = torch.arange(n, dtype=torch.float32)[:, None]
    report = regression_report(values, values, [str(i) for i in range(n)])
    series = report["series"]
    assert series["first"] == 7 and len(series["truth"]) == kept
    assert series["steps"][0] == "7" and series["truth"][-1] == n - 1
