"""model.py's `heads()` method for a network with several heads (issue 15, `worker/codegen.py`).

`forward` returns the primary head, as for any network; `heads()` returns every head by its
node id, the primary first, from one pass, so the exported code says what ONNX's outputs
are. A network with one head gets no such method.
"""

from __future__ import annotations

from collections.abc import Callable

from .compiler import OUTPUTS, GraphNetwork

INDENT = "    "


def heads_source(
    network: GraphNetwork,
    names: dict[str, str],
    shapes: dict[str, tuple[int, ...]],
    attribute: Callable[[str], str],
    shape_text: Callable[[tuple[int, ...]], str],
) -> list[str]:
    """The lines of `def heads(...)` (with a blank line before), or none for one head."""
    if len(network.output_ids) < 2:
        return []
    body = INDENT * 2
    parameters = ", ".join(f"{names[node]}: torch.Tensor" for node in network.input_ids)
    lines = [
        "",
        f"{INDENT}def heads(self, {parameters}) -> dict[str, torch.Tensor]:",
        f'{body}"""Every head\'s output by node id, the primary (what forward returns) first."""',
    ]
    for node, sources in network._plans[OUTPUTS]:
        call = f"{attribute(node)}({', '.join(names[source] for source in sources)})"
        comment = f"  # {shape_text(shapes[node])}" if node in shapes else ""
        lines.append(f"{body}{names[node]} = {call}{comment}")
    pairs = ", ".join(f"{node!r}: {names[node]}" for node in network.output_ids)
    lines.append(f"{body}return {{{pairs}}}")
    return lines
