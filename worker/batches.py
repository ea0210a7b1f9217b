"""Run a trained network over many samples, one batch at a time, in evaluation mode.

`predict_batches` is what inference over a dataset (`worker/inference.py`) uses, and
what evaluating a job on a test split can share: it takes the samples as the dataset
gives them (a tensor of the network's Input shape, in the dataset's own units), applies
what the job's training applied (`worker.predict.standardise`, token ids made integers,
refused when outside an Embedding's vocabulary or fractional)
and yields, per batch, the task's answer: class probabilities, output values or each
sample's reconstruction error. Only one batch's activations exist at a time. A network of
several Inputs takes the samples by variable (`{"x": …, "x2": …}`): each Input gets the
variable it reads, prepared as training prepared it (x2's standardisation from
`more_standardised`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch

from netcanvas.targets import BINARY_LOSSES

from .compiler import GraphNetwork
from .evaluation import reconstruction_errors
from .inputs import pack
from .predict import PredictError, standardise
from .targets import TargetPlan, class_scores

Variables = dict[str, torch.Tensor]  # a dataset's samples by input variable (x, x2, ...)


@dataclass(frozen=True)
class Batch:
    """One batch's answer. start: the first sample's position; values: (n, C) class
    probabilities, (n, w) flattened outputs, or (n,) reconstruction errors."""

    start: int
    values: torch.Tensor


def task_of(evaluation: dict[str, Any]) -> str:
    task = str(evaluation.get("task") or "regression")
    return task if task in ("classification", "regression", "autoencoder") else "regression"


def check_samples(network: GraphNetwork, x: torch.Tensor | Variables) -> None:
    """`PredictError` naming both shapes when the samples are not an Input's shape, or
    naming the Input and the column (variable) it reads when the dataset lacks it."""
    variables = as_variables(network, x)
    for node, variable, shape in zip(
        network.input_ids, network.input_variables, network.input_shapes, strict=True
    ):
        if variable not in variables:
            raise PredictError(
                "predict.dataset_lacks", node=repr(node), variable=repr(variable),
                columns=", ".join(variables),
            )  # fmt: skip
        given = tuple(variables[variable].shape[1:])
        if given != tuple(shape):
            one = len(network.input_ids) == 1
            raise PredictError(
                "predict.dataset_shape" if one else "predict.dataset_shape_of",
                node=repr(node), variable=repr(variable), given=str(list(given)),
                shape=str(list(shape)),
            )  # fmt: skip
    sizes = {len(variables[v]) for v in network.input_variables}
    if len(sizes) > 1:
        raise PredictError("predict.dataset_sample_counts")
    for node, variable in zip(network.input_ids, network.input_variables, strict=True):
        if node in network.token_vocab:
            check_token_ids(node, variable, variables[variable], network.token_vocab[node])


def check_token_ids(node: str, variable: str, ids: torch.Tensor, vocab: int) -> None:
    """`PredictError` naming the sample (its row id in the run's CSV), the place in it and
    the value, when a token id is not a whole number in 0..vocab-1: an Embedding has no row
    for it, so the run refuses it as try-it does (`predict.token_ids`), never clamps it."""
    bad = (ids < 0) | (ids >= vocab)
    if ids.is_floating_point():
        bad |= ids != ids.round()  # fractions, and NaN
    found = bad.nonzero()
    if len(found):
        where = [int(i) for i in found[0]]
        value = ids[tuple(where)].item()
        shown = str(int(value)) if value == round(value) else f"{value:g}"
        raise PredictError(
            "predict.dataset_token_ids", node=node, variable=repr(variable), last=vocab - 1,
            value=shown, sample=where[0], where=str(where[1:]),
        )  # fmt: skip


def as_variables(network: GraphNetwork, x: torch.Tensor | Variables) -> Variables:
    """The samples by variable: a single tensor is what the first Input reads."""
    return x if isinstance(x, dict) else {network.input_variables[0]: x}


def prepared(
    network: GraphNetwork,
    evaluation: dict[str, Any],
    x: torch.Tensor,
    node: str | None = None,
    variable: str = "x",
) -> torch.Tensor:
    """One Input's batch as the network trained on it: images in 0..1, numeric variables
    standardised with the training statistics of that variable (`x`'s, or `x2`'s …
    `more_standardised`), token ids as integers."""
    node = network.input_ids[0] if node is None else node
    if node in network.token_vocab:
        return x.long()  # in range: `check_samples` refused any id outside it
    if x.dtype == torch.uint8:  # images, scaled to 0..1 as training scaled them
        return x.float().div_(255.0)
    return standardise(x.float(), evaluation, variable)


def prepared_inputs(
    network: GraphNetwork, evaluation: dict[str, Any], variables: Variables, start: int, end: int
) -> tuple[torch.Tensor, ...]:
    """Samples `start:end` of every Input's variable, prepared, in Input order."""
    return tuple(
        prepared(network, evaluation, variables[variable][start:end], node, variable)
        for node, variable in zip(network.input_ids, network.input_variables, strict=True)
    )


@torch.no_grad()
def predict_batches(
    network: GraphNetwork,
    evaluation: dict[str, Any],
    x: torch.Tensor | Variables,
    batch_size: int,
) -> Iterator[Batch]:
    """The network's answer for `x` (N, *Input shape), or with several Inputs for the
    samples of every variable they read (`{"x": …, "x2": …}`), `batch_size` at a time."""
    check_samples(network, x)
    variables = as_variables(network, x)
    count = len(variables[network.input_variables[0]])
    network.eval()
    task = task_of(evaluation)
    plan = _plan(network, evaluation) if task == "classification" else None
    for start in range(0, count, batch_size):
        batch = prepared_inputs(network, evaluation, variables, start, start + batch_size)
        if plan is not None:
            output = network.training_output(*batch)
            yield Batch(start, class_scores(plan, network.loss_type, output).cpu())
        elif task == "autoencoder":
            output = network(*batch)
            yield Batch(start, reconstruction_errors(_reconstructed(batch, output), output))
        else:
            output = network(*batch).float().cpu()
            yield Batch(start, output.reshape(len(output), -1))


def _reconstructed(batch: tuple[torch.Tensor, ...], output: torch.Tensor) -> torch.Tensor:
    """What an autoencoder's output is compared with: the Input of the output's shape (the
    first), else every Input packed (the form training compares with)."""
    same = [x for x in batch if x.shape == output.shape]
    return same[0] if same else pack(list(batch))


def _plan(network: GraphNetwork, evaluation: dict[str, Any]) -> TargetPlan:
    classes = len(evaluation.get("class_names") or [])
    binary = network.loss_type in BINARY_LOSSES and tuple(network.output_shape) == (1,)
    return TargetPlan("binary" if binary else "index", "classification", classes)
