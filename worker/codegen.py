"""Write a compiled network as standalone PyTorch code: the `model.py` artifact.

The generated file needs torch and safetensors only. It holds the custom
module classes the network uses (copied from `netcanvas.torch_modules`), a
`Network` class whose `__init__` makes each node's module with the arguments
its builder passed (recorded by `netcanvas.torch_modules.construct`) under the
node's id, so its `state_dict` keys are `GraphNetwork`'s, and whose `forward`
is one line per node with the node's output shape. A `load` helper reads
the weights; run as a script (`--weights PATH` optional), the file runs a
random batch.

The file is downloaded under other names than `model.py` (the browser saves
`job1-model.py` beside `job1-model.safetensors`), so `load()` looks beside the
file for the weights with its own name first (`job1-model.safetensors`), then
for `model.safetensors` (as in `bundle.zip`), and names every path it tried
when neither is there.

Node ids that are not plain Python identifiers (`conv-1`, `class`) are
registered with `add_module` and read with `getattr`; local variables get
sanitised, unique names.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import keyword
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

import torch
from torch import nn

from netcanvas import torch_augment, torch_modules
from netcanvas.artifacts import WEIGHTS
from netcanvas.torch_modules import recorded_init

from .compiler import OUTPUTS, GraphNetwork, Step, example_inputs
from .data_codegen import data_source
from .generate_codegen import generate_source, generator_steps, phases_doc
from .heads_codegen import heads_source

WEIGHTS_FILE = WEIGHTS
# Modules whose classes are copied into model.py (they use torch and nn only).
OWN_MODULES = (torch_modules.__name__, torch_augment.__name__)
MAX_LINE = 100
INDENT = " " * 4

# Names the generated `forward` and `__main__` block use: a variable must not hide them.
_RESERVED_LOCALS = frozenset(
    {"self", "torch", "nn", "getattr", "load", "network", "output", "print", "tuple"}
    | {"argparse", "parser", "Path", "str"}
    | {"count", "seed", "generator", "device", "next", "was_training"}  # generate()
)
# Methods of the generated Network: a node of that id is put in and read from
# `self._modules`, since `self.heads` would find the method, not the module.
_METHODS = frozenset({"heads", "generate", "generate_from"})


class CodegenError(ValueError):
    """A module cannot be written as code (made without `construct`, or an odd argument)."""


def model_source(
    network: GraphNetwork, graph_name: str, evaluation: Mapping[str, Any] | None = None
) -> str:
    """The text of `model.py` for `network`, which was compiled from the graph `graph_name`;
    with the run's `evaluation`, its class names and the standardisation training applied
    (`data_codegen.py`)."""
    plan = network._plans[OUTPUTS]  # every head's path (with one head: the output's)
    used = {network.shared.get(node, node) for node, _ in plan}  # shared uses: their name
    generator = generator_steps(network)  # a generative network's way from noise to images
    # Modules outside the inference path (the loss) only matter if they hold state.
    modules = {
        node: module
        for node, module in network.named_children()
        if node in used or module.state_dict()
    }
    ids = [*network.input_ids, *(node for node, _ in plan), *(generator.ids if generator else [])]
    names = local_names(list(dict.fromkeys(ids)))
    shapes = {**network.node_shapes, **traced_shapes(network)}  # a shared use: validation's
    from .unit_codegen import UnitClasses  # it builds on this module

    units = UnitClasses(modules.values(), ())
    classes = custom_classes(units.layer_modules(modules.values()))
    units = UnitClasses(modules.values(), (cls.__name__ for cls in classes))
    data = data_source(network, evaluation)
    standardised = data is not None and "def standardise(" in data
    parts = [
        _header(network, graph_name, names, generator is not None, standardised),
        _IMPORTS,
        *(class_source(cls) for cls in classes),
        *units.sources(),
        _network_source(network, modules, names, shapes, units.expression, generator),
        *([data] if data else []),
        _LOAD_SOURCE,
        _main_source(network, names, generator is not None),
    ]
    header, *rest = (part.rstrip("\n") for part in parts)
    return header + "\n\n" + "\n\n\n".join(rest) + "\n"


# ---------------------------------------------------------------- names


def local_names(ids: Sequence[str]) -> dict[str, str]:
    """A valid, unique Python variable name per node id; ids that already are one keep it."""
    names: dict[str, str] = {}
    taken = set(_RESERVED_LOCALS)
    # Ids that are usable names claim them first (`sorted` is stable): `conv_1` stays
    # `conv_1`, and `conv-1` becomes `conv_1_2`.
    for node in sorted(ids, key=lambda node: not _keeps_name(node)):
        base = node if _keeps_name(node) else _sanitise(node)
        name, count = base, 2
        while name in taken:
            name, count = f"{base}_{count}", count + 1
        taken.add(name)
        names[node] = name
    return names


def _keeps_name(node: str) -> bool:
    return _is_plain_name(node) and node not in _RESERVED_LOCALS


def _is_plain_name(text: str) -> bool:
    return text.isascii() and text.isidentifier() and not keyword.iskeyword(text)


def _sanitise(node: str) -> str:
    base = re.sub(r"\W+", "_", node, flags=re.ASCII).strip("_") or "node"
    if base[0].isdigit():
        base = "node_" + base
    if keyword.iskeyword(base) or base in _RESERVED_LOCALS:
        base += "_"
    return base


def _attribute(node: str) -> str:
    """How `forward` reads a node's module."""
    if _is_plain_name(node) and node not in _METHODS:
        return f"self.{node}"
    if node in _METHODS:
        return f"self._modules[{literal(node)}]"
    return f"getattr(self, {literal(node)})"


def module_path(path: Sequence[str]) -> str:
    """How generated code reads a module inside uses: `self.z.fc` (`path` from the network)."""
    expression = _attribute(path[0])
    for part in path[1:]:
        plain = _is_plain_name(part)
        expression = f"{expression}.{part}" if plain else f"getattr({expression}, {literal(part)})"
    return expression


def step_lines(
    network: GraphNetwork,
    steps: Iterable[Step],
    names: dict[str, str],
    shapes: dict[str, tuple[int, ...]],
    indent: str,
) -> list[str]:
    """One line per step: `conv1 = self.conv1(x)  # (B, 16, 24, 24)`. A node of no inputs
    (RandomNoise) is given the first Input as its batch reference; a use of shared parameters
    calls them by their name (`self.D(x)`)."""
    lines = []
    for node, sources in steps:
        sources = sources or tuple(network.input_ids[:1])  # RandomNoise: the batch's size
        module = _attribute(network.shared.get(node, node))  # shared parameters: their name
        call = f"{module}({', '.join(names[source] for source in sources)})"
        comment = f"  # {_shape(shapes[node])}" if node in shapes else ""
        lines.append(f"{indent}{names[node]} = {call}{comment}")
    return lines


# ---------------------------------------------------------------- values and calls


def literal(value: Any) -> str:
    """Python source for a constructor argument; only plain literals are allowed."""
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CodegenError(f"cannot write the number {value} as code")
        return repr(value)
    if isinstance(value, str):
        text = repr(value)
        plain = '"' not in value and "\\" not in text
        return f'"{text[1:-1]}"' if plain and text[0] == "'" else text
    if isinstance(value, tuple | list):
        items = ", ".join(literal(item) for item in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items},)" if len(value) == 1 else f"({items})"
    raise CodegenError(f"cannot write a {type(value).__name__} as code: {value!r}")


def module_class(module: nn.Module) -> type[nn.Module]:
    """The class `construct` recorded for `module` (checked against the module's own)."""
    init = recorded_init(module)
    if init is None:
        raise CodegenError(
            f"{type(module).__name__} was not made with netcanvas.torch_modules.construct, "
            "so its constructor arguments are unknown"
        )
    module_name, _, class_name = init.qualname.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name, None)
    if cls is not type(module):
        raise CodegenError(f"{init.qualname} does not name the class of {module!r}")
    return cls


def class_reference(cls: type[nn.Module]) -> str:
    """How the generated file names a class: `nn.Conv2d` or a copied class's own name."""
    if getattr(nn, cls.__name__, None) is cls:
        return f"nn.{cls.__name__}"
    if cls.__module__ in OWN_MODULES:
        return cls.__name__
    raise CodegenError(f"{cls.__module__}.{cls.__qualname__} is neither in torch.nn nor ours")


def module_expression(module: nn.Module, indent: str = "") -> str:
    """The call that makes `module` again: `nn.Conv2d(1, 16, 5, stride=1, ...)`."""
    cls = module_class(module)
    init = recorded_init(module)
    assert init is not None  # module_class checked it
    arguments = [literal(arg) for arg in init.args]
    arguments += [f"{key}={literal(value)}" for key, value in init.kwargs.items()]
    return _call(class_reference(cls), arguments, indent)


def custom_classes(modules: Iterable[nn.Module]) -> list[type]:
    """Our classes the modules need, bases before subclasses, each once."""
    classes: list[type] = []
    for module in modules:
        for cls in reversed(module_class(module).__mro__):
            if cls.__module__ in OWN_MODULES and cls not in classes:
                classes.append(cls)
    return classes


def class_source(cls: type) -> str:
    """A class's source as written in `netcanvas.torch_modules`, without mypy's comments."""
    return re.sub(r"\s*# type: ignore\[[^\]]*\]", "", inspect.getsource(cls))


# ---------------------------------------------------------------- shapes


def traced_shapes(network: GraphNetwork) -> dict[str, tuple[int, ...]]:
    """Every node's output shape without the batch axis, from one sample run in eval mode."""
    shapes: dict[str, tuple[int, ...]] = {}

    def record(node: str) -> Any:
        def hook(module: nn.Module, args: Any, output: Any) -> None:
            if isinstance(output, torch.Tensor):
                shapes[node] = tuple(output.shape[1:])

        return hook

    handles = [
        module.register_forward_hook(record(node)) for node, module in network.named_children()
    ]
    tensors = itertools.chain(network.parameters(), network.buffers())
    device = next(tensors, torch.empty(0)).device
    inputs = example_inputs(network, 1, generator=torch.Generator().manual_seed(0))
    was_training = network.training
    try:
        with torch.no_grad():
            network.eval().heads(*(x.to(device) for x in inputs))  # every head: forward and heads()
    finally:
        network.train(was_training)
        for handle in handles:
            handle.remove()
    return shapes


def _shape(shape: Sequence[int]) -> str:
    return "(" + ", ".join(["B", *map(str, shape)]) + ")"


# ---------------------------------------------------------------- the parts of the file


def _header(
    network: GraphNetwork,
    graph_name: str,
    names: dict[str, str],
    generates: bool = False,
    standardised: bool = False,
) -> str:
    """The module docstring; a generative network's shows `generate()` first, since
    `network(x)` is then the discriminator's (or the reconstruction's) output."""
    title = _docstring_text(graph_name or "Untitled")
    call = ", ".join(names[node] for node in network.input_ids)
    usage = (
        f"""    images = network.generate(16, seed=0)  # 16 new images from fresh noise
    output = network({call})  # what the network gives for inputs (a GAN: the discriminator's)"""
        if generates
        else f"    output = network({call})"
    )
    if standardised and len(network.input_ids) == 1 and not generates:
        usage = f"    output = network(standardise({call}))  # {call} in the dataset's own units"
    elif standardised:
        usage += "  # standardise() the inputs training standardised"
    tried = "on a random batch and draw a few images" if generates else "on a random batch"
    return f'''"""PyTorch code for the network "{title}", generated by NetCanvas.

Rebuilds the network and loads its trained weights; needs torch and
safetensors only:

    from model import load
    network = load()  # or load("path/to/weights.safetensors")
{usage}

By default the weights are the .safetensors file beside this one with the
same name (job1-model.py: job1-model.safetensors), else {WEIGHTS_FILE}.
Python imports no module whose name has a "-": to import a download named
job1-model.py, save it as model.py and name its weights,
load("job1-model.safetensors"), or save those as {WEIGHTS_FILE} too.
Run it as a script to try it {tried}:

    python model.py [--weights PATH]
"""'''


def _docstring_text(text: str) -> str:
    """User text made safe inside a triple-quoted docstring, on one line."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _network_source(
    network: GraphNetwork,
    modules: dict[str, nn.Module],
    names: dict[str, str],
    shapes: dict[str, tuple[int, ...]],
    expression: Callable[[nn.Module, str], str] = module_expression,
    generator: Any = None,
) -> str:
    """`class Network`; `generator` (`generate_codegen.GeneratorSteps`) adds `generate()`."""
    doc = "One submodule per node of the graph, registered under the node's id."
    phases = phases_doc(network, modules, expression)
    docstring = [f'{INDENT}"""{doc}"""'] if not phases else [f'{INDENT}"""{doc}', *phases]
    lines = partial(step_lines, network, names=names, shapes=shapes)
    return "\n".join(
        [
            "class Network(nn.Module):",
            *docstring,
            "",
            _init_source(modules, expression),
            "",
            _forward_source(network, names, shapes),
            *heads_source(network, names, lines),
            *(generate_source(network, generator, names, lines) if generator else []),
        ]
    )


def _init_source(
    modules: dict[str, nn.Module],
    expression: Callable[[nn.Module, str], str] = module_expression,
) -> str:
    body = INDENT * 2  # inside the class and the method
    lines = [f"{INDENT}def __init__(self) -> None:", f"{body}super().__init__()"]
    for node, module in modules.items():
        if _is_plain_name(node) and node not in _METHODS:
            lines.append(f"{body}self.{node} = {expression(module, body)}")
            continue
        if node in _METHODS:  # add_module refuses a name the class has
            lines.append(f"{body}self._modules[{literal(node)}] = {expression(module, body)}")
            continue
        line = f"self.add_module({literal(node)}, {expression(module, '')})"
        if len(body + line) > MAX_LINE:
            inner = expression(module, body + INDENT)
            line = _call("self.add_module", [literal(node), inner], body)
        lines.append(body + line)
    return "\n".join(lines)


def _forward_source(
    network: GraphNetwork, names: dict[str, str], shapes: dict[str, tuple[int, ...]]
) -> str:
    body = INDENT * 2
    parameters = ", ".join(f"{names[node]}: torch.Tensor" for node in network.input_ids)
    lines = [
        f"{INDENT}def forward(self, {parameters}) -> torch.Tensor:",
        f'{body}"""The inference output for a batch of B samples.',
        "",
    ]
    for node, shape in zip(network.input_ids, network.input_shapes, strict=True):
        lines.append(f"{body}{names[node]}: {_shape(shape)} {_input_kind(network, node)}")
    lines += [f"{body}returns: {_shape(network.output_shape)}", f'{body}"""']
    lines += step_lines(network, network._plans[network.output_id], names, shapes, body)
    lines.append(f"{body}return {names[network.output_id]}")
    return "\n".join(lines)


def _input_kind(network: GraphNetwork, node: str) -> str:
    if node in network.token_vocab:
        return f"token ids (int64), each below {network.token_vocab[node]}"
    return "float32"


_IMPORTS = """import argparse
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn"""

_LOAD_SOURCE = f'''def weights_paths() -> list[Path]:
    """Where load() looks: beside this file, under its own name, then as {WEIGHTS_FILE}."""
    here = Path(__file__).absolute()
    names = dict.fromkeys([here.stem + ".safetensors", "{WEIGHTS_FILE}"])
    return [here.with_name(name) for name in names]


def load(path: str | Path | None = None) -> Network:
    """The network with its trained weights, from `path` or found beside this file, in eval mode."""
    tried = [Path(path)] if path is not None else weights_paths()
    for candidate in tried:
        if candidate.is_file():
            network = Network()
            network.load_state_dict(load_file(str(candidate)), strict=True)
            return network.eval()
    raise FileNotFoundError("no weights found; tried: " + ", ".join(map(str, tried)))'''


def _main_source(network: GraphNetwork, names: dict[str, str], generates: bool = False) -> str:
    what = "Run the network on a random batch" + (" and draw images." if generates else ".")
    lines = [
        'if __name__ == "__main__":',
        f"    parser = argparse.ArgumentParser(description={what!r})",
        '    parser.add_argument("--weights", help="the weights (default: beside this file)")',
        "    try:",
        "        network = load(parser.parse_args().weights)",
        "    except FileNotFoundError as error:",
        "        parser.error(str(error))",
    ]
    for node, shape in zip(network.input_ids, network.input_shapes, strict=True):
        size = literal((2, *shape))
        if node in network.token_vocab:
            value = f"torch.randint(0, {network.token_vocab[node]}, {size})"
        else:
            value = f"torch.randn{size}"
        lines.append(f"    {names[node]} = {value}")
    call = ", ".join(names[node] for node in network.input_ids)
    lines += [
        "    with torch.no_grad():",
        f"        output = network({call})",
        '    print("output shape:", tuple(output.shape))',
    ]
    if generates:
        lines += [
            "    images = network.generate(4, seed=0)  # 4 new images (a seed: the same each run)",
            '    print("generated images:", tuple(images.shape))',
        ]
    return "\n".join(lines)


def _call(head: str, arguments: Sequence[str], indent: str) -> str:
    """`head(arguments)` on one line if it fits at `indent`, else one argument per line."""
    line = f"{head}({', '.join(arguments)})"
    if len(indent + line) <= MAX_LINE and "\n" not in line:
        return line
    body = "".join(f"{indent}{INDENT}{argument},\n" for argument in arguments)
    return f"{head}(\n{body}{indent})"
