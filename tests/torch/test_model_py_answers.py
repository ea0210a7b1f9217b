"""`model.py`, run where NetCanvas cannot be imported, answers what the app's try-it answers
for the same values, for the samples that cover every kind of node (`tests/sample_cover.py`).

Try-it (`worker.predict.predict`) takes values in the dataset's own units and standardises
the inputs training standardised; `model.py` carries those numbers (`STANDARDISATION`,
`standardise`), so `network(standardise(x))` is try-it's answer. Each case is given a
standardisation of every numeric Input (as a tabular set or a series has), random weights,
and only the files a job writes before its exports (no ONNX: `test_export.py` checks that):
one fresh Python process then runs every case's `model.py`.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import save_file

from netcanvas import samples
from netcanvas.graph import load_graph
from tests.sample_cover import COVERING
from worker.compiler import GraphNetwork, compile_graph, example_inputs
from worker.export import random_nodes, write_model_source, write_results
from worker.predict import predict

CLASS_NAMES = ["zero", "one's", 'say "two"']

# `-I -S`: no user site, no .pth files, so the editable install of NetCanvas is not on the
# path; the virtual environment's site-packages (torch, safetensors) is added by hand.
CHILD = """
import importlib.util, json, sys
sys.path.append(sys.argv[1])
try:
    import netcanvas
    raise SystemExit("netcanvas is importable: the check would not be standalone")
except ImportError:
    pass
import torch
from safetensors.torch import load_file

for index, folder in enumerate(sys.argv[2:]):
    spec = importlib.util.spec_from_file_location(f"model{index}", f"{folder}/job1-model.py")
    model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model)
    check = load_file(f"{folder}/check.safetensors")
    variables = json.loads(open(f"{folder}/variables.json").read())
    xs = [check[f"input{i}"] for i in range(len(variables))]
    scaled = getattr(model, "STANDARDISATION", {})
    xs = [model.standardise(x, v) if v in scaled else x for x, v in zip(xs, variables)]
    with torch.no_grad():
        output = model.load()(*xs)
    print(json.dumps({"values": output.tolist(), "standardised": sorted(scaled),
                      "class_names": getattr(model, "CLASS_NAMES", None)}))
"""


def scaling(shape: list[int], generator: torch.Generator) -> dict[str, Any]:
    return {
        "mean": (torch.randn(shape, generator=generator) * 5).tolist(),
        "std": (torch.rand(shape, generator=generator) * 3 + 0.5).tolist(),
    }


def evaluation_for(network: GraphNetwork, task: str) -> dict[str, Any]:
    """What a run on standardised data keeps: every numeric Input's mean and std."""
    generator = torch.Generator().manual_seed(1)
    preprocessing: dict[str, Any] = {"standardised": None, "more_standardised": {}}
    for node, variable, shape in zip(
        network.input_ids, network.input_variables, network.input_shapes, strict=True
    ):
        if node not in network.token_vocab:
            if variable == "x":
                preprocessing["standardised"] = scaling(list(shape), generator)
            else:
                preprocessing["more_standardised"][variable] = scaling(list(shape), generator)
    return {"task": task, "class_names": CLASS_NAMES, "preprocessing": preprocessing}


def case_folder(name: str, root: Path) -> tuple[Path, dict[str, Any], GraphNetwork]:
    """A run folder as a job leaves it, and the raw values (by variable) to try."""
    graph = load_graph(samples.load(name))
    torch.manual_seed(0)
    network = compile_graph(graph).eval()
    folder = root / name
    evaluation = evaluation_for(network, "regression")  # try-it answers the output itself
    write_results(network, graph, folder, evaluation=evaluation, metrics=[])
    write_model_source(network, folder / "job1-model.py", graph.name, evaluation)
    (folder / "model.safetensors").rename(folder / "job1-model.safetensors")
    generator = torch.Generator().manual_seed(2)
    inputs = example_inputs(network, 3, generator=generator)  # token ids where an Input takes them
    raw = [
        x if node in network.token_vocab else x * 10 + 3  # far from standardised
        for node, x in zip(network.input_ids, inputs, strict=True)
    ]
    save_file({f"input{i}": x for i, x in enumerate(raw)}, str(folder / "check.safetensors"))
    (folder / "variables.json").write_text(json.dumps(network.input_variables))
    values = {v: x.tolist() for v, x in zip(network.input_variables, raw, strict=True)}
    return folder, values, network


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, ...]]:
    """Per case: try-it's answer, model.py's, and the network."""
    root = tmp_path_factory.mktemp("model-py-answers")
    cases = {name: case_folder(name, root) for name in COVERING}
    packages = next(path for path in site.getsitepackages() if path.endswith("site-packages"))
    folders = [str(folder) for folder, _, _ in cases.values()]
    command = [sys.executable, "-I", "-S", "-c", CHILD, packages, *folders]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=root)
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    found = {}
    for (name, (folder, values, network)), report in zip(cases.items(), reports, strict=True):
        # the weights were renamed as a browser names them: predict reads model.safetensors
        (folder / "model.safetensors").symlink_to(folder / "job1-model.safetensors")
        asked = values if len(values) > 1 else next(iter(values.values()))
        found[name] = (predict(folder, asked), report, network)
    return found


@pytest.mark.parametrize("name", COVERING)
def test_model_py_answers_what_try_it_answers_for_raw_values(
    name: str, answers: dict[str, tuple[Any, ...]]
) -> None:
    tried, report, network = answers[name]
    numeric = {
        variable
        for node, variable in zip(network.input_ids, network.input_variables, strict=True)
        if node not in network.token_vocab
    }
    assert report["standardised"] == sorted(numeric)  # each one training standardised
    assert report["class_names"] is None  # a regression's model.py names no classes
    values, expected = torch.tensor(report["values"]), torch.tensor(tried["values"])
    assert values.shape == expected.shape == (3, *network.output_shape)
    if not random_nodes(network):  # noise is drawn afresh on each side
        torch.testing.assert_close(values, expected, rtol=1e-5, atol=1e-5)


def test_a_classifier_s_model_py_names_its_classes(tmp_path: Path) -> None:
    graph = load_graph(samples.load("digits_cnn"))
    network = compile_graph(graph).eval()
    write_model_source(network, tmp_path / "model.py", graph.name, {
        "task": "classification", "class_names": CLASS_NAMES,
        "preprocessing": {"standardised": None, "images_scaled_to_0_1": True},
    })  # fmt: skip
    namespace: dict[str, Any] = {"__name__": "generated"}
    exec(compile((tmp_path / "model.py").read_text(), "model.py", "exec"), namespace)
    assert namespace["CLASS_NAMES"] == CLASS_NAMES
    assert "standardise" not in namespace  # images are only scaled to 0..1


def test_the_bundle_readme_names_the_classes_and_the_standardisation() -> None:
    from worker.bundle_readme import bundle_readme

    graph = load_graph(samples.load("logistic_regression"))  # one score: BCEWithLogitsLoss
    network = compile_graph(graph).eval()
    evaluation = evaluation_for(network, "classification")
    readme = bundle_readme(network, graph.name, evaluation, ["model.py"], {})
    assert "a sigmoid gives the probability of 'say \"two\"'" in readme
    assert '(classes: zero, one\'s, say "two"; `CLASS_NAMES` in model.py)' in readme
    assert "- `x`: [N, 30] float32, standardised: `standardise(x, 'x')` in model.py" in readme
    assert "model.onnx" not in readme  # not in the bundle: no ONNX part


def test_one_input_s_model_py_standardises_as_its_docstring_shows(tmp_path: Path) -> None:
    graph = load_graph(samples.load("logistic_regression"))
    network = compile_graph(graph).eval()
    evaluation = evaluation_for(network, "classification")
    write_model_source(network, tmp_path / "model.py", graph.name, evaluation)
    source = (tmp_path / "model.py").read_text()
    assert "    output = network(standardise(x))  # x in the dataset's own units\n" in source
    namespace: dict[str, Any] = {"__name__": "generated"}
    exec(compile(source, "model.py", "exec"), namespace)
    x = torch.randn(2, 30) * 10
    scaling = evaluation["preprocessing"]["standardised"]
    expected = (x - torch.tensor(scaling["mean"])) / torch.tensor(scaling["std"])
    assert torch.equal(namespace["standardise"](x), expected)  # the variable: x, by default
