"""The artifacts of a trained network, for the samples that cover every kind of node the
samples use (`tests/sample_cover.py`: each case costs an ONNX export and a fresh Python
process, and the other samples repeat the same layers) and a graph with awkward node ids.

Each network gets deterministic random weights (batch norm statistics too, so
eval mode matters), is left in train mode, and is exported once per module;
then: onnxruntime reproduces PyTorch, the generated model.py reproduces it in
a fresh Python process that cannot import NetCanvas, and the zip holds every
artifact. Expected outputs are always PyTorch's in eval mode.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
import pytest
import torch
from safetensors import safe_open
from safetensors.torch import save_file
from torch import nn

from netcanvas import samples
from netcanvas.graph import Graph, load_graph
from tests.graphs import chain
from tests.sample_cover import COVERING, uncovered
from tests.torch.test_codegen import odd_ids_graph
from worker import export
from worker.compiler import GraphNetwork, compile_graph, example_inputs
from worker.export import ArtifactInfo, OnnxExportError, check_onnx, export_onnx, write_artifacts
from worker.generate_codegen import generator_steps
from worker.generator_export import discriminator
from worker.samples import plan_generator

TOLERANCE = 1e-5
ARTIFACTS = ["model.safetensors", "model.onnx", "model.py", "graph.json"]  # the service's order
ARTIFACTS += ["evaluation.json", "metrics.csv", "bundle.zip"]
EVALUATION = {"accuracy": 0.75, "r2": float("nan"), "classes": ["a", "b"]}
METRICS = [
    {"epoch": 1, "train_loss": 0.9, "train_accuracy": 0.5},
    {"epoch": 2, "train_loss": 0.5, "val_loss": 0.6},
]


def pool_ranks_graph() -> dict[str, Any]:
    """Average and sum pooling of a volume and max, average and sum pooling of a sequence,
    which no sample uses; ceil mode where a sum's last window hangs over the end."""
    return chain(
        ("x", "Input", {"shape": [2, 8, 6, 6]}),
        ("avg3", "AvgPool3d", {"kernel_size": 2}),  # [2, 4, 3, 3]
        ("sum3", "SumPool3d", {"kernel_size": 2, "ceil_mode": True}),  # [2, 2, 2, 2]
        ("seq", "Reshape", {"shape": [2, 8]}),
        ("max1", "MaxPool1d", {"kernel_size": 2}),  # [2, 4]
        (
            "avg1",
            "AvgPool1d",
            {"kernel_size": 2, "stride": 1, "padding": 1, "count_include_pad": False},
        ),
        ("sum1", "SumPool1d", {"kernel_size": 2, "ceil_mode": True}),  # [2, 5] -> [2, 3]
        ("flat", "Flatten"),
        ("fc", "Linear", {"out_features": 3}),
        ("loss", "MSELoss"),
        name="pool ranks",
    )


GRAPHS = {"odd_ids": odd_ids_graph, "pool_ranks": pool_ranks_graph}  # beside the samples
CASES = [*COVERING, *GRAPHS]


def load_case(name: str) -> Graph:
    return load_graph(GRAPHS[name]() if name in GRAPHS else samples.load(name))


def randomise(network: nn.Module, seed: int = 0) -> None:
    """Deterministic weights, with normalisation layers away from their identity start."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for parameter in network.parameters():
            parameter.copy_(parameter + 0.05 * torch.randn(parameter.shape, generator=generator))
        for module in network.modules():
            if isinstance(module, nn.BatchNorm1d | nn.BatchNorm2d):
                assert module.running_mean is not None and module.running_var is not None
                module.running_mean.normal_(0.0, 0.2, generator=generator)
                module.running_var.uniform_(0.5, 1.5, generator=generator)


def inputs_for(network: GraphNetwork, batch: int = 5) -> tuple[torch.Tensor, ...]:
    return example_inputs(network, batch, generator=torch.Generator().manual_seed(7))


def eval_outputs(network: GraphNetwork, inputs: tuple[torch.Tensor, ...]) -> torch.Tensor:
    """The outputs in eval mode; a random layer (RandomNoise) draws from seed 0, as the
    fresh process's model.py does, so the two compare number by number."""
    was_training = network.training
    try:
        torch.manual_seed(0)
        with torch.no_grad():
            outputs: torch.Tensor = network.eval()(*inputs)
            return outputs
    finally:
        network.train(was_training)


@dataclass
class Exported:
    network: GraphNetwork
    graph: Graph
    folder: Path
    infos: list[ArtifactInfo]
    case: str


Made = dict[str, Exported]


@pytest.fixture(scope="module")
def made() -> Made:
    """The module's exports by case, each made once whichever fixture asks first."""
    return {}


def export_case(name: str, made: Made, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    if name not in made:
        graph = load_case(name)
        torch.manual_seed(0)
        network = compile_graph(graph)
        randomise(network)
        network.train()  # as training leaves it: export must switch to eval by itself
        folder = tmp_path_factory.mktemp(name)
        infos = write_artifacts(network, graph, folder, evaluation=EVALUATION, metrics=METRICS)
        made[name] = Exported(network, graph, folder, infos, name)
    return made[name]


@pytest.fixture(scope="module", params=CASES)
def exported(
    request: pytest.FixtureRequest, made: Made, tmp_path_factory: pytest.TempPathFactory
) -> Exported:
    return export_case(request.param, made, tmp_path_factory)


# ---------------------------------------------------------------- what is written


def test_the_cases_use_every_kind_of_node_the_samples_use() -> None:
    assert uncovered(name for name in CASES if name not in GRAPHS) == set()


def written(exported: Exported) -> list[str]:
    """The artifacts in the service's order; a generative network's adds generator.onnx, a
    GAN's discriminator.onnx too."""
    if plan_generator(exported.network) is None:
        return ARTIFACTS
    gan = discriminator(exported.network) is not None
    return [*ARTIFACTS, "generator.onnx", *(["discriminator.onnx"] if gan else [])]


def test_every_artifact_is_written_and_zipped(exported: Exported) -> None:
    assert [info.name for info in exported.infos] == written(exported)
    for info in exported.infos:
        assert info.path == exported.folder / info.name and info.reason is None
        assert info.size == info.path.stat().st_size > 0
    with zipfile.ZipFile(exported.folder / "bundle.zip") as bundle:
        zipped = [name for name in written(exported) if name != "bundle.zip"]
        assert sorted(bundle.namelist()) == sorted([*zipped, "README.md"])  # README: last
        assert bundle.read("model.py") == (exported.folder / "model.py").read_bytes()
        assert bundle.testzip() is None
    # each was written under a temporary name and renamed: none of those is left
    assert sorted(child.name for child in exported.folder.iterdir()) == sorted(written(exported))


def test_a_killed_run_s_temporary_files_are_cleared(tmp_path: Path) -> None:
    network, graph = small_network()
    (tmp_path / ".model.onnx.tmp-0123456789abcdef").write_bytes(b"half an export")
    write_artifacts(network, graph, tmp_path, evaluation={}, metrics=[])
    assert sorted(child.name for child in tmp_path.iterdir()) == sorted(ARTIFACTS)


def test_network_is_left_in_the_mode_it_was_in(exported: Exported) -> None:
    assert exported.network.training


def test_weights_are_the_state_dict_with_graph_metadata(exported: Exported) -> None:
    state = exported.network.state_dict()
    with safe_open(str(exported.folder / "model.safetensors"), framework="pt") as weights:
        assert weights.metadata() == {
            "format": "netcanvas/graph@1",
            "graph_name": exported.graph.name,
        }
        assert sorted(weights.keys()) == sorted(state)
        for key in state:
            assert torch.equal(weights.get_tensor(key), state[key]), key


def test_graph_json_loads_back_as_the_same_graph(exported: Exported) -> None:
    text = (exported.folder / "graph.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "format": "netcanvas/graph@1"')
    assert load_graph(json.loads(text)) == exported.graph


def test_evaluation_and_metrics_files(exported: Exported) -> None:
    evaluation = json.loads((exported.folder / "evaluation.json").read_text(encoding="utf-8"))
    assert evaluation == {"accuracy": 0.75, "r2": None, "classes": ["a", "b"]}
    with (exported.folder / "metrics.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["epoch", "train_loss", "train_accuracy", "val_loss"],
        ["1", "0.9", "0.5", ""],
        ["2", "0.5", "", "0.6"],
    ]


# ---------------------------------------------------------------- ONNX


def test_onnx_reproduces_pytorch_in_eval_mode(exported: Exported) -> None:
    network = exported.network
    info = next(info for info in exported.infos if info.name == "model.onnx")
    random = export.random_nodes(network)  # ONNX draws its own noise: shapes only
    assert (export.NOT_COMPARED in info.detail) == bool(random)
    assert ("onnxruntime max abs diff" in info.detail) == (not random)
    session = onnxruntime.InferenceSession(
        str(exported.folder / "model.onnx"), providers=["CPUExecutionProvider"]
    )
    assert [i.name for i in session.get_inputs()] == network.input_ids
    # every head (one but for digits_multitask), the primary first
    assert [o.name for o in session.get_outputs()] == network.output_ids
    assert network.output_ids[0] == network.output_id
    for batch in (1, 5):  # the batch axis is dynamic
        inputs = inputs_for(network, batch)
        feeds = {i.name: x.numpy() for i, x in zip(session.get_inputs(), inputs, strict=True)}
        actual, *others = session.run(None, feeds)
        expected = eval_outputs(network, inputs).numpy()
        assert actual.shape == expected.shape
        if not {step for step, _ in network._plan_of((network.output_id,))} & set(random):
            assert float(np.abs(actual - expected).max()) <= TOLERANCE
        with torch.no_grad():
            heads = network.eval().heads(*inputs)[1:]
        # heads with no noise on their way (the VAE's mu; not a GAN's discriminator on fakes)
        for node, other, head in zip(network.output_ids[1:], others, heads, strict=True):
            assert other.shape == head.shape
            way = {step for step, _ in network._plan_of((node,))}
            if not way & set(random):
                assert float(np.abs(other - head.numpy()).max()) <= TOLERANCE


@pytest.mark.parametrize(
    "exported", ["small_vgg", "resnet_block", "odd_ids", "digits_few_augmented"], indirect=True
)
def test_eval_mode_is_what_makes_the_outputs_agree(exported: Exported) -> None:
    """These have dropout, batch norm or augmentation: train mode would give other outputs
    than the files."""
    network = copy.deepcopy(exported.network).train()  # batch norm would update the fixture's
    inputs = inputs_for(network)
    with torch.no_grad():
        in_train_mode = network(*inputs)
    assert not torch.allclose(in_train_mode, eval_outputs(network, inputs), atol=1e-3)


# ---------------------------------------------------------------- model.py, in a fresh process

# One process for every case: starting Python and importing torch costs more than checking
# a network, and each case's model.py is imported afresh from its own folder.
CHECK_SCRIPT = """
import contextlib, importlib, io, json, os, runpy, sys, traceback
sys.modules["netcanvas"] = sys.modules["worker"] = None  # model.py must stand alone
import torch
from safetensors.torch import load_file

cases = list(zip(sys.argv[1::2], sys.argv[2::2]))  # (model.py's folder, check file)
for folder, check_path in cases:
    try:
        os.chdir(folder)
        sys.path.insert(0, folder)
        sys.modules.pop("model", None)
        importlib.invalidate_caches()
        model = importlib.import_module("model")
        sys.path.remove(folder)
        check = load_file(check_path)
        inputs = [check[f"input{i}"] for i in range(len(check) - 1)]
        network = model.load()
        torch.manual_seed(0)  # a random layer draws what eval_outputs drew
        with torch.no_grad():
            output = network(*inputs)
        sys.argv = ["model.py"]  # the script part reads its own command line
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            runpy.run_path("model.py", run_name="__main__")  # prints the output shape
        print(json.dumps({
            "max_abs_diff": float((output - check["expected"]).abs().max()),
            "shape": list(output.shape),
            "keys": list(network.state_dict()),
            "training": network.training,
            "printed": printed.getvalue().splitlines(),
            "file": model.__file__,
        }))
    except Exception:
        print(json.dumps({"error": traceback.format_exc()}))
"""


@pytest.fixture(scope="module")
def fresh_process(
    made: Made, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """What every case's model.py, run in one fresh Python process that cannot import
    NetCanvas, computes from the inputs the case's network was checked on."""
    checks = tmp_path_factory.mktemp("fresh-process")
    args: list[str] = []
    for name in CASES:
        exported = export_case(name, made, tmp_path_factory)
        inputs = inputs_for(exported.network)
        expected = eval_outputs(exported.network, inputs)
        check = {f"input{i}": x for i, x in enumerate(inputs)} | {"expected": expected}
        save_file(check, str(checks / f"{name}.safetensors"))
        args += [str(exported.folder), str(checks / f"{name}.safetensors")]
    done = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT, *args],
        cwd=checks,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.strip().splitlines()]
    assert len(reports) == len(CASES), done.stdout
    return dict(zip(CASES, reports, strict=True))


def test_model_py_reproduces_pytorch_in_a_fresh_process(
    exported: Exported, fresh_process: dict[str, dict[str, Any]]
) -> None:
    network = exported.network
    report = fresh_process[exported.case]
    assert "error" not in report, report.get("error")
    assert report["file"] == str(exported.folder / "model.py")  # its own, not another case's
    printed = [f"output shape: {(2, *network.output_shape)}"]
    plan = plan_generator(network)  # a generative network's __main__ draws four images
    if plan is not None and generator_steps(network) is not None:
        printed.append(f"generated images: {(4, *plan.shape)}")
    assert report["printed"] == printed
    assert report["keys"] == list(network.state_dict())
    assert report["shape"] == [5, *network.output_shape]
    assert report["max_abs_diff"] <= TOLERANCE
    assert report["training"] is False


# ---------------------------------------------------------------- when ONNX goes wrong


def small_network() -> tuple[GraphNetwork, Graph]:
    graph = load_graph(
        chain(
            ("x", "Input", {"shape": [4]}), ("fc", "Linear", {"out_features": 3}), ("l", "MSELoss")
        )
    )
    torch.manual_seed(0)
    return compile_graph(graph), graph


def test_onnx_export_failure_skips_only_model_onnx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("Unsupported: aten::frobnicate has no ONNX symbolic")

    monkeypatch.setattr(torch.onnx, "export", unsupported)
    network, graph = small_network()
    (tmp_path / "model.onnx").write_bytes(b"stale, from an earlier run")
    infos = write_artifacts(network, graph, tmp_path, evaluation={}, metrics=[])

    onnx = next(info for info in infos if info.name == "model.onnx")
    assert onnx.path is None and onnx.size == 0
    assert onnx.reason is not None and "aten::frobnicate" in onnx.reason
    assert "torch.export exporter" in onnx.reason and "TorchScript exporter" in onnx.reason
    assert not (tmp_path / "model.onnx").exists()
    written = [info.name for info in infos if info.path is not None]
    assert written == [name for name in ARTIFACTS if name != "model.onnx"]
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        assert "model.onnx" not in bundle.namelist()
        readme = bundle.read("README.md").decode()
    assert "- `model.onnx` is not here: no ONNX export runs like PyTorch" in readme
    assert "aten::frobnicate" in readme and "onnxruntime" not in readme  # no ONNX usage


def test_the_fast_exporter_goes_first(tmp_path: Path) -> None:
    network, _ = small_network()
    info = export.write_checked_onnx(network, tmp_path / "model.onnx")
    assert info.path is not None and info.detail.startswith("TorchScript exporter;")


def test_torch_export_steps_in_when_the_torchscript_exporter_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_export = torch.onnx.export

    def no_torchscript(*args: Any, dynamo: bool = True, **kwargs: Any) -> Any:
        if not dynamo:
            raise RuntimeError("TorchScript cannot script this")
        return real_export(*args, dynamo=True, **kwargs)

    monkeypatch.setattr(torch.onnx, "export", no_torchscript)
    network, _ = small_network()
    info = export.write_checked_onnx(network, tmp_path / "model.onnx")
    assert info.path is not None and info.detail.startswith("torch.export exporter;")
    session = onnxruntime.InferenceSession(str(info.path), providers=["CPUExecutionProvider"])
    assert session.get_inputs()[0].shape[0] == "batch"


def test_onnx_that_differs_from_pytorch_is_refused(tmp_path: Path) -> None:
    network, _ = small_network()
    export_onnx(network, tmp_path / "model.onnx")
    assert check_onnx(network, tmp_path / "model.onnx") <= TOLERANCE
    with torch.no_grad():
        network.get_parameter("fc.bias").add_(1e-3)  # PyTorch moves on, the file does not
    with pytest.raises(OnnxExportError, match="differs from PyTorch by up to"):
        check_onnx(network, tmp_path / "model.onnx")


def test_empty_metrics_give_an_empty_csv(tmp_path: Path) -> None:
    path = export.write_metrics_csv([], tmp_path / "metrics.csv")
    assert path.read_text(encoding="utf-8").strip() == ""


# ---------------------------------------------------------------- model.py, as downloaded

BROWSER_CODE, BROWSER_WEIGHTS = "job7-model.py", "job7-model.safetensors"  # GET .../artifacts/...

LOAD_SCRIPT = """
import importlib.util, json, sys
import torch
from safetensors.torch import load_file

spec = importlib.util.spec_from_file_location("downloaded", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
check = load_file(sys.argv[2])
network = module.load(*sys.argv[3:])
with torch.no_grad():
    output = network(check["input0"])
print(json.dumps({"max_abs_diff": float((output - check["expected"]).abs().max())}))
"""


def run_python(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *map(str, args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def download(exported: Exported, folder: Path, names: dict[str, str]) -> Path:
    """Copy artifacts into `folder` under the names a browser gives them."""
    folder.mkdir(parents=True, exist_ok=True)
    for artifact, name in names.items():
        shutil.copyfile(exported.folder / artifact, folder / name)
    return folder


def output_line(exported: Exported) -> str:
    return f"output shape: {(2, *exported.network.output_shape)}\n"


@pytest.mark.parametrize("exported", ["lenet"], indirect=True)
def test_browser_named_model_py_finds_its_weights(exported: Exported, tmp_path: Path) -> None:
    """`python job7-model.py` beside `job7-model.safetensors`, run from another folder."""
    names = {"model.py": BROWSER_CODE, "model.safetensors": BROWSER_WEIGHTS}
    folder = download(exported, tmp_path / "Downloads", names)
    done = run_python(folder / BROWSER_CODE, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == output_line(exported)


@pytest.mark.parametrize("exported", ["lenet"], indirect=True)
def test_browser_named_model_py_prefers_its_own_weights(exported: Exported, tmp_path: Path) -> None:
    """Its own name's weights first, then model.safetensors; both give the trained network."""
    network = exported.network
    inputs = inputs_for(network)
    check = tmp_path / "check.safetensors"
    save_file({"input0": inputs[0], "expected": eval_outputs(network, inputs)}, str(check))
    other = {key: torch.zeros_like(value) for key, value in network.state_dict().items()}

    folder = download(exported, tmp_path / "both", {"model.py": BROWSER_CODE})
    shutil.copyfile(exported.folder / "model.safetensors", folder / BROWSER_WEIGHTS)
    save_file(other, str(folder / "model.safetensors"))  # another job's: must not be read
    fallback = download(exported, tmp_path / "fallback", {"model.py": BROWSER_CODE})
    shutil.copyfile(exported.folder / "model.safetensors", fallback / "model.safetensors")
    explicit = download(exported, tmp_path / "explicit", {"model.py": BROWSER_CODE})
    trained = download(exported, tmp_path / "elsewhere", {"model.safetensors": "trained.st"})

    for code, extra in [
        (folder / BROWSER_CODE, []),
        (fallback / BROWSER_CODE, []),
        (explicit / BROWSER_CODE, [str(trained / "trained.st")]),  # load(path)
    ]:
        done = run_python("-c", LOAD_SCRIPT, code, check, *extra, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["max_abs_diff"] <= TOLERANCE


@pytest.mark.parametrize("exported", ["lenet"], indirect=True)
def test_model_py_takes_weights_from_the_command_line(exported: Exported, tmp_path: Path) -> None:
    folder = download(exported, tmp_path / "code", {"model.py": BROWSER_CODE})
    download(exported, tmp_path / "runs", {"model.safetensors": "best.safetensors"})
    done = run_python(folder / BROWSER_CODE, "--weights", "runs/best.safetensors", cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # a relative path is the working folder's
    assert done.stdout == output_line(exported)


@pytest.mark.parametrize("exported", ["lenet"], indirect=True)
def test_model_py_without_weights_names_every_path_it_tried(
    exported: Exported, tmp_path: Path
) -> None:
    folder = download(exported, tmp_path / "alone", {"model.py": BROWSER_CODE})
    done = run_python(folder / BROWSER_CODE, cwd=tmp_path)
    assert done.returncode != 0 and done.stdout == ""
    tried = f"tried: {folder / BROWSER_WEIGHTS}, {folder / 'model.safetensors'}"
    assert f"no weights found; {tried}" in done.stderr

    done = run_python(folder / BROWSER_CODE, "--weights", "missing.safetensors", cwd=tmp_path)
    assert done.returncode != 0
    assert "no weights found; tried: missing.safetensors\n" in done.stderr


@pytest.mark.parametrize("exported", ["lenet", "odd_ids"], indirect=True)
def test_bundle_runs_where_it_is_unzipped(exported: Exported, tmp_path: Path) -> None:
    with zipfile.ZipFile(exported.folder / "bundle.zip") as bundle:
        bundle.extractall(tmp_path / "bundle")
    done = run_python(tmp_path / "bundle" / "model.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == output_line(exported)


@pytest.mark.parametrize("exported", ["lenet", "digits_siamese", "overfit_dropout"], indirect=True)
def test_bundle_readme_says_what_each_file_and_input_is(exported: Exported) -> None:
    """The zip's README.md names every file in it, each Input with its shape and type, the
    output, the ONNX names, in English and Japanese."""
    with zipfile.ZipFile(exported.folder / "bundle.zip") as bundle:
        names, readme = bundle.namelist(), bundle.read("README.md").decode()
    network = exported.network
    assert readme.startswith(f"# {exported.graph.name}\n")
    for name in names[:-1]:
        assert f"- `{name}`: " in readme.split("## 日本語")[0]
        assert f"- `{name}`: " in readme.split("## 日本語")[1]
    for node, shape in zip(network.input_ids, network.input_shapes, strict=True):
        size = "[N, " + ", ".join(map(str, shape)) + "]"
        kind = "int64 token ids" if node in network.token_vocab else "float32"
        assert f"- `{node}`: {size} {kind}" in readme
    assert "Output: [N, " + ", ".join(map(str, network.output_shape)) + "]" in readme
    feeds = ", ".join(f'"{node}": {node}' for node in network.input_ids)
    assert f"outputs = session.run(None, {{{feeds}}})" in readme
    assert f"`{network.output_ids[0]}`" in readme


def test_a_file_not_written_is_said_in_the_reader_s_language() -> None:
    from netcanvas.events import LogEvent
    from worker.run import announce

    emitted: list[dict[str, Any]] = []
    reason = "no ONNX export runs like PyTorch: TorchScript exporter: cannot export"
    announce([ArtifactInfo("model.onnx", None, reason=reason)], emitted.append)
    (line,) = [LogEvent.model_validate(event) for event in emitted]
    assert line.code == "log.artifact_not_written"
    assert line.message == f"model.onnx was not written: {reason}"
    assert line.localised("ja").message == f"model.onnx は書き出されませんでした: {reason}"


def test_bundle_files_unzip_readable_by_all(tmp_path: Path) -> None:
    """The weights are 0600 on disk (safetensors writes them so) and a README written into a
    zip is 0600 by default: in the bundle every file is a plain file, mode 0644."""
    weights = tmp_path / "model.safetensors"
    save_file({"w": torch.zeros(2)}, str(weights))
    weights.chmod(0o600)
    bundle_path = export.write_bundle([weights], tmp_path / "bundle.zip", {"README.md": "# hi"})
    with zipfile.ZipFile(bundle_path) as bundle:
        modes = {info.filename: oct(info.external_attr >> 16) for info in bundle.infolist()}
        assert bundle.read("model.safetensors") == weights.read_bytes()
        assert bundle.read("README.md") == b"# hi"
    assert modes == {"model.safetensors": "0o100644", "README.md": "0o100644"}
