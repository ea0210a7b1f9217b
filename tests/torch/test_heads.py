"""Several inputs and heads in PyTorch (issue 15): what validation says of a two-input,
two-loss graph is what the compiled module has; ONNX and model.py carry every head; a loss
of weight 0 trains nothing of its own head."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import onnxruntime
import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse
from tests.graphs import chain
from worker.codegen import model_source
from worker.compiler import compile_graph, example_inputs
from worker.datasets import load_dataset
from worker.export import write_checked_onnx
from worker.targets import plan_targets
from worker.training import train


def two_inputs() -> dict[str, Any]:
    """a (x, [4]) and b (x2, [3]) into a trunk; a class head (y) and a head that rebuilds b."""
    graph = chain(
        ("a", "Input", {"shape": [4]}),
        ("cat", "Concat"),
        ("trunk", "Linear", {"out_features": 8}),
        ("relu", "ReLU"),
        ("classes", "Linear", {"out_features": 3}),
        ("class_loss", "CrossEntropyLoss"),
    )
    graph["nodes"] += [
        {"id": "b", "type": "Input", "params": {"shape": [3], "variable": "x2"}},
        {"id": "rebuild", "type": "Linear", "params": {"out_features": 3}},
        {"id": "rebuild_loss", "type": "MSELoss", "params": {"target": "input:x2", "weight": 0.25}},
    ]  # fmt: skip
    graph["edges"] += [
        {"source": "b", "target": "cat", "target_port": 1},
        {"source": "relu", "target": "rebuild"},
        {"source": "rebuild", "target": "rebuild_loss"},
    ]
    return graph


def test_shapes_and_parameters_of_two_inputs_and_two_heads_match_pytorch() -> None:
    graph = load_graph(two_inputs())
    analysis = analyse(graph)
    assert analysis.result.valid, analysis.result.errors
    network = compile_graph(graph)
    assert network.input_ids == ["a", "b"] and network.output_ids == ["classes", "rebuild"]
    parameters = sum(p.numel() for p in network.parameters())
    assert parameters == analysis.result.total_params == (7 * 8 + 8) + (8 * 3 + 3) * 2
    a, b = example_inputs(network, 5)
    values = network.node_outputs(a, b)
    classes, rebuild = network.heads(a, b)
    values.update({"rebuild": rebuild})
    for node, report in analysis.result.nodes.items():
        if node in values:
            assert list(values[node].shape[1:]) == report.output_shape, node
    assert torch.equal(network(a, b), classes)  # forward: the primary head


def test_onnx_and_model_py_give_every_head(tmp_path: Path) -> None:
    network = compile_graph(load_graph(samples.load("digits_multitask"))).eval()
    info = write_checked_onnx(network, tmp_path / "model.onnx")
    assert info.path is not None, info.reason
    session = onnxruntime.InferenceSession(str(info.path), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["digit", "parity"]
    (x,) = example_inputs(network, 4)
    digit, parity = session.run(None, {"x": x.numpy()})
    with torch.no_grad():
        expected = network.heads(x)
    assert torch.allclose(torch.from_numpy(digit), expected[0], atol=1e-5)
    assert torch.allclose(torch.from_numpy(parity), expected[1], atol=1e-5)

    namespace: dict[str, Any] = {"__name__": "model"}
    exec(compile(model_source(network, "t"), "model.py", "exec"), namespace)
    code = namespace["Network"]()
    code.load_state_dict(network.state_dict(), strict=True)
    code.eval()
    with torch.no_grad():
        heads = code.heads(x)
        assert list(heads) == ["digit", "parity"]
        assert torch.allclose(heads["parity"], expected[1], atol=1e-6)
        assert torch.allclose(code(x), expected[0], atol=1e-6)


def test_a_loss_of_weight_zero_leaves_its_head_untrained() -> None:
    graph = samples.load("digits_multitask")
    parity = next(n for n in graph["nodes"] if n["id"] == "parity_loss")
    parity["params"]["weight"] = 0
    network = compile_graph(load_graph(graph))
    before = copy.deepcopy(network.state_dict())
    dataset = load_dataset("digits_parity", validation_split=0.2, seed=0)
    config = TrainingConfig(epochs=1, batch_size=64, lr=0.01, device="cpu")
    outcome = train(network, dataset, config, plan_targets(network, dataset))
    assert outcome.status == "succeeded", outcome.reason
    after = network.state_dict()
    assert torch.equal(after["parity.weight"], before["parity.weight"])
    assert not torch.equal(after["digit.weight"], before["digit.weight"])
    row = outcome.history[-1]
    assert row["train_loss"] == pytest.approx(row["train_loss/digit_loss"])  # 1·digit + 0·parity
    assert "val_accuracy/parity_loss" in row


def test_one_loss_on_another_target_trains_on_it_with_its_classes() -> None:
    """A single loss on y2 (even/odd) trains the parity, not the digit, and reports
    its own two classes at the top level."""
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8]}),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss", {"target": "y2"}),
    )
    network = compile_graph(load_graph(graph))
    assert network.several_heads
    dataset = load_dataset("digits_parity", validation_split=0.2, seed=0)
    config = TrainingConfig(epochs=3, batch_size=64, lr=0.01, device="cpu")
    outcome = train(network, dataset, config, plan_targets(network, dataset))
    assert outcome.status == "succeeded", outcome.reason
    evaluation = outcome.evaluation
    assert evaluation is not None
    assert evaluation["class_names"] == ["even", "odd"]
    assert evaluation["accuracy"] > 0.6  # chance: 0.5
    assert len(evaluation["confusion_matrix"]) == 2
