"""Training on several Inputs (issue 15 section 2, worker/inputs.py): each Input is fed the
dataset variable it reads, through the packed form GraphNetwork takes; a missing variable or
a wrong shape is refused naming the Input; checkpoints resume; an `input:x2` target compares
with x2."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from tests.graphs import chain
from worker.compiler import compile_graph, example_inputs
from worker.datasets import TestSplit, load_dataset
from worker.datasets.base import DatasetError
from worker.inputs import feed, pack
from worker.run import run_training
from worker.targets import plan_targets
from worker.training import train


def siamese() -> Any:
    return compile_graph(load_graph(samples.load("digits_siamese")))


def test_the_packed_form_gives_what_one_tensor_per_input_gives() -> None:
    network = siamese().eval()
    a, b = example_inputs(network, 5, torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.equal(network(pack([a, b])), network(a, b))


def test_digits_pairs_holds_two_images_per_sample_and_feeds_them_in_input_order() -> None:
    dataset = load_dataset("digits_pairs", validation_split=0.2, seed=0)
    assert dataset.input_shapes == {"x": (1, 8, 8), "x2": (1, 8, 8)}
    assert dataset.class_names == ["different", "same"]
    assert 0.4 < float(dataset.y_train.float().mean()) < 0.6  # balanced
    fed = feed(siamese(), dataset)
    assert fed.x_train.shape == (len(dataset.x_train), 128)  # x then x2, flattened
    assert torch.equal(fed.x_val[:, 64:].reshape(-1, 1, 8, 8), dataset.more_x_val["x2"])


def test_an_input_reading_a_missing_variable_is_refused_naming_it() -> None:
    graph = samples.load("digits_siamese")
    graph["nodes"][1]["params"]["variable"] = "x3"
    network = compile_graph(load_graph(graph))
    dataset = load_dataset("digits_pairs", validation_split=0.2, seed=0)
    with pytest.raises(DatasetError, match="Input 'x2' reads variable 'x3'"):
        plan_targets(network, dataset)


def test_an_input_of_another_shape_is_refused_naming_it() -> None:
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8]}),
        ("flat", "Flatten"),
        ("both", "Concat", {"dim": 0}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    graph["nodes"].append(
        {"id": "other", "type": "Input", "params": {"shape": [64], "variable": "x2"}}
    )
    graph["edges"][1]["target_port"] = 0
    graph["edges"].append({"source": "other", "target": "both", "target_port": 1})
    network = compile_graph(load_graph(graph))
    dataset = load_dataset("digits_pairs", validation_split=0.2, seed=0)
    with pytest.raises(DatasetError, match=r"Input 'other' expects \[64\]"):
        plan_targets(network, dataset)


def test_the_siamese_sample_trains_above_chance_with_a_test_split(tmp_path: Path) -> None:
    config = TrainingConfig(epochs=6, batch_size=32, lr=0.005, device="cpu")
    test = TestSplit(fraction=0.1, seed=0)
    result = run_training(samples.load("digits_siamese"), "digits_pairs", config, tmp_path,
                          test=test, defer_exports=True)  # fmt: skip
    assert result.status == "succeeded", result.reason
    assert result.summary["val_accuracy"] > 0.6  # chance: 0.5
    assert result.evaluation is not None and result.evaluation["class_names"] == [
        "different",
        "same",
    ]
    assert result.evaluation["test"]["accuracy"] > 0.55
    assert result.evaluation["preprocessing"]["input_shapes"] == {
        "x": [1, 8, 8],
        "x2": [1, 8, 8],
    }
    assert (tmp_path / "samples.json").exists() and (tmp_path / "predictions.npz").exists()


def test_a_checkpoint_resumes_with_the_uninterrupted_runs_weights(tmp_path: Path) -> None:
    dataset = load_dataset("digits_pairs", validation_split=0.2, seed=0)
    config = TrainingConfig(epochs=2, batch_size=64, lr=0.005, device="cpu")
    whole = siamese()
    start = copy.deepcopy(whole.state_dict())
    assert train(whole, dataset, config, plan_targets(whole, dataset)).status == "succeeded"

    first = siamese()
    first.load_state_dict(start)
    once = config.model_copy(update={"epochs": 1})
    checkpoint = tmp_path / "checkpoint"
    outcome = train(first, dataset, once, plan_targets(first, dataset), checkpoint=checkpoint)
    assert outcome.status == "succeeded" and checkpoint.exists()
    resumed = siamese()
    outcome = train(resumed, dataset, config, plan_targets(resumed, dataset),
                    checkpoint=checkpoint)  # fmt: skip
    assert outcome.status == "succeeded", outcome.reason
    for key, value in whole.state_dict().items():
        assert torch.allclose(resumed.state_dict()[key], value, atol=1e-6), key


def test_a_loss_on_input_x2_compares_with_x2() -> None:
    """Two Inputs, a classifier on x and a reconstruction of x2 (`target: input:x2`)."""
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8], "variable": "x"}),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    graph["nodes"] += [
        {"id": "x2", "type": "Input", "params": {"shape": [1, 8, 8], "variable": "x2"}},
        {"id": "copy", "type": "Identity"},
        {"id": "rebuild", "type": "MSELoss", "params": {"target": "input:x2"}},
    ]
    graph["edges"] += [{"source": "x2", "target": "copy"}, {"source": "copy", "target": "rebuild"}]
    network = compile_graph(load_graph(graph))
    dataset = load_dataset("digits_pairs", validation_split=0.2, seed=0)
    config = TrainingConfig(epochs=1, batch_size=64, lr=0.01, device="cpu")
    outcome = train(network, dataset, config, plan_targets(network, dataset))
    assert outcome.status == "succeeded", outcome.reason
    assert outcome.history[-1]["val_loss/rebuild"] == pytest.approx(0.0, abs=1e-9)  # identity
    assert outcome.evaluation is not None
    assert outcome.evaluation["heads"]["rebuild"]["target"] == "input"
