"""Per-epoch checkpoints on CPU: a resumed run ends exactly where an uninterrupted one does.

Each test trains the XOR MLP for a few epochs (seconds); "interrupted" means
`should_stop` cancels the run at the first step of the epoch after
`stop_after`, so its checkpoint holds epoch `stop_after`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker import atomic
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets import load_dataset
from worker.datasets.base import Dataset
from worker.run import run_training
from worker.targets import plan_targets
from worker.training import Outcome, train

CONFIG: dict[str, Any] = {"epochs": 4, "lr": 0.05, "batch_size": 32, "schedule": "cosine"}


@pytest.fixture(scope="module")
def xor() -> Dataset:
    return load_dataset("xor")


def xor_mlp(*, dropout: bool = False, hidden: int = 8) -> dict[str, Any]:
    graph = samples.load("xor_mlp")
    graph["nodes"][1]["params"]["out_features"] = hidden
    if dropout:  # tanh1 -> drop -> fc2
        graph["nodes"].append({"id": "drop", "type": "Dropout", "params": {"p": 0.3}})
        graph["edges"] = [e for e in graph["edges"] if e["source"] != "tanh1"]
        graph["edges"] += [
            {"source": "tanh1", "target": "drop"},
            {"source": "drop", "target": "fc2"},
        ]
    return graph


@dataclass
class Run:
    outcome: Outcome
    network: GraphNetwork
    events: list[dict[str, Any]]

    def epochs(self) -> list[int]:
        return [event["epoch"] for event in self.events if event["type"] == "epoch"]

    def rows(self) -> list[dict[str, Any]]:
        """The epoch events without their timing fields."""
        return [
            {k: v for k, v in event.items() if k != "ts"}
            for event in self.events
            if event["type"] == "epoch"
        ]

    def logs(self) -> list[str]:
        return [event["message"] for event in self.events if event["type"] == "log"]


def fit(
    dataset: Dataset,
    graph: dict[str, Any],
    checkpoint: Path | None = None,
    stop_after: int | None = None,
    **config: Any,
) -> Run:
    torch.manual_seed(0)  # the initial weights, as worker.run does
    network = compile_graph(load_graph(copy.deepcopy(graph)))
    events: list[dict[str, Any]] = []

    def should_stop() -> bool:  # asked every step: true from the first step after stop_after
        done = [event["epoch"] for event in events if event["type"] == "epoch"]
        return stop_after is not None and done[-1:] == [stop_after]

    outcome = train(
        network,
        dataset,
        TrainingConfig(**(CONFIG | config)),
        plan_targets(network, dataset),
        emit=events.append,
        should_stop=should_stop,
        checkpoint=checkpoint,
    )
    return Run(outcome, network, events)


def interrupted_and_resumed(
    dataset: Dataset, graph: dict[str, Any], path: Path, stop_after: int, **config: Any
) -> Run:
    first = fit(dataset, graph, path, stop_after=stop_after, **config)
    assert first.outcome.status == "cancelled", first.outcome.reason
    assert first.epochs() == list(range(1, stop_after + 1))
    assert torch.load(path, weights_only=True)["epoch"] == stop_after
    return fit(dataset, graph, path, **config)


def assert_same_run(resumed: Run, whole: Run, resumed_from: int) -> None:
    assert resumed.outcome.status == whole.outcome.status == "succeeded", resumed.outcome.reason
    state, expected = resumed.network.state_dict(), whole.network.state_dict()
    assert state.keys() == expected.keys()
    for key in expected:
        assert torch.equal(state[key], expected[key]), key
    assert resumed.rows() == whole.rows()[resumed_from:]
    assert resumed.outcome.history == whole.outcome.history  # the whole run's rows
    without_rate = [
        {k: v for k, v in run.outcome.summary.items() if k != "samples_per_s"}
        for run in (resumed, whole)
    ]
    assert without_rate[0] == without_rate[1]
    assert resumed.outcome.evaluation == whole.outcome.evaluation


def test_a_resumed_run_ends_with_the_weights_of_an_uninterrupted_one(
    xor: Dataset, tmp_path: Path
) -> None:
    whole = fit(xor, xor_mlp())
    resumed = interrupted_and_resumed(xor, xor_mlp(), tmp_path / "checkpoint.pt", stop_after=2)
    assert resumed.epochs() == [3, 4]
    assert resumed.logs() == ["resumed from the checkpoint after epoch 2"]
    assert_same_run(resumed, whole, resumed_from=2)
    assert resumed.outcome.summary["epochs_run"] == 4


def test_dropout_draws_the_same_masks_after_a_resume(xor: Dataset, tmp_path: Path) -> None:
    graph = xor_mlp(dropout=True)
    whole = fit(xor, graph)
    resumed = interrupted_and_resumed(xor, graph, tmp_path / "checkpoint.pt", stop_after=2)
    assert resumed.epochs() == [3, 4]
    assert_same_run(resumed, whole, resumed_from=2)


def test_writing_checkpoints_does_not_change_the_run(xor: Dataset, tmp_path: Path) -> None:
    assert_same_run(fit(xor, xor_mlp(), tmp_path / "checkpoint.pt"), fit(xor, xor_mlp()), 0)


EARLY: dict[str, Any] = {
    "epochs": 12,
    "lr": 0.3,
    "schedule": "none",
    "early_stopping": True,
    "patience": 2,
}


def test_keep_best_and_early_stopping_survive_a_resume(xor: Dataset, tmp_path: Path) -> None:
    whole = fit(xor, xor_mlp(), keep_best="val_loss", **EARLY)
    stopped_at = whole.epochs()[-1]
    assert stopped_at < EARLY["epochs"]
    assert whole.logs()[-2].startswith(f"early stopping after epoch {stopped_at}")
    assert whole.logs()[-1].startswith("the run keeps the weights of epoch ")
    path = tmp_path / "checkpoint.pt"
    # one epoch before the stop: the checkpoint has a stale epoch and kept-best weights
    resumed = interrupted_and_resumed(
        xor, xor_mlp(), path, stopped_at - 1, keep_best="val_loss", **EARLY
    )
    assert resumed.epochs() == [stopped_at]
    assert resumed.logs()[-1] == whole.logs()[-1]
    assert_same_run(resumed, whole, resumed_from=stopped_at - 1)

    saved = torch.load(path, weights_only=True)
    assert saved["stopped"] and saved["stale"] == EARLY["patience"]
    assert saved["best_state"] is not None
    again = fit(xor, xor_mlp(), path, keep_best="val_loss", **EARLY)  # stopped: straight to the end
    assert again.epochs() == []
    assert again.logs() == [
        f"resumed from the checkpoint after epoch {stopped_at}, "
        "where early stopping had ended the run",
        whole.logs()[-1],  # the epoch whose weights it kept, as the whole run named it
    ]
    assert_same_run(again, whole, resumed_from=stopped_at)


def test_a_checkpoint_of_the_last_epoch_goes_straight_to_the_end(
    xor: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "checkpoint.pt"
    whole = fit(xor, xor_mlp(), path)
    again = fit(xor, xor_mlp(), path)
    assert again.epochs() == [] and again.outcome.evaluation is not None
    assert_same_run(again, whole, resumed_from=4)


class DiskFull(OSError):
    pass


def test_an_interrupted_write_leaves_the_previous_checkpoint(
    xor: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "checkpoint.pt"
    assert fit(xor, xor_mlp(), path, epochs=2).outcome.status == "succeeded"

    def half_then_fail(state: Any, f: Path) -> None:
        Path(f).write_bytes(b"PK\x03\x04 half a zip")
        raise DiskFull("no space left on device")

    monkeypatch.setattr(torch, "save", half_then_fail)
    run = fit(xor, xor_mlp(), path)
    monkeypatch.undo()
    assert run.outcome.status == "failed"
    assert "cannot write the checkpoint after epoch 3: no space left" in run.outcome.reason
    assert run.epochs() == [3]
    assert torch.load(path, weights_only=True)["epoch"] == 2
    assert [child.name for child in tmp_path.iterdir()] == [path.name]
    assert not atomic.remove_leftovers(tmp_path)
    assert fit(xor, xor_mlp(), path).epochs() == [3, 4]  # the earlier one resumes


def test_a_checkpoint_of_another_graph_is_refused_before_loading(
    xor: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "checkpoint.pt"
    fit(xor, xor_mlp(), path, epochs=1)
    torch.manual_seed(0)
    fresh = compile_graph(load_graph(xor_mlp(hidden=16))).state_dict()
    run = fit(xor, xor_mlp(hidden=16), path)
    assert run.outcome.status == "failed" and run.epochs() == []
    assert run.outcome.reason.startswith("the checkpoint does not fit this network: ")
    assert "fc1.weight is 8×2 in the checkpoint, 16×2 here" in run.outcome.reason
    assert "fc2.weight is 2×8 in the checkpoint, 2×16 here" in run.outcome.reason
    for key, tensor in run.network.state_dict().items():  # nothing half-loaded
        assert torch.equal(tensor, fresh[key]), key


def test_a_checkpoint_with_other_frozen_nodes_is_refused(xor: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.pt"
    fit(xor, xor_mlp(), path, epochs=1)
    network = compile_graph(load_graph(xor_mlp()))
    for parameter in network.get_submodule("fc1").parameters():  # as worker.run.freeze does
        parameter.requires_grad_(False)
    plan = plan_targets(network, xor)
    outcome = train(network, xor, TrainingConfig(**CONFIG), plan, checkpoint=path)
    assert outcome.status == "failed"
    assert "optimizer trained 4 weight tensors, this run trains 2" in outcome.reason


def test_a_file_that_is_no_checkpoint_is_refused(xor: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.pt"
    path.write_bytes(b"not a checkpoint")
    run = fit(xor, xor_mlp(), path)
    assert run.outcome.status == "failed" and run.epochs() == []
    assert run.outcome.reason.startswith("cannot read the checkpoint checkpoint.pt")
    torch.save({"weights": torch.zeros(1)}, path)
    assert fit(xor, xor_mlp(), path).outcome.reason == (
        "checkpoint.pt is not a netcanvas/checkpoint@1 checkpoint"
    )


def test_run_training_resumes_and_ends_with_a_finished_event(tmp_path: Path) -> None:
    path, config = tmp_path / "checkpoint.pt", TrainingConfig(**CONFIG)
    events: list[dict[str, Any]] = []

    def after_epoch_2() -> bool:
        return any(event.get("epoch") == 2 for event in events if event["type"] == "epoch")

    cancelled = run_training(
        xor_mlp(),
        "xor",
        config,
        tmp_path / "a",
        emit=events.append,
        should_stop=after_epoch_2,
        checkpoint=path,
    )
    assert cancelled.status == "cancelled"
    events.clear()
    result = run_training(
        xor_mlp(), "xor", config, tmp_path / "b", emit=events.append, checkpoint=path
    )
    assert result.status == "succeeded", result.reason
    assert [event["epoch"] for event in events if event["type"] == "epoch"] == [3, 4]
    assert "resumed from the checkpoint after epoch 2" in [
        event["message"] for event in events if event["type"] == "log"
    ]
    assert events[-1]["type"] == "finished" and result.summary["epochs_run"] == 4

    refused = run_training(xor_mlp(hidden=4), "xor", config, tmp_path / "c", checkpoint=path)
    assert refused.status == "failed" and "does not fit this network" in refused.reason


def test_a_resumed_gan_keeps_every_training_phase_s_optimizer(tmp_path: Path) -> None:
    """dcgan_digits trains in two phases, each with its own Adam: the checkpoint keeps both
    optimizers' moments, so the resumed run ends with the uninterrupted run's weights."""
    digits = load_dataset("digits")
    graph = samples.load("dcgan_digits")
    config: dict[str, Any] = {"epochs": 3, "lr": 0.001, "batch_size": 64, "schedule": "cosine"}
    whole = fit(digits, graph, **config)
    path = tmp_path / "checkpoint.pt"
    resumed = interrupted_and_resumed(digits, graph, path, stop_after=1, **config)
    assert len(torch.load(path, weights_only=True)["more_optimizers"]) == 1  # the 2nd phase's
    assert resumed.epochs() == [2, 3]
    state, expected = resumed.network.state_dict(), whole.network.state_dict()
    for key in expected:
        assert torch.equal(state[key], expected[key]), key
