"""Downloads of networks built from units: model.py defines one class per unit body and,
run in a fresh process that cannot import NetCanvas, equals the compiled module; the ONNX
file passes its check against PyTorch; the weights are the module's state_dict. Uses that
share their parameters (`shared_as`) one after the other, with copies or `times`, or side
by side, export too, the shared weights once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import onnx
import onnxruntime
import pytest
import torch
from safetensors.torch import load_file, save_file

from netcanvas.graph import load_graph
from tests.torch.test_export import CHECK_SCRIPT, TOLERANCE, eval_outputs, inputs_for, randomise
from tests.torch.test_units import shared_vgg
from tests.unit_graphs import nested, shared_branches, shared_series, two_inputs, vgg
from worker.compiler import GraphNetwork, compile_graph
from worker.export import write_artifacts

CASES = {"nested": nested(), "shared": shared_vgg(), "two_inputs": two_inputs(), "copies": vgg(3),
         "shared_as_series": shared_series(repeat=2), "shared_as_times": shared_series(
             repeat=3, share_weights=True), "shared_as_branches": shared_branches()}  # fmt: skip
SHARED_AS = ("shared_as_series", "shared_as_times", "shared_as_branches")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[GraphNetwork, Path, Any]]:
    made = {}
    for name, document in CASES.items():
        graph = load_graph(document)
        torch.manual_seed(0)
        network = compile_graph(graph)
        randomise(network)
        folder = tmp_path_factory.mktemp(name)
        infos = write_artifacts(network, graph, folder, evaluation={}, metrics=[])
        made[name] = (network, folder, infos)
    return made


def test_model_py_names_a_class_per_unit_body(exports: dict[str, Any]) -> None:
    source = (exports["nested"][1] / "model.py").read_text(encoding="utf-8")
    assert "class ConvBlock(nn.Module):" in source and "class ConvBlock2(nn.Module):" in source
    assert "class Stage(nn.Module):" in source and "self.s = Stage()" in source
    assert '"""Unit stage (wide=6); input (B, 1, 8, 8)."""' in source
    shared = (exports["shared"][1] / "model.py").read_text(encoding="utf-8")
    assert "self.stage1 = ConvBlock(times=3)" in shared
    assert "for _ in range(self._times):" in shared  # the shared body runs `times` times
    copies = (exports["copies"][1] / "model.py").read_text(encoding="utf-8")
    assert "nn.Sequential(ConvBlock(), ConvBlock2(), ConvBlock2())" in copies


def test_onnx_and_weights_are_written_and_checked(exports: dict[str, Any]) -> None:
    for name, (network, folder, infos) in exports.items():
        onnx = next(info for info in infos if info.name == "model.onnx")
        assert onnx.reason is None and "onnxruntime max abs diff" in onnx.detail, name
        weights = load_file(str(folder / "model.safetensors"))
        assert sorted(weights) == sorted(network.state_dict()), name


def test_model_py_reproduces_the_compiled_module(exports: dict[str, Any], tmp_path: Path) -> None:
    args = []
    for name, (network, folder, _) in exports.items():
        inputs = inputs_for(network)
        check = {f"input{i}": x for i, x in enumerate(inputs)}
        check["expected"] = eval_outputs(network, inputs)
        save_file(check, str(tmp_path / f"{name}.safetensors"))
        args += [str(folder), str(tmp_path / f"{name}.safetensors")]
    done = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.strip().splitlines()]
    for (name, (network, _, _)), report in zip(exports.items(), reports, strict=True):
        assert "error" not in report, (name, report.get("error"))
        assert report["keys"] == list(network.state_dict()), name
        assert report["max_abs_diff"] <= TOLERANCE, name


def test_onnx_of_shared_as_uses_runs_like_pytorch_with_the_weights_once(
    exports: dict[str, Any],
) -> None:
    """Checked again here, apart from the export's own check: another batch size, and the
    shared use's parameters are one set in the network, the weights file and the ONNX file."""
    for name in SHARED_AS:
        network, folder, _ = exports[name]
        assert dict(network.shared) == {"u1": "S", "u2": "S"}, name
        inputs = inputs_for(network, batch=3)
        session = onnxruntime.InferenceSession(str(folder / "model.onnx"))
        feed = {arg.name: x.numpy() for arg, x in zip(session.get_inputs(), inputs, strict=True)}
        (got, *_) = session.run(None, feed)
        expected = eval_outputs(network, inputs).numpy()
        assert got.shape == expected.shape and abs(got - expected).max() <= TOLERANCE, name
        weights = load_file(str(folder / "model.safetensors"))
        assert not any(k.startswith(("u1.", "u2.")) for k in weights), name
        convs = [k for k in weights if k.endswith("conv.weight")]  # S.conv, or S.0.conv, ...
        assert convs and all(k.startswith("S.") for k in convs), name
        model = onnx.load(str(folder / "model.onnx"))
        shape = tuple(weights[convs[0]].shape)
        same = [i.name for i in model.graph.initializer if tuple(i.dims) == shape]
        assert len(same) == len(convs), (name, convs, same)  # not a copy for each use
