"""The pretrained weights that ship in `netcanvas/pretrained/`: each file is the one its
catalogue entry describes (sha256, every key's shape), it fits its sample graph, and a run
that starts from it keeps its frozen nodes unchanged and reports the starting weights'
accuracy before training."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from netcanvas import pretrained, samples
from netcanvas.artifacts import WEIGHTS
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker.compiler import compile_graph
from worker.pretrained import PretrainedError, sha256_of, weights_path
from worker.run import run_training

NAMES = list(pretrained.catalogue())


def test_the_catalogue_lists_weights_small_enough_to_ship() -> None:
    assert {"digits_clean", "mnist_0to4"} <= set(NAMES)
    for info in pretrained.catalogue().values():
        assert info.size < 300_000, info.name
        assert 0.9 <= info.accuracy <= 1.0, info.name


@pytest.mark.parametrize("name", NAMES)
def test_the_file_matches_its_sha256_and_shapes(name: str) -> None:
    info = pretrained.catalogue()[name]
    path = weights_path(name)  # checks the sha256 itself
    assert sha256_of(path) == info.sha256
    assert path.stat().st_size == info.size
    saved = load_file(str(path))  # safetensors: nothing is unpickled
    assert {k: list(v.shape) for k, v in saved.items()} == info.nodes


@pytest.mark.parametrize("name", NAMES)
def test_the_weights_fit_their_sample_graph(name: str) -> None:
    info = pretrained.catalogue()[name]
    network = compile_graph(load_graph(samples.load(info.sample)))
    state = {k: list(v.shape) for k, v in network.state_dict().items()}
    assert {k: state.get(k) for k in info.nodes} == info.nodes


def test_an_unknown_name_is_refused_with_the_names_there_are() -> None:
    with pytest.raises(PretrainedError, match=r"no pretrained weights named 'nope'.*digits_clean"):
        weights_path("nope")


def test_a_run_keeps_frozen_nodes_and_reports_the_starting_accuracy(tmp_path: Path) -> None:
    """The fine-tuning sample's own start and freeze, one epoch: conv1, conv2 and fc1 leave
    exactly as shipped, the new head fc2 learns, and the summary has both figures."""
    lesson = samples.lesson("mnist_finetune")
    config = TrainingConfig.model_validate({**lesson.config, "epochs": 1})
    assert config.init_from == "pretrained:mnist_0to4"
    events: list[dict[str, object]] = []
    result = run_training(
        samples.load("mnist_finetune"),
        lesson.dataset,
        config,
        tmp_path,
        emit=events.append,
        defer_exports=True,
    )
    assert result.status == "succeeded", result.reason
    shipped = load_file(str(weights_path("mnist_0to4")))
    trained = load_file(str(tmp_path / WEIGHTS))
    assert set(config.freeze) == {key.split(".")[0] for key in shipped}
    for key in shipped:
        assert torch.equal(shipped[key], trained[key]), key  # frozen: exactly as shipped
    torch.manual_seed(config.seed)  # as the run did: the head's initial weights
    initial = compile_graph(load_graph(samples.load("mnist_finetune"))).state_dict()
    assert not torch.equal(initial["fc2.weight"], trained["fc2.weight"])  # the head learned
    assert 0 <= result.summary["start_val_accuracy"] <= 1
    assert result.summary["val_accuracy"] > result.summary["start_val_accuracy"]
    logs = [str(e.get("message")) for e in events if e.get("type") == "log"]
    assert any("before training" in line for line in logs), logs
    assert any("for conv1, conv2; new weights for fc1, fc2" in line for line in logs), logs


def test_a_run_from_unknown_weights_fails_with_the_reason(tmp_path: Path) -> None:
    config = TrainingConfig(init_from="pretrained:nope", epochs=1)
    result = run_training(samples.load("digits_cnn"), "digits", config, tmp_path)
    assert result.status == "failed"
    assert "no pretrained weights named 'nope'" in result.reason
