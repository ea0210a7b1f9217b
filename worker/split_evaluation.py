"""Evaluate a trained network on one split of a dataset: the report of `worker/evaluation.py`.

`evaluate_split` is the one function: a pass over the split's inputs in
evaluation mode, in batches, and the report the validation figures have
(classification: accuracy, confusion matrix, per-class precision, recall and
F1; regression: MSE, MAE and R²; autoencoders: reconstruction errors), with
the split's mean loss beside it. The run evaluates a dataset's test split with
it after training (`Trainer._finish`); nothing of the split is trained on.
"""

from __future__ import annotations

from typing import Any

import torch

from .calibration import probability_source
from .compiler import GraphNetwork
from .evaluation import classification_report, reconstruction_report, regression_report
from .step import to_device
from .targets import TargetPlan, class_scores, make_targets

EVAL_BATCH = 1024


@torch.no_grad()
def evaluate_split(
    network: GraphNetwork,
    plan: TargetPlan,
    x: torch.Tensor,
    y: torch.Tensor,
    class_names: list[str],
    *,
    device: torch.device | None = None,
    autocast: bool = False,
) -> dict[str, Any]:
    """The report of `network` on the samples `x` (N, *sample) with labels or targets `y`,
    as the validation's, plus `loss` (the mean of the network's loss). No predictions file
    keeps them, so `predictions_stored` is 0."""
    device = device or next(network.parameters(), torch.empty(0)).device
    tokens = len(network.input_ids) == 1 and network.input_ids[0] in network.token_vocab
    x = x.long() if tokens else x.float()
    targets = make_targets(plan, x, y)
    outputs, loss = eval_outputs(network, x, targets, device, autocast=autocast)
    if plan.task == "classification":
        scores = class_scores(plan, network.loss_type, outputs)
        source = probability_source(plan, network.loss_type, outputs)
        report = classification_report(y, scores, class_names, source)
    elif plan.task == "autoencoder":
        report = reconstruction_report(x, outputs)
    else:
        report = regression_report(targets, outputs)
    return report | {"loss": loss, "predictions_stored": 0}


@torch.no_grad()
def eval_outputs(
    network: GraphNetwork,
    x: torch.Tensor,
    targets: torch.Tensor,
    device: torch.device,
    *,
    memory_format: torch.memory_format = torch.contiguous_format,
    autocast: bool = False,
    out_device: torch.device | None = None,
) -> tuple[torch.Tensor, float]:
    """What the loss sees of every sample (eval mode, gathered on `out_device`, the CPU by
    default) and the mean loss: the one evaluation pass, for validation and test splits."""
    network.eval()
    outputs = []
    loss_sum = torch.zeros((), device=device)
    for start in range(0, len(x), EVAL_BATCH):
        batch = to_device(x[start : start + EVAL_BATCH], device, memory_format)
        target = to_device(targets[start : start + EVAL_BATCH], device, memory_format)
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
            output = network.training_output(batch)  # (B, *out)
            loss = network.loss(output, target)
        outputs.append(output.float().to(out_device or torch.device("cpu")))
        loss_sum += loss.float() * len(batch)
    total = float(loss_sum) / max(len(x), 1)  # sync point: once per split
    return (torch.cat(outputs) if outputs else torch.empty(0)), total


def summarise_test(report: dict[str, Any] | None) -> dict[str, float]:
    """The test split's headline figures for a run's final metrics: `test_loss`,
    `test_accuracy` and `test_precision`, `test_recall`, `test_f1` (`headline_scores`), or
    `test_mse`, `test_mae` and `test_r2`; nothing without a test split."""
    if not report:
        return {}
    keys = ("loss", "accuracy", "mse", "mae", "r2", "reconstruction_mse")
    found = {f"test_{key}": float(report[key]) for key in keys if key in report}
    return found | {f"test_{key}": value for key, value in headline_scores(report).items()}


def headline_scores(report: dict[str, Any] | None) -> dict[str, float]:
    """A classification report's precision, recall and F1 as one figure each, for a run's
    final metrics: of the positive class (the second) with two classes, as the threshold
    view counts them, else the macro averages (every class weighs the same, so a rare
    class's misses show); nothing for another task."""
    if not report or report.get("task") != "classification":
        return {}
    per_class = report.get("per_class") or []
    scores = per_class[1] if len(per_class) == 2 else report.get("macro_avg") or {}
    return {key: float(scores[key]) for key in ("precision", "recall", "f1") if key in scores}
