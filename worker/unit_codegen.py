"""Units in `model.py`: one class per unit body the network uses, named after the unit.

A unit used with one set of arguments and input shapes is one class (`conv_block` →
`ConvBlock`); used with others too, each further body gets its own class (`ConvBlock2`),
since PyTorch's constructors take the sizes validation inferred. Each class's docstring
names its unit, arguments and input shapes; a single-input class that a use repeats with
shared weights takes `times` (the body run that many times) and separate copies are an
`nn.Sequential` of classes, so the generated `state_dict` keys are the compiled module's.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import Any

from torch import nn

from netcanvas.torch_modules import recorded_init

from .codegen import (
    INDENT,
    MAX_LINE,
    _attribute,
    _call,
    _docstring_text,
    _init_source,
    _shape,
    literal,
    local_names,
    module_expression,
)
from .units import UnitBody

# Names model.py already uses at the top level (classes, functions, imports).
_TAKEN = {"Network", "Path", "argparse", "torch", "nn", "load", "load_file", "weights_paths"}


def unit_bodies(module: nn.Module) -> list[UnitBody]:
    """The bodies a node's module is made of: itself, its copies, or none (a layer)."""
    if isinstance(module, UnitBody):
        return [module]
    if isinstance(module, nn.Sequential) and recorded_init(module) is None and len(module):
        children = list(module.children())
        if all(isinstance(child, UnitBody) for child in children):
            return children  # type: ignore[return-value]
    return []


class UnitClasses:
    """The unit classes of one model.py, inner units first."""

    def __init__(self, modules: Iterable[nn.Module], taken: Iterable[str]) -> None:
        self.names: dict[int, str] = {}  # a body's variant -> its class name
        self.bodies: list[UnitBody] = []
        self.repeated: set[int] = set()  # variants some use runs more than once (shared)
        self.taken = _TAKEN | set(taken)
        for module in modules:
            self._visit(module)

    def _visit(self, module: nn.Module) -> None:
        for body in unit_bodies(module):
            if body.times > 1:
                self.repeated.add(body.variant)
            if body.variant in self.names:
                continue
            for child in body.children():
                self._visit(child)
            self.names[body.variant] = self._name(body.unit)
            self.bodies.append(body)

    def _name(self, unit: str) -> str:
        base = "".join(part[:1].upper() + part[1:] for part in re.split(r"_+", unit)) or "Unit"
        name, count = base, 2
        while name in self.taken:
            name, count = f"{base}{count}", count + 1
        self.taken.add(name)
        return name

    def layer_modules(self, modules: Iterable[nn.Module]) -> list[nn.Module]:
        """The layers' modules, inside units too (their custom classes are copied)."""
        found: list[nn.Module] = []
        for module in modules:
            bodies = unit_bodies(module)
            if not bodies:
                found.append(module)
            for body in bodies:
                found += self.layer_modules(body.children())
        return found

    def expression(self, module: nn.Module, indent: str = "") -> str:
        """The call that makes a node's module: a layer's, a unit class, or its copies."""
        bodies = unit_bodies(module)
        if not bodies:
            return module_expression(module, indent)
        if isinstance(module, UnitBody):
            times = f"times={module.times}" if module.times > 1 else ""
            return f"{self.names[module.variant]}({times})"
        calls = [self.expression(body) for body in bodies]
        return _call("nn.Sequential", calls, indent)

    def sources(self) -> list[str]:
        return [self._source(body) for body in self.bodies]

    def _source(self, body: UnitBody) -> str:
        modules = dict(body.named_children())
        names = local_names([*body.input_ids, *(node for node, _ in body.steps)])
        # shared weights: the body run `times` times (a body every use runs once reads plainly)
        once = len(body.input_ids) == 1 and body.variant in self.repeated
        init = _init_source(modules, self.expression).split("\n")
        if once:  # shared weights: the body run `times` times
            init[0] = f"{INDENT}def __init__(self, times: int = 1) -> None:"
            init.insert(2, f"{INDENT * 2}self._times = times")
        lines = [
            f"class {self.names[body.variant]}(nn.Module):",
            *_docstring(body),
            "",
            *init,
            "",
            *self._forward(body, names, once),
        ]
        return "\n".join(lines)

    def _forward(self, body: UnitBody, names: dict[str, str], once: bool) -> list[str]:
        inputs = ", ".join(f"{names[node]}: torch.Tensor" for node in body.input_ids)
        lines = [f"{INDENT}def forward(self, {inputs}) -> torch.Tensor:"]
        indent = INDENT * (3 if once else 2)
        if once:
            lines.append(f"{INDENT * 2}for _ in range(self._times):")
        for node, sources in body.steps:
            call = f"{_attribute(node)}({', '.join(names[source] for source in sources)})"
            comment = f"  # {_shape(body.shapes[node])}" if node in body.shapes else ""
            lines.append(f"{indent}{names[node]} = {call}{comment}")
        result = names[body.output_id]
        if once:
            (only,) = body.input_ids
            if body.output_id != only:
                lines.append(f"{indent}{names[only]} = {result}")
            result = names[only]
        lines.append(f"{INDENT * 2}return {result}")
        return lines


def _docstring(body: UnitBody) -> list[str]:
    """The class's docstring: the unit, its arguments and input shapes; its description below."""
    if not body.description.strip():
        return [f'{INDENT}"""{_doc(body)}"""']
    text = _docstring_text(" ".join(body.description.split()))
    wrapped = textwrap.wrap(text, width=MAX_LINE - len(INDENT), break_on_hyphens=False)
    return [f'{INDENT}"""{_doc(body)}', "", *(INDENT + line for line in wrapped), f'{INDENT}"""']


def _doc(body: UnitBody) -> str:
    shapes = ", ".join(_shape(body.shapes[node]) for node in body.input_ids)
    args = ", ".join(f"{key}={_value(value)}" for key, value in body.args.items())
    text = f"Unit {body.unit}" + (f" ({args})" if args else "") + f"; input {shapes or '-'}."
    return _docstring_text(text)


def _value(value: Any) -> str:
    try:
        return literal(value)
    except ValueError:
        return repr(value)
