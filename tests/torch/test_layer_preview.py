"""The layer previews' data (`worker/layer_preview.py`) against hand-checked cases."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import torch
from PIL import Image
from safetensors.torch import save_file

from tests.graphs import chain
from worker.layer_preview import MAX_VALUES, compiled, layer_preview, load_matching, summary

LINEAR = chain(
    ("x", "Input", {"shape": [3]}),
    ("fc", "Linear", {"out_features": 2}),
    ("relu", "ReLU"),
    ("loss", "MSELoss"),
)
WEIGHT = torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.0, 0.0]])
BIAS = torch.tensor([0.5, -1.0])


def test_a_linear_node_with_known_weights_and_a_relu_give_the_hand_computed_numbers() -> None:
    network = compiled(LINEAR)
    network.load_state_dict({"fc.weight": WEIGHT, "fc.bias": BIAS})
    values = network.node_outputs(torch.tensor([[1.0, 1.0, 1.0]]))
    fc, relu = summary(values["fc"][0]), summary(values["relu"][0])
    # fc: [1+2+3+0.5, -1+0+0-1] = [6.5, -2]; the ReLU zeroes the negative one.
    assert fc == {"shape": [2], "min": -2.0, "max": 6.5, "mean": 2.25, "kind": "vector"} | {
        "values": [6.5, -2.0],
        "downsampled": False,
    }
    assert relu["values"] == [6.5, 0.0] and relu["min"] == 0.0
    assert "loss" not in values  # loss nodes are left out


def test_a_job_s_weights_are_copied_by_node_id_and_the_rest_stay_seeded(tmp_path: Path) -> None:
    graph = chain(
        ("x", "Input", {"shape": [2]}),
        ("fc", "Linear", {"out_features": 2}),
        ("new", "Linear", {"out_features": 3}),
        ("loss", "MSELoss"),
    )
    weights = tmp_path / "model.safetensors"
    save_file({"fc.weight": WEIGHT[:, :2].contiguous(), "fc.bias": BIAS}, str(weights))
    answer = layer_preview(graph, "linear", weights, index=1, cache_dir=tmp_path)
    assert answer["weights"] == "job" and answer["loaded"] == ["fc"]
    x = answer["nodes"]["x"]["values"]  # the sample itself, as the Input passes it on
    expected = [x[0] + 2 * x[1] + 0.5, -x[0] - 1.0]
    got = answer["nodes"]["fc"]["values"]
    assert all(abs(a - b) < 1e-3 for a, b in zip(got, expected, strict=True)), (got, expected)
    random = layer_preview(graph, "linear", None, index=1, cache_dir=tmp_path)
    again = layer_preview(graph, "linear", None, index=1, cache_dir=tmp_path)
    assert random == again  # seeded: the same graph gives the same preview, edit after edit
    assert random["nodes"]["fc"] != answer["nodes"]["fc"]
    network = compiled(graph)
    assert load_matching(network, weights) == ["fc"]
    seeded = compiled(graph).state_dict()["new.weight"]  # not in the job: its seeded weights
    assert torch.equal(network.state_dict()["new.weight"], seeded)


def test_an_image_output_is_one_tile_per_channel_up_to_eight_with_its_range() -> None:
    conv = chain(
        ("x", "Input", {"shape": [1, 8, 8]}),
        ("conv", "Conv2d", {"out_channels": 10, "kernel_size": 3}),
        ("flat", "Flatten"),
        ("loss", "MSELoss"),
    )
    with torch.no_grad():
        values = compiled(conv).node_outputs(torch.rand(1, 1, 8, 8))
    tile = summary(values["conv"][0])
    assert tile["kind"] == "image" and tile["shape"] == [10, 6, 6]
    assert len(tile["channels"]) == 8
    for channel, plane in zip(tile["channels"], values["conv"][0], strict=False):
        picture = Image.open(io.BytesIO(base64.b64decode(channel["png"].split(",", 1)[1])))
        assert picture.size == (6, 6) and picture.mode == "L"
        assert abs(channel["min"] - float(plane.min())) < 1e-4
        assert abs(channel["max"] - float(plane.max())) < 1e-4
        assert picture.getextrema() in ((0, 255), (0, 0))  # stretched over its own range
    flat = summary(values["flat"][0])  # 360 values: averaged in groups down to 64
    assert flat["downsampled"] and len(flat["values"]) == MAX_VALUES


def test_a_sequence_is_up_to_four_feature_lines_over_its_steps() -> None:
    line = summary(torch.arange(30.0).reshape(5, 6))  # [T=5, F=6]
    assert line["kind"] == "sequence" and line["shape"] == [5, 6]
    assert line["lines"] == [[float(f + 6 * t) for t in range(5)] for f in range(4)]
