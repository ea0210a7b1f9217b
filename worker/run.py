"""One training run from start to finish, as `netcanvas train` and a job's task both run it.

Load and compile the graph, load the dataset, check that they fit, start from
earlier weights if asked, train, evaluate and write the artifacts, reporting
every step through `emit`. Whatever goes wrong ends as a `finished` event with
status `failed` and a reason a person can act on, never as an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import torch
from safetensors.torch import load_file

from netcanvas import pretrained
from netcanvas.artifacts import PREDICTIONS, SAMPLES, WEIGHTS
from netcanvas.events import ArtifactEvent, FinalStatus, LogEvent, StartedEvent, finished_event
from netcanvas.graph import Graph, GraphFormatError, load_graph
from netcanvas.messages import render
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse

from .compiler import GraphNetwork, compile_analysis
from .datasets import CONFIG_TEST_SEED, TestSplit, load_dataset
from .datasets.base import Dataset, DatasetError
from .export import NOT_COMPARED, ArtifactInfo, write_exports, write_json, write_results
from .predictions import write_predictions
from .pretrained import PretrainedError, weights_path
from .showcase import validation_samples
from .targets import plan_targets
from .training import Emit, Outcome, train


class RunError(Exception):
    """A reason the run cannot start."""


@dataclass
class RunResult:
    status: str
    reason: str
    summary: dict[str, float] = field(default_factory=dict)
    evaluation: dict[str, Any] | None = None
    artifacts: dict[str, Path] = field(default_factory=dict)
    # With `defer_exports`: writes ONNX, model.py and the bundle into the folder it is
    # given (where the results were published), announcing each through the run's `emit`.
    exports: Callable[[Path], None] | None = None


def run_training(
    graph_data: Any,
    dataset_ref: str,
    config: TrainingConfig,
    out_dir: Path,
    *,
    validation: str | None = None,
    test: TestSplit | None = None,
    init_weights: Path | None = None,
    emit: Emit = lambda event: None,
    should_stop: Callable[[], bool] = lambda: False,
    checkpoint: Path | None = None,
    pausing: Callable[[], bool] = lambda: False,
    may_checkpoint: Callable[[], bool] = lambda: True,
    defer_exports: bool = False,
) -> RunResult:
    """Train `graph_data` on a dataset and write the artifacts into `out_dir`.

    With `defer_exports`, only the results are written (weights, graph, evaluation,
    metrics) before `finished`; `RunResult.exports` writes the rest afterwards.

    With `checkpoint`, training saves its state there after every epoch and
    continues from it when the file exists (see `worker/checkpoints.py`). A run
    stopped while `pausing()` says so ends `paused`: no artifacts, no `finished`
    event; it goes on from its checkpoint when it runs again. `may_checkpoint()` is
    asked before each save: a job's run that lost its lease writes none.

    With `test` (a test file, or a fraction fixed with its own seed), the dataset's test
    split is evaluated after training: the evaluation's `test`, and `test_*` in the summary.
    Without it, `config.test_fraction` (when more than 0) holds out that fraction with the
    seed `CONFIG_TEST_SEED`, as `netcanvas train --test-fraction F` does.
    """
    started = time.monotonic()
    if test is None and config.test_fraction > 0:
        test = TestSplit(fraction=config.test_fraction, seed=CONFIG_TEST_SEED)
    try:
        graph, network, outcome = _train(
            graph_data,
            dataset_ref,
            config,
            (validation, test),
            init_weights,
            emit,
            should_stop,
            checkpoint,
            may_checkpoint,
        )
    except RunError as error:
        return _finish(emit, RunResult("failed", str(error)), started)
    if outcome.status == "cancelled" and pausing():
        return RunResult("paused", f"paused after epoch {len(outcome.history)}")
    result = RunResult(outcome.status, outcome.reason, outcome.summary, outcome.evaluation)
    if outcome.status != "failed":
        result.artifacts = _write(network, graph, out_dir, outcome, emit)
        if defer_exports:

            def exports(folder: Path) -> None:
                announce(write_exports(network, graph.name, folder), emit)

            result.exports = exports
        else:
            result.artifacts |= announce(write_exports(network, graph.name, out_dir), emit)
    return _finish(emit, result, started)


def _train(
    graph_data: Any,
    dataset_ref: str,
    config: TrainingConfig,
    held_out: tuple[str | None, TestSplit | None],
    init_weights: Path | None,
    emit: Emit,
    should_stop: Callable[[], bool],
    checkpoint: Path | None,
    may_checkpoint: Callable[[], bool],
) -> tuple[Graph, GraphNetwork, Outcome]:
    graph, network = _compile(graph_data, config.seed)
    try:
        dataset = load_dataset(
            dataset_ref,
            validation_split=config.validation_split,
            seed=config.seed,
            validation=held_out[0],
            test=held_out[1],
        )
        plan = plan_targets(network, dataset)
    except DatasetError as error:
        raise RunError(str(error)) from None
    init_weights = init_weights or _pretrained(config.init_from)
    if init_weights is not None:
        emit(load_matching_weights(network, init_weights).wire())
    freeze(network, config.freeze)
    if config.freeze:
        emit(LogEvent.of("log.frozen", nodes=", ".join(config.freeze)).wire())
    trainable = sum(p.numel() for p in network.parameters() if p.requires_grad)
    started = StartedEvent(
        device=_device_name(config.device),
        params=sum(p.numel() for p in network.parameters()),
        trainable_params=trainable,
        dataset=dataset.name,
        sizes=dataset.sizes,
        classes=dataset.class_names,
        task=plan.task,
    )
    emit(started.wire())
    outcome = train(
        network,
        dataset,
        config,
        plan,
        emit=emit,
        should_stop=should_stop,
        checkpoint=checkpoint,
        may_checkpoint=may_checkpoint,
        evaluate_start=init_weights is not None,
    )
    if outcome.evaluation is not None:
        outcome.evaluation["preprocessing"] = preprocessing(dataset)
        task = str(outcome.evaluation.get("task", ""))
        outcome.evaluation_samples = validation_samples(network, dataset, task, outcome.predictions)
    return graph, network, outcome


def preprocessing(dataset: Dataset) -> dict[str, Any]:
    """What inference must do to raw inputs, as training did: kept in `evaluation.json`."""
    shape = list(dataset.sample_shape)
    # several input variables (x2, ...): every one's shape; the rest describes x
    more: dict[str, Any] = {"input_shapes": {k: list(v) for k, v in dataset.input_shapes.items()}}
    more = more if dataset.more_x_train else {}
    if dataset.more_x_scaling:  # numeric x2, ... scaled as x was (predict does the same)
        more["more_standardised"] = {
            name: {"mean": mean.tolist(), "std": std.tolist()}
            for name, (mean, std) in dataset.more_x_scaling.items()
        }
    if dataset.x_mean is not None and dataset.x_std is not None:
        scaling = {"mean": dataset.x_mean.tolist(), "std": dataset.x_std.tolist()}
        return {"input_shape": shape, "standardised": scaling, **more}
    images = len(shape) == 3 and dataset.x_train.is_floating_point()
    return {"input_shape": shape, "standardised": None, "images_scaled_to_0_1": images, **more}


def _compile(graph_data: Any, seed: int) -> tuple[Graph, GraphNetwork]:
    try:
        graph = load_graph(graph_data)
    except GraphFormatError as error:
        raise RunError(f"not a netcanvas/graph@1 graph: {error}") from None
    analysis = analyse(graph)
    if not analysis.result.valid:
        problems = [
            f"{e.node}: {e.message}" if e.node else e.message for e in analysis.result.errors
        ]
        raise RunError("the graph is not valid: " + "; ".join(problems[:5]))
    torch.manual_seed(seed)  # the initial weights, so the same seed gives the same run
    return graph, compile_analysis(analysis)


def _pretrained(init_from: str | None) -> Path | None:
    """The checked file of `init_from: "pretrained:<name>"`; None for anything else."""
    name = pretrained.name_of(init_from)
    if name is None:
        return None
    try:
        return weights_path(name)
    except PretrainedError as error:
        raise RunError(str(error)) from None


def _device_name(choice: str) -> str:
    if choice != "cpu" and torch.cuda.is_available():
        return f"cuda ({torch.cuda.get_device_name()})"
    return "cpu"


def load_matching_weights(network: GraphNetwork, path: Path) -> LogEvent:
    """Copy weights from an earlier run for nodes whose ids and shapes match (transfer
    learning): the log line that names them, and the nodes that start anew."""
    file = path / WEIGHTS if path.is_dir() else path
    try:
        saved = load_file(str(file))
    except (OSError, ValueError) as error:
        raise RunError(f"cannot read earlier weights from {file.name}: {error}") from None
    state = network.state_dict()
    loaded, skipped = set(), set()
    for key, tensor in state.items():
        node = key.split(".", 1)[0]
        if key in saved and saved[key].shape == tensor.shape:
            tensor.copy_(saved[key])
            loaded.add(node)
        else:
            skipped.add(node)
    if not loaded:
        raise RunError(render("run.no_matching_weights", {"file": file.name}))
    whole = ", ".join(sorted(loaded - skipped) or sorted(loaded))
    if skipped:
        return LogEvent.of("log.weights_from_new", loaded=whole, new=", ".join(sorted(skipped)))
    return LogEvent.of("log.weights_from", loaded=whole)


def freeze(network: GraphNetwork, nodes: list[str]) -> None:
    """Keep these nodes' weights fixed: fine-tuning the rest."""
    for node in nodes:
        module = network._modules.get(node)
        if module is None or not any(True for _ in module.parameters()):
            raise RunError(f"freeze: '{node}' is not a node with weights in this network")
        for parameter in module.parameters():
            parameter.requires_grad_(False)


def _write(
    network: GraphNetwork, graph: Graph, out_dir: Path, outcome: Outcome, emit: Emit
) -> dict[str, Path]:
    """The results (`write_results`), and what the browser reads beside them."""
    network.to("cpu").eval()
    infos = write_results(
        network, graph, out_dir, evaluation=outcome.evaluation or {}, metrics=outcome.history
    )
    if outcome.evaluation_samples is not None:  # for the browser; not an artifact to download
        write_json(outcome.evaluation_samples, out_dir / SAMPLES)
    if outcome.predictions is not None:  # paged by the API; not an artifact either
        write_predictions(outcome.predictions, out_dir / PREDICTIONS)
    return announce(infos, emit)


def announce(infos: list[ArtifactInfo], emit: Emit) -> dict[str, Path]:
    """An `artifact` event for each artifact written, a `log` line for each that was not;
    the ones written by name."""
    written = {}
    for info in infos:
        if info.path is not None:
            written[info.name] = info.path
            emit(ArtifactEvent(name=info.name, size=info.size).wire())
            if NOT_COMPARED in info.detail:  # say why the file was not checked number by number
                emit(LogEvent.of("log.onnx_random", nodes=info.detail.split(": ")[-1]).wire())
        else:
            reason = info.reason or ""  # the exporter's own words: English either way
            emit(LogEvent.of("log.artifact_not_written", name=info.name, reason=reason).wire())
    return written


def _finish(emit: Emit, result: RunResult, started: float) -> RunResult:
    status = cast(FinalStatus, result.status)
    reason = result.reason or "training finished"
    emit(finished_event(status, reason, round(time.monotonic() - started, 3)))
    return result
