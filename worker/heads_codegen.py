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
    network: GraphNetwork, names: dict[str, str], lines: Callable[..., list[str]]
) -> list[str]:
    """The lines of `def heads(...)` (with a blank line before), or none for one head;
    `lines(steps, indent=...)` writes the steps (`codegen.step_lines`)."""
    if len(network.output_ids) < 2:
        return []
    from .codegen import literal  # codegen imports this module

    body = INDENT * 2
    parameters = ", ".join(f"{names[node]}: torch.Tensor" for node in network.input_ids)
    pairs = ", ".join(f"{literal(node)}: {names[node]}" for node in network.output_ids)
    return [
        "",
        f"{INDENT}def heads(self, {parameters}) -> dict[str, torch.Tensor]:",
        f'{body}"""Every head\'s output by node id, the primary (what forward returns) first."""',
        *lines(network._plans[OUTPUTS], indent=body),
        f"{body}return {{{pairs}}}",
    ]
