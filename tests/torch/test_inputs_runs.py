"""Running a trained network of several Inputs over a dataset and looking inside it (issue 15
follow-up): `predict_batches` feeds each Input the variable it reads, x2 standardised as
training standardised it, so an upload's raw rows give the evaluation's answers; a missing
variable is named with its Input. Feature maps and Grad-CAM look at one image Input chosen
by node or variable, the other Input reading the same validation sample of the job's
dataset: the layers are those computed from the chosen Input, the image is its sample, and
Grad-CAM equals the formula written out with autograd on both Inputs' values."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image

from netcanvas.messages import LANGS, render
from netcanvas.training_config import TrainingConfig
from tests.graphs import chain
from tests.torch.test_inputs_scaling import CONFIG, evaluated, sizes_csv, two_inputs_graph
from worker.batches import predict_batches
from worker.datasets import load_dataset
from worker.gradcam import grad_cam
from worker.inference import read_samples
from worker.inside import Feed, InsideError, feature_maps, validation_variables
from worker.predict import PredictError, load_network
from worker.run import run_training

SEED, SPLIT = 3, 0.2


def two_towers() -> dict[str, Any]:
    """x and x2, two 8×8 digits, each through its own Conv2d, side by side into a classifier
    of whether they show the same digit (digits_pairs)."""
    graph = chain(
        ("x", "Input", {"shape": [1, 8, 8], "variable": "x"}),
        ("conv_a", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
        ("relu_a", "ReLU"),
        ("flat_a", "Flatten"),
        ("both", "Concat", {"dim": 0}),
        ("fc", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    graph["edges"][3]["target_port"] = 0
    graph["nodes"] += [
        {"id": "x2", "type": "Input", "params": {"shape": [1, 8, 8], "variable": "x2"}},
        {"id": "conv_b", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}},
        {"id": "relu_b", "type": "ReLU"},
        {"id": "flat_b", "type": "Flatten"},
    ]
    graph["edges"] += [
        {"source": "x2", "target": "conv_b"},
        {"source": "conv_b", "target": "relu_b"},
        {"source": "relu_b", "target": "flat_b"},
        {"source": "flat_b", "target": "both", "target_port": 1},
    ]
    return graph


@pytest.fixture(scope="module")
def towers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("towers")
    config = TrainingConfig(epochs=1, batch_size=32, lr=0.01, seed=SEED, validation_split=SPLIT)
    result = run_training(two_towers(), "digits_pairs", config, folder)
    assert result.status == "succeeded", result.reason
    return folder


def feed(input_name: str, sample: int) -> Feed:
    return Feed(input_name, sample, "digits_pairs", "digits_pairs", SEED, SPLIT)


def pixels(data_url: str) -> np.ndarray:
    data = base64.b64decode(data_url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)), dtype=np.float64)


def test_raw_rows_of_an_upload_with_x2_give_the_evaluation_s_answers(tmp_path: Path) -> None:
    path = sizes_csv(tmp_path)
    result = run_training(two_inputs_graph(), str(path), CONFIG, tmp_path / "run")
    assert result.status == "succeeded", result.reason
    network, evaluation = load_network(tmp_path / "run")
    samples = read_samples("", str(path), 0)  # as `run_inference` reads an upload
    assert set(samples.variables()) == {"x", "x2"} and float(samples.more_x["x2"].min()) >= 1000
    probabilities = torch.cat([b.values for b in predict_batches(
        network, evaluation, samples.variables(), 16)])  # fmt: skip
    assert probabilities.shape == (80, 2)
    # the evaluation's rows are the validation split's: find each one's raw row in the file
    dataset = load_dataset(str(path), validation_split=0.25, seed=0, cache_dir=tmp_path / "c")
    assert dataset.x_mean is not None and dataset.x_std is not None
    mean, std = dataset.more_x_scaling["x2"]
    raw = torch.cat([dataset.x_val * dataset.x_std + dataset.x_mean,
                     dataset.more_x_val["x2"] * std + mean], dim=1)  # fmt: skip
    rows_in_file = torch.cat([samples.x, samples.more_x["x2"]], dim=1)  # (80, 3)
    rows = [int(((rows_in_file - r).abs().sum(dim=1) < 1e-2).nonzero()[0]) for r in raw]
    index, predicted, top_p = evaluated(tmp_path / "run")
    chosen = probabilities[rows]
    assert chosen.argmax(dim=1)[index].tolist() == predicted
    assert chosen.max(dim=1).values[index].tolist() == pytest.approx(top_p, abs=1e-5)
    # without x2's standardisation the answers would differ: the scaling is applied
    unscaled = {**evaluation, "preprocessing": {**evaluation["preprocessing"],
                                                "more_standardised": {}}}  # fmt: skip
    batches = predict_batches(network, unscaled, samples.variables(), 16)
    assert not torch.allclose(torch.cat([b.values for b in batches]), probabilities, atol=1e-3)


def test_a_variable_the_dataset_lacks_is_named_with_its_input(tmp_path: Path) -> None:
    path = sizes_csv(tmp_path)
    result = run_training(two_inputs_graph(), str(path), CONFIG, tmp_path / "run")
    assert result.status == "succeeded", result.reason
    network, evaluation = load_network(tmp_path / "run")
    only_x = {"x": read_samples("", str(path), 0).x}
    with pytest.raises(PredictError, match="Input 'size' reads the column 'x2'"):
        next(predict_batches(network, evaluation, only_x, 16))


def test_feature_maps_look_at_the_chosen_input_with_the_other_s_same_sample(towers: Path) -> None:
    variables = validation_variables("digits_pairs", SEED, SPLIT, ())
    for chosen, layer in (("x", "conv_a"), ("x2", "conv_b")):
        answer = feature_maps(towers, None, None, feed(chosen, 5))
        assert [entry["node"] for entry in answer["layers"]] == [layer]
        assert answer["input_node"] == chosen and answer["filters"]["node"] == layer
        assert answer["input_shape"] == [1, 8, 8]
        expected = variables[chosen][5, 0].double().numpy() * 255
        assert np.abs(pixels(answer["input"]) - expected).max() <= 1.0
    with pytest.raises(InsideError) as refused:  # a node that is no image Input
        feature_maps(towers, None, None, feed("conv_b", 5))
    assert refused.value.code == "inside.not_image_input"


def test_an_image_given_goes_to_the_chosen_input_only(towers: Path) -> None:
    blank = io.BytesIO()
    Image.new("L", (8, 8)).save(blank, format="PNG")
    answer = feature_maps(towers, blank.getvalue(), None, feed("x2", 5))
    assert pixels(answer["input"]).max() == 0  # the drawing, not the dataset's x2
    other = feature_maps(towers, None, None, feed("x2", 5))
    assert answer["predicted"] != other["predicted"] or answer["layers"] != other["layers"]


def test_grad_cam_follows_the_chosen_input_as_autograd_gives_it(towers: Path) -> None:
    network, _ = load_network(towers)
    variables = validation_variables("digits_pairs", SEED, SPLIT, ())
    x, x2 = variables["x"][7:8], variables["x2"][7:8]
    kept: list[torch.Tensor] = []
    hook = network.module_of("conv_b").register_forward_hook(lambda _m, _i, o: kept.append(o))
    logits = network.training_output(x, x2)
    hook.remove()
    klass = int(logits.argmax())
    (gradient,) = torch.autograd.grad(logits[0, klass], kept[0])
    cam = torch.relu((gradient.mean(dim=(2, 3), keepdim=True) * kept[0]).sum(dim=1))[0].detach()
    answer = grad_cam(towers, None, None, None, None, feed("x2", 7))
    assert answer["layer"] == "conv_b" and answer["class"] == klass
    assert float(cam.max()) > 0
    assert np.allclose(np.array(answer["grid"]), cam.numpy(), atol=1e-6 + 1e-4 * float(cam.max()))
    with pytest.raises(InsideError) as refused:
        grad_cam(towers, None, None, "conv_a", None, feed("x2", 7))  # x's layer, not x2's
    assert refused.value.code == "inside.unknown_layer"


def test_the_other_input_s_missing_sample_or_dataset_is_said_in_both_languages(
    towers: Path, tmp_path: Path
) -> None:
    with pytest.raises(InsideError) as refused:  # past the validation samples
        feature_maps(towers, None, None, feed("x2", 10**6))
    assert refused.value.code == "inside.no_dataset"
    text = refused.value.params["text"]
    assert text["code"] == "inside.no_sample" and text["params"]["input"] == "x"
    worded = {lang: render("inside.no_dataset", refused.value.params, lang) for lang in LANGS}
    assert worded["en"].endswith(f"which has {text['params']['count']} validation samples")
    assert worded["ja"].endswith(f"の検証サンプルは {text['params']['count']} 個です")
    gone = tmp_path / "server-folder" / "7.zip"  # an upload's stored path, since removed
    lost = Feed("x2", 5, str(gone), "upload:7", SEED, SPLIT)
    with pytest.raises(InsideError) as refused:
        feature_maps(towers, None, None, lost)
    text = refused.value.params["text"]
    assert text["code"] == "dataset.unknown" and text["params"]["ref"] == "upload:7"
    for lang in LANGS:
        assert str(tmp_path) not in render("inside.no_dataset", refused.value.params, lang)
