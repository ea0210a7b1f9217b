"""Inside a trained network, against hand-checked cases: a known edge kernel's feature map on a
known image, the first convolution's filters as its weights stretched to 0..255, and Grad-CAM
against the same computation written out with autograd, step by step."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import save_file

from netcanvas.artifacts import EVALUATION, GRAPH, WEIGHTS
from netcanvas.graph import load_graph
from netcanvas.messages import message, render
from tests.graphs import chain
from worker.compiler import GraphNetwork, compile_graph
from worker.gradcam import grad_cam
from worker.inside import InsideError, feature_maps

EDGE = [[-1.0, 0.0, 1.0]] * 3  # a vertical edge: right minus left


def job_folder(folder: Path, graph: dict[str, Any], network: GraphNetwork, task: str) -> Path:
    """What a finished job leaves: its graph, its weights and its evaluation."""
    (folder / GRAPH).write_text(json.dumps(graph))
    save_file({k: v.contiguous() for k, v in network.state_dict().items()}, str(folder / WEIGHTS))
    names = ["a", "b", "c"]
    (folder / EVALUATION).write_text(json.dumps({"task": task, "class_names": names}))
    return folder


def png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, format="PNG")
    return out.getvalue()


def pixels(data_url: str) -> np.ndarray:
    data = base64.b64decode(data_url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)))


def edge_job(folder: Path) -> Path:
    graph = chain(
        ("x", "Input", {"shape": [1, 5, 5]}),
        ("edge", "Conv2d", {"out_channels": 1, "kernel_size": 3, "bias": False}),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 3}),
        ("loss", "CrossEntropyLoss"),
    )
    network = compile_graph(load_graph(graph))
    with torch.no_grad():
        network.get_parameter("edge.weight").copy_(torch.tensor(EDGE)[None, None])
    return job_folder(folder, graph, network, "classification")


def test_a_known_edge_kernel_gives_its_known_feature_map_and_filter(tmp_path: Path) -> None:
    image = np.zeros((5, 5), dtype=np.uint8)
    image[:, 2] = 255  # one bright column in the middle
    answer = feature_maps(edge_job(tmp_path), png(image))
    (layer,) = answer["layers"]
    assert layer["node"] == "edge" and layer["shape"] == [1, 3, 3]
    (channel,) = layer["channels"]
    # Window at column 0 sees the bright column under +1, at 1 under 0, at 2 under -1 (3 rows).
    assert (channel["min"], channel["max"]) == (-3.0, 3.0)
    assert pixels(channel["image"]).tolist() == [[255, 128, 0]] * 3  # -3..3 stretched to 0..255
    filters = answer["filters"]
    assert filters["node"] == "edge" and filters["mode"] == "gray"
    assert filters["shape"] == [1, 1, 3, 3]
    (edge,) = filters["filters"]
    assert (edge["min"], edge["max"]) == (-1.0, 1.0)
    assert pixels(edge["image"]).tolist() == [[0, 128, 255]] * 3
    assert pixels(answer["input"]).tolist() == image.tolist()
    assert answer["predicted"]["name"] in ("a", "b", "c")


def rgb_graph() -> dict[str, Any]:
    return chain(
        ("x", "Input", {"shape": [3, 6, 6]}),
        ("c1", "Conv2d", {"out_channels": 4, "kernel_size": 3, "padding": 1}),
        ("r1", "ReLU"),
        ("c2", "Conv2d", {"out_channels": 5, "kernel_size": 3}),
        ("r2", "ReLU"),
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 3}),
        ("loss", "CrossEntropyLoss"),
    )


@pytest.fixture
def rgb_job(tmp_path: Path) -> tuple[Path, GraphNetwork, np.ndarray]:
    torch.manual_seed(3)
    graph = rgb_graph()
    network = compile_graph(load_graph(graph)).eval()
    image = np.random.default_rng(0).integers(0, 256, (6, 6, 3), dtype=np.uint8)
    return job_folder(tmp_path, graph, network, "classification"), network, image


def test_first_filters_are_the_weights_stretched_and_every_conv_has_maps(
    rgb_job: tuple[Path, GraphNetwork, np.ndarray],
) -> None:
    folder, network, image = rgb_job
    answer = feature_maps(folder, png(image))
    assert [(m["node"], m["shape"]) for m in answer["layers"]] == [
        ("c1", [4, 6, 6]),
        ("c2", [5, 4, 4]),
    ]
    assert [len(m["channels"]) for m in answer["layers"]] == [4, 5]
    weight = network.get_parameter("c1.weight").detach()  # (4, 3, 3, 3)
    assert answer["filters"]["mode"] == "rgb" and len(answer["filters"]["filters"]) == 4
    for k, shown in enumerate(answer["filters"]["filters"]):
        w = weight[k]
        stretched = ((w - w.min()) / (w.max() - w.min()) * 255).round().permute(1, 2, 0)
        assert np.abs(pixels(shown["image"]).astype(int) - stretched.numpy()).max() <= 1
        assert shown["min"] == pytest.approx(float(w.min()), abs=1e-6)


def direct_cam(network: GraphNetwork, x: torch.Tensor, klass: int) -> torch.Tensor:
    """Grad-CAM at c2 written out: A, d score / d A, weights, ReLU(Σ w_k A_k), upsampled."""
    layers = dict(network.named_children())
    a = layers["c2"](layers["r1"](layers["c1"](x)))  # (1, 5, 4, 4)
    a.retain_grad()
    logits = layers["fc"](layers["flat"](layers["r2"](a)))  # (1, 3)
    logits[0, klass].backward()
    assert a.grad is not None
    weights = a.grad.mean(dim=(2, 3))  # (1, 5)
    cam = torch.relu((weights[:, :, None, None] * a).sum(dim=1))  # (1, 4, 4)
    return cam.detach()[0]


def test_grad_cam_equals_the_direct_autograd_computation(
    rgb_job: tuple[Path, GraphNetwork, np.ndarray],
) -> None:
    folder, network, image = rgb_job
    x = torch.from_numpy(image.astype(np.float32) / 255).permute(2, 0, 1)[None]
    logits = network.training_output(x).detach()
    answer = grad_cam(folder, png(image), None, None)
    assert answer["layer"] == "c2"  # the last convolution before the classifier
    assert answer["class"] == int(logits.argmax()) == answer["predicted"]
    assert answer["probability"] == pytest.approx(float(torch.softmax(logits, 1).max()), abs=1e-6)
    shown = 0
    for klass in range(3):
        answer = grad_cam(folder, png(image), klass, "c2")
        cam = direct_cam(network, x, klass)
        assert np.allclose(answer["grid"], cam.numpy(), atol=1e-5)
        up = torch.nn.functional.interpolate(cam[None, None], size=(6, 6), mode="bilinear")[0, 0]
        if float(up.max()) > 0:
            shown += 1
            assert np.allclose(answer["heatmap"], (up / up.max()).numpy(), atol=1e-5)
        assert pixels(answer["overlay"]).shape == (6, 6, 3)
    assert shown  # at least one class's map is not all zero


def test_grad_cam_names_what_it_cannot_do(rgb_job: tuple[Path, GraphNetwork, np.ndarray]) -> None:
    folder, _, image = rgb_job
    with pytest.raises(InsideError) as unknown:
        grad_cam(folder, png(image), None, "fc")
    assert unknown.value.code == "inside.unknown_layer"
    assert unknown.value.params["layers"] == "c1, c2"
    with pytest.raises(InsideError) as klass:
        grad_cam(folder, png(image), 3, None)
    assert klass.value.code == "inside.unknown_class" and klass.value.params["last"] == 2
    with pytest.raises(InsideError) as text:
        grad_cam(folder, b"not an image", None, None)
    assert text.value.code == "inside.failed"
    assert text.value.params["text"] == message(
        "predict.not_an_image", text=message("image.unknown_format")
    )  # a message value, worded in the asker's language
    japanese = render("inside.failed", text.value.params, "ja")
    assert japanese.startswith("ネットワークを実行できませんでした: アップロードされたファイルは")
