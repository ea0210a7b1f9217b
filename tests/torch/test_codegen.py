"""`model.py` generation: every layer's module can be written as the call that makes it again,
and the generated file rebuilds the network with the same weights' names and outputs.

Running the generated file in a fresh process, against real weights, is in test_export.py.
"""

from __future__ import annotations

from typing import Any

import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from torch import nn

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.layers import LAYERS, ShapeError
from netcanvas.torch_modules import GRU, Init, construct, recorded_init
from tests.torch.test_layer_contract import STRATEGIES
from worker.codegen import (
    CodegenError,
    class_source,
    custom_classes,
    literal,
    local_names,
    model_source,
    module_expression,
)
from worker.compiler import GraphNetwork, compile_graph, example_inputs


def compile_dict(graph: dict[str, Any]) -> GraphNetwork:
    torch.manual_seed(0)
    return compile_graph(load_graph(graph))


def run_source(source: str) -> dict[str, Any]:
    """Execute generated code as a module that is not `__main__`; its namespace."""
    namespace: dict[str, Any] = {"__name__": "generated_model"}
    exec(compile(source, "model.py", "exec"), namespace)
    return namespace


def rebuild(module: nn.Module) -> nn.Module:
    """Make `module` again from the code codegen writes for it, as model.py would."""
    namespace = run_source(
        "import torch\nfrom torch import nn\n"
        + "\n".join(class_source(cls) for cls in custom_classes([module]))
    )
    rebuilt: nn.Module = eval(module_expression(module), namespace)
    return rebuilt


def public_state(module: nn.Module) -> dict[str, Any]:
    return {key: value for key, value in vars(module).items() if not key.startswith("_")}


# ---------------------------------------------------------------- every layer records its call


def test_construct_records_class_and_arguments() -> None:
    module = construct(nn.Conv2d, 1, 16, (3, 5), stride=2)
    assert isinstance(module, nn.Conv2d) and module.kernel_size == (3, 5)
    assert recorded_init(module) == Init(
        "torch.nn.modules.conv.Conv2d", (1, 16, (3, 5)), {"stride": 2}
    )
    assert module_expression(module) == "nn.Conv2d(1, 16, (3, 5), stride=2)"


def test_module_made_without_construct_cannot_be_written() -> None:
    assert recorded_init(nn.ReLU()) is None
    with pytest.raises(CodegenError, match="construct"):
        module_expression(nn.ReLU())


# units are written as classes of their own (tests/torch/test_units_export.py)
LAYER_TYPES = sorted(set(LAYERS) - {"Input", "Unit", "UnitInput", "UnitOutput"})


def test_every_layer_but_input_is_checked() -> None:
    assert set(LAYER_TYPES) <= set(STRATEGIES), "add a strategy in test_layer_contract.py"


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("layer_type", LAYER_TYPES)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_layer_module_records_its_constructor(layer_type: str, data: st.DataObject) -> None:
    """A layer whose builder forgets `construct` fails here, before model.py breaks."""
    layer = LAYERS[layer_type]
    case = data.draw(STRATEGIES[layer_type], label="case")
    params = layer.params.model_validate(case.params)
    try:
        layer.infer(params, case.shapes)
    except ShapeError:
        assume(False)
    module = layer.build(params, case.shapes)

    init = recorded_init(module)
    assert init is not None, f"{layer_type}'s builder must create its module with construct()"
    rebuilt = rebuild(module)
    assert type(rebuilt).__name__ == type(module).__name__
    assert repr(rebuilt) == repr(module)
    assert public_state(rebuilt) == public_state(module)
    shapes = {key: value.shape for key, value in module.state_dict().items()}
    assert {key: value.shape for key, value in rebuilt.state_dict().items()} == shapes


def test_custom_classes_come_with_their_bases_first() -> None:
    gru = construct(GRU, 3, 4, batch_first=True, return_sequences=False)
    assert [cls.__name__ for cls in custom_classes([gru, gru])] == ["_Sequence", "GRU"]


# ---------------------------------------------------------------- literals and names


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ((3, 5), "(3, 5)"),
        ((7,), "(7,)"),
        ([2, 4], "[2, 4]"),
        ("same", '"same"'),
        ('say "hi"', "'say \"hi\"'"),
        ("back\\slash", "'back\\\\slash'"),
        (None, "None"),
        (True, "True"),
        (1e-05, "1e-05"),
    ],
)
def test_literal_is_python_for_the_value(value: Any, code: str) -> None:
    assert literal(value) == code
    assert eval(code) == value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), object(), {"a": 1}])
def test_literal_refuses_what_it_cannot_write(value: Any) -> None:
    with pytest.raises(CodegenError):
        literal(value)


def test_local_names_are_unique_identifiers_and_plain_ids_keep_theirs() -> None:
    ids = ["conv-1", "conv_1", "class", "1st", "self", "torch", "畳み込み", "output", "x"]
    names = local_names(ids)
    assert names["conv_1"] == "conv_1" and names["x"] == "x"  # plain ids win their own name
    assert names["conv-1"] == "conv_1_2"
    assert names["class"] == "class_" and names["1st"] == "node_1st"
    assert names["self"] != "self" and names["torch"] != "torch" and names["output"] != "output"
    assert len(set(names.values())) == len(ids)
    assert all(name.isidentifier() and name.isascii() for name in names.values())


# ---------------------------------------------------------------- whole files


def test_lenet_source_reads_like_hand_written_pytorch() -> None:
    network = compile_dict(samples.load("lenet"))
    source = model_source(network, "LeNet")
    assert source.startswith('"""PyTorch code for the network "LeNet"')
    assert "import torch\nfrom safetensors.torch import load_file\nfrom torch import nn\n" in source
    assert "self.conv1 = nn.Conv2d(1, 16, 5, stride=1, padding=0" in source
    assert "conv1 = self.conv1(x)  # (B, 16, 24, 24)" in source
    assert "flatten = self.flatten(pool2)  # (B, 512)" in source
    assert "        return fc2\n" in source
    assert "netcanvas" not in source.lower().replace("generated by netcanvas", "")
    assert "class " not in source.replace("class Network(", "")  # no custom module needed
    assert "loss" not in source  # the loss has no state and no part in inference


def test_docstring_says_how_to_import_a_download_named_with_a_hyphen() -> None:
    """The browser saves `job1-model.py`, which `import` cannot name: the docstring's
    `from model import load` comes with how to get there."""
    source = model_source(compile_dict(samples.load("lenet")), "LeNet")
    docstring = source.split('"""')[1]
    assert "from model import load" in docstring
    assert "to import a download named\njob1-model.py, save it as model.py" in docstring
    assert 'load("job1-model.safetensors")' in docstring


@pytest.mark.parametrize("name", samples.names())
def test_sample_source_rebuilds_the_network(name: str) -> None:
    network = compile_dict(samples.load(name)).eval()
    namespace = run_source(model_source(network, name))
    rebuilt = namespace["Network"]()
    assert list(rebuilt.state_dict()) == list(network.state_dict())
    rebuilt.load_state_dict(network.state_dict(), strict=True)
    inputs = example_inputs(network, 3, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        torch.manual_seed(1)  # a random layer (RandomNoise) draws the same noise in both
        expected = network(*inputs)
        torch.manual_seed(1)
        assert torch.equal(rebuilt.eval()(*inputs), expected)


def odd_ids_graph() -> dict[str, Any]:
    """Two inputs and ids that are keywords, not identifiers, or names model.py itself uses."""
    nodes = [
        {"id": "x-in", "type": "Input", "params": {"shape": [3, 8, 8]}},
        {"id": "def", "type": "Input", "params": {"shape": [5]}},
        {"id": "conv-1", "type": "Conv2d", "params": {"out_channels": 4, "padding": 1}},
        {"id": "conv_1", "type": "Conv2d", "params": {"out_channels": 4, "padding": 1}},
        {"id": "class", "type": "Concat", "params": {"dim": 0}},
        {"id": "1st", "type": "BatchNorm2d"},
        {"id": "self", "type": "ReLU"},
        {"id": "torch", "type": "GlobalAvgPool2d"},
        {"id": "emb-1", "type": "Embedding", "params": {"num_embeddings": 11, "embedding_dim": 4}},
        {"id": "network", "type": "Flatten"},
        {"id": "join me", "type": "Concat", "params": {"dim": 0}},
        {"id": "畳み込み", "type": "Linear", "params": {"out_features": 3}},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.5}},
        {"id": "output", "type": "Softmax"},
        {"id": "loss", "type": "CrossEntropyLoss"},
    ]
    pairs = [
        ("x-in", "conv-1", 0),
        ("x-in", "conv_1", 0),
        ("conv-1", "class", 0),
        ("conv_1", "class", 1),
        ("class", "1st", 0),
        ("1st", "self", 0),
        ("self", "torch", 0),
        ("def", "emb-1", 0),
        ("emb-1", "network", 0),
        ("torch", "join me", 0),
        ("network", "join me", 1),
        ("join me", "畳み込み", 0),
        ("畳み込み", "drop", 0),
        ("drop", "output", 0),
        ("output", "loss", 0),
    ]
    edges = [{"source": s, "target": t, "target_port": port} for s, t, port in pairs]
    name = 'Odd "ids" \\ """ graph\n'
    return {"format": "netcanvas/graph@1", "name": name, "nodes": nodes, "edges": edges}


def test_odd_node_ids_give_valid_code_that_runs() -> None:
    network = compile_dict(odd_ids_graph()).eval()
    source = model_source(network, odd_ids_graph()["name"])
    assert 'self.add_module("emb-1", nn.Embedding(11, 4, padding_idx=None))' in source
    assert 'self.add_module(\n            "conv-1",\n            nn.Conv2d(3, 4, 3,' in source
    assert 'conv_1_2 = getattr(self, "conv-1")(x_in)' in source
    assert 'class_ = getattr(self, "class")(conv_1_2, conv_1)' in source
    assert "def forward(self, x_in: torch.Tensor, def_: torch.Tensor)" in source
    namespace = run_source(source)
    rebuilt = namespace["Network"]()
    assert list(rebuilt.state_dict()) == list(network.state_dict())
    rebuilt.load_state_dict(network.state_dict(), strict=True)
    inputs = example_inputs(network, 4, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        probabilities = rebuilt.eval()(*inputs)
        assert torch.equal(probabilities, network(*inputs))
    assert torch.allclose(probabilities.sum(dim=1), torch.ones(4))  # Softmax included
