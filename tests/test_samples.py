"""The shipped sample networks: each loads, validates cleanly and has the shapes it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest

from netcanvas import samples
from netcanvas.graph import FORMAT, load_graph
from netcanvas.layers import LAYERS
from netcanvas.validation import analyse

# sample → (the node feeding the loss, its per-sample output shape)
OUTPUTS: dict[str, tuple[str, list[int]]] = {
    "perceptron": ("fc", [2]),
    "logistic_regression": ("fc", [1]),
    "xor_mlp": ("fc2", [2]),
    "lenet": ("fc2", [10]),
    "small_vgg": ("fc2", [10]),
    "resnet_block": ("fc", [10]),
    "lstm_sine": ("fc", [1]),
    "bigru_classifier": ("fc", [10]),
    "conv_autoencoder": ("sigmoid", [1, 28, 28]),
    "text_classifier": ("fc", [2]),
    "digits_cnn": ("fc2", [10]),
    "digits_few": ("fc2", [10]),
    "digits_few_augmented": ("fc2", [10]),
    # Transfer learning (`netcanvas/pretrained/`)
    "mnist_finetune": ("fc2", [5]),
    "digits_adapt": ("fc2", [10]),
    "anomaly_autoencoder": ("back", [50, 1]),
    "lstm_temperature": ("fc", [1]),
    "activation_sigmoid": ("out", [3]),
    "activation_relu": ("out", [3]),
    "loss_squared_error": ("softmax", [10]),
    "loss_cross_entropy": ("fc2", [10]),
    "pool_max": ("fc", [10]),
    "pool_average": ("fc", [10]),
    "pool_sum": ("fc", [10]),
    "conv_no_padding": ("fc", [10]),
    "conv_stride": ("fc", [10]),
    "overfit_mlp": ("fc2", [2]),
    "overfit_weight_decay": ("fc2", [2]),
    "overfit_dropout": ("fc", [2]),
    "overfit_early_stopping": ("fc2", [10]),
    "digits_multitask": ("digit", [10]),  # the primary head: the first loss's input
    # Units (issue 15)
    "vgg_units": ("fc", [10]),
    "resnet_units": ("fc", [10]),
    "vae_digits": ("pixels", [1, 8, 8]),  # the reconstruction; the KL loss is the second
    "dcgan_digits": ("d_real", [1]),  # the discriminator on real digits: the first loss's input
    "digits_siamese": ("fc2", [2]),  # two Inputs (x, x2), one shared unit
    "imbalanced_mlp": ("fc2", [2]),  # precision and recall on a rare positive class
    "perceptron_step": ("step", [2]),  # Linear through a Step, squared error on one-hot
}


def test_names_lists_every_sample_sorted() -> None:
    assert samples.names() == sorted(OUTPUTS)


def test_load_returns_a_fresh_dict() -> None:
    first = samples.load("lenet")
    first["name"] = "changed"
    assert samples.load("lenet")["name"] == "LeNet"


@pytest.mark.parametrize("name", ["nope", "../graph", "lenet.json", ""])
def test_load_rejects_unknown_names(name: str) -> None:
    with pytest.raises(KeyError, match="unknown sample"):
        samples.load(name)


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_sample_is_valid_without_warnings(name: str) -> None:
    analysis = analyse(load_graph(samples.load(name)))
    result = analysis.result
    assert result.valid, result.errors
    assert result.errors == []
    assert result.warnings == []
    node, shape = OUTPUTS[name]
    assert analysis.output == node
    assert result.nodes[node].output_shape == shape
    assert result.total_params > 0


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_sample_is_well_formed(name: str) -> None:
    graph = samples.load(name)
    assert graph["format"] == FORMAT
    assert graph["name"].strip()
    description = graph["description"]
    assert description.endswith(".") and description.count(". ") == 0, description
    for node in graph["nodes"]:
        assert set(node["ui"]) == {"x", "y"}, node["id"]
    positions = [(n["ui"]["x"], n["ui"]["y"]) for n in graph["nodes"]]
    assert len(set(positions)) == len(positions), "nodes overlap on the canvas"
    types = {n["id"]: n["type"] for n in graph["nodes"]}
    for edge in graph["edges"]:
        multi_input = LAYERS[types[edge["target"]]].inputs.max != 1
        assert ("target_port" in edge) == multi_input, edge


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_sample_file_is_pretty_printed(name: str) -> None:
    text = resources.files(samples).joinpath(f"{name}.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_lenet_sample_shapes() -> None:
    result = analyse(load_graph(samples.load("lenet"))).result
    shapes = {n: r.output_shape for n, r in result.nodes.items()}
    assert shapes["conv1"] == [16, 24, 24]
    assert shapes["pool1"] == [16, 12, 12]
    assert shapes["conv2"] == [32, 8, 8]
    assert shapes["pool2"] == [32, 4, 4]
    assert shapes["flatten"] == [512]
    assert shapes["fc1"] == [120]
    assert shapes["fc2"] == [10]


def test_resnet_sample_adds_skip_on_port_0() -> None:
    analysis = analyse(load_graph(samples.load("resnet_block")))
    assert analysis.inputs["add"] == ["relu1", "bn3"]


def test_conv_autoencoder_reconstructs_its_input() -> None:
    graph = samples.load("conv_autoencoder")
    loss = next(n for n in graph["nodes"] if n["id"] == "loss")
    assert loss["params"] == {"target": "input"}


def test_samples_import_without_torch() -> None:
    code = (
        "import sys; from netcanvas import samples; from netcanvas.graph import load_graph; "
        "from netcanvas.validation import validate; "
        "[validate(load_graph(samples.load(n))) for n in samples.names()]; "
        "assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
