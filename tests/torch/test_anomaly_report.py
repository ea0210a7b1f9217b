"""The reconstruction error as an anomaly score (`worker/anomaly.py`) on a hand-checked case.

Errors 1, 2, 3, 4, 5, 6 with the anomalies at 4 and 6. AUC: of the 2 × 4 (anomaly, normal)
pairs the anomaly scores higher in 7 (4 beats 1, 2, 3; 6 beats all four): 7/8. The 200 bins
run evenly on a log scale from 1 to 6, so error e falls in bin floor(200 · ln e / ln 6):
4 in bin 154, 5 in bin 179, 6 in the last, 199. The 99th percentile of the normal errors
1, 2, 3, 5 is 3 + 0.97 · 2 = 4.94, first reached by edge 179 (6^(179/200) = 4.97): that
flags 5 and 6, precision and recall 1/2. Edges 123..154 (above 3, up to 4) flag 4, 5, 6:
precision 2/3, recall 1, F1 0.8, the best.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.events import EvaluationEvent
from netcanvas.reports import Evaluation
from netcanvas.training_config import TrainingConfig
from worker.anomaly import BINS, anomaly_flags, anomaly_report, scores_at_edges, thinned
from worker.evaluation import reconstruction_report
from worker.run import run_training

ERRORS = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
LABELS = torch.tensor([0, 0, 0, 1, 0, 1])
NAMES = ["normal", "anomaly"]


def test_hand_checked_histogram_threshold_and_auc() -> None:
    report = anomaly_report(ERRORS, LABELS, NAMES)
    assert report is not None
    assert report["auc"] == pytest.approx(7 / 8)
    edges = report["bin_edges"]
    assert len(edges) == BINS + 1 and edges[0] == pytest.approx(1) and edges[-1] == pytest.approx(6)
    anomaly = report["counts"]["anomaly"]
    assert [k for k, c in enumerate(anomaly) if c] == [154, 199]
    normal = report["counts"]["normal"]
    assert [k for k, c in enumerate(normal) if c] == [0, 77, 122, 179]
    assert report["threshold_index"] == 179
    assert report["threshold"] == pytest.approx(6 ** (179 / 200))
    assert (report["precision"], report["recall"]) == (0.5, 0.5)
    assert report["best_f1_index"] == 123
    roc = report["roc"]
    assert (roc["fpr"][0], roc["tpr"][0], roc["fpr"][-1], roc["tpr"][-1]) == (0, 0, 1, 1)


def test_scores_at_every_edge_match_counting_by_hand() -> None:
    normal = torch.tensor([5, 3, 1, 0]).double().numpy()
    anomalous = torch.tensor([0, 1, 2, 4]).double().numpy()
    scores = scores_at_edges(normal, anomalous)
    assert scores["precision"].tolist() == pytest.approx([7 / 16, 7 / 11, 6 / 7, 1, 0])
    assert scores["recall"].tolist() == pytest.approx([1, 1, 6 / 7, 4 / 7, 0])
    assert scores["f1"][2] == pytest.approx(6 / 7)


def test_no_report_without_a_normal_class_or_without_anomalies() -> None:
    assert anomaly_flags(LABELS, ["a", "b"]) is None
    assert anomaly_report(ERRORS, LABELS, ["a", "b"]) is None
    assert anomaly_report(ERRORS, torch.zeros(6, dtype=torch.int64), NAMES) is None


def test_several_anomaly_classes_each_get_a_histogram() -> None:
    labels = torch.tensor([0, 0, 0, 1, 0, 2])
    report = anomaly_report(ERRORS, labels, ["normal", "spike", "frozen"])
    assert report is not None and set(report["counts"]) == {"normal", "spike", "frozen"}
    assert report["auc"] == pytest.approx(7 / 8)


def test_roc_is_thinned_keeping_its_ends() -> None:
    values = torch.linspace(0, 1, 1001).double().numpy()
    kept = thinned(values, 200)
    assert len(kept) == 200 and kept[0] == 0 and kept[-1] == 1


def test_reconstruction_report_carries_it_as_the_api_serves_it() -> None:
    inputs = torch.zeros(6, 1, 2)
    outputs = ERRORS.sqrt().reshape(6, 1, 1).expand(6, 1, 2)  # each sample's MSE is ERRORS
    report = reconstruction_report(inputs, outputs, LABELS, NAMES)
    assert report["anomaly"]["auc"] == pytest.approx(7 / 8)
    assert [p["label"] for p in report["predictions"]] == [NAMES[i] for i in LABELS]
    served = Evaluation.model_validate(report)
    assert served.anomaly is not None and served.anomaly.threshold_index == 179
    event = EvaluationEvent.model_validate({**report, "split": "validation"}).wire()
    assert event["anomaly"]["counts"] == report["anomaly"]["counts"]
    assert "anomaly" not in reconstruction_report(inputs, outputs)


def test_a_run_on_an_anomaly_set_reports_auc_each_epoch_and_the_histograms(
    tmp_path: Path,
) -> None:
    emitted: list[dict[str, Any]] = []
    result = run_training(
        samples.load("anomaly_autoencoder"),
        "sine_anomaly",
        TrainingConfig(seed=0, epochs=2, batch_size=64),
        tmp_path,
        emit=emitted.append,
        defer_exports=True,
    )
    assert result.status == "succeeded", result.reason
    epochs = [e for e in emitted if e["type"] == "epoch"]
    assert len(epochs) == 2 and all(0.5 < e["val_auc"] <= 1 for e in epochs)
    assert result.summary["val_auc"] == pytest.approx(epochs[-1]["val_auc"])
    (evaluation,) = [e for e in emitted if e["type"] == "evaluation"]
    anomaly = evaluation["anomaly"]
    assert anomaly["auc"] == pytest.approx(result.summary["val_auc"])
    assert {k: sum(v) for k, v in anomaly["counts"].items()} == {"normal": 300, "anomaly": 200}
    assert {p["label"] for p in evaluation["predictions"]} == {"normal", "anomaly"}
