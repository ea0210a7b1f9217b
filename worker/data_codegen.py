"""What `model.py` says about the data its network learnt from, read from `evaluation.json`:
the standardisation training applied and the class names.

A network trained on standardised features (the tabular sets, the series) sees
`(x - mean) / std` with the training split's statistics. The app's try-it and its
inference over a dataset take values in the dataset's own units and standardise them
first (`worker/predict.py`); without the same numbers `model.py` would give another answer
for the same values. So it holds them, and a `standardise` function:
`network(standardise(x))` is what try-it computes for `x`. A classifier's `model.py` also
names its classes in the order of the output's scores.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from typing import Any

from .compiler import GraphNetwork

MAX_LINE = 100


def standardised_inputs(evaluation: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    """The mean and std of each input variable that training standardised (`x`, `x2`, ...)."""
    preprocessing = (evaluation or {}).get("preprocessing") or {}
    scalings: dict[str, Mapping[str, Any]] = {}
    if _usable(preprocessing.get("standardised")):
        scalings["x"] = preprocessing["standardised"]
    for variable, scaling in (preprocessing.get("more_standardised") or {}).items():
        if _usable(scaling):
            scalings[variable] = scaling
    return scalings


def data_source(network: GraphNetwork, evaluation: Mapping[str, Any] | None) -> str | None:
    """`CLASS_NAMES` for a classifier and `STANDARDISATION` with `standardise()` for a network
    trained on standardised inputs; None when there is neither."""
    parts = []
    names = (evaluation or {}).get("class_names")
    if (evaluation or {}).get("task") == "classification" and names:
        parts.append(_class_names(network, [str(name) for name in names]))
    scalings = {
        variable: scaling
        for variable, scaling in standardised_inputs(evaluation).items()
        if variable in network.input_variables
    }
    if scalings:
        parts.append(_standardisation(network, scalings))
    return "\n\n\n".join(parts) or None


def _usable(scaling: Any) -> bool:
    """A mean and a std of numbers (a value JSON could not hold was written as null)."""
    if not isinstance(scaling, Mapping):
        return False
    text = json.dumps([scaling.get("mean"), scaling.get("std")])
    return "null" not in text and isinstance(scaling.get("mean"), list)


def _class_names(network: GraphNetwork, names: list[str]) -> str:
    binary = tuple(network.output_shape) == (1,)
    how = (
        "the output is one score: above 0 (a probability above 0.5 after a sigmoid) means "
        f"{names[-1]!r}"
        if binary
        else "the output's scores are in this order (argmax: the predicted class)"
    )
    one_line = f"CLASS_NAMES = {names!r}"
    listed = one_line if len(one_line) <= MAX_LINE else _one_per_line("CLASS_NAMES", names)
    return _comment(f"The classes, as the app names them; {how}.") + "\n" + listed


def _standardisation(network: GraphNetwork, scalings: Mapping[str, Mapping[str, Any]]) -> str:
    only = len(network.input_ids) == 1  # then `variable` defaults to the one it reads
    lines = [
        _comment(
            "Training standardised these inputs as (x - mean) / std with the training data's "
            "statistics (evaluation.json, preprocessing); the app's try-it does the same to the "
            "values it is given. So network(standardise(x)) answers what try-it answers for x, "
            "x in the dataset's own units."
        ),
        "STANDARDISATION = {",
    ]
    for variable, scaling in scalings.items():
        lines.append(f"    {json.dumps(variable)}: {{")
        for key in ("mean", "std"):
            values = json.dumps(scaling[key])
            wrapped = textwrap.wrap(values, MAX_LINE - 12, break_on_hyphens=False)
            if len(wrapped) == 1:
                lines.append(f'        "{key}": {values},')
            else:
                lines.append(f'        "{key}": {wrapped[0]}')
                lines += [f"            {line}" for line in wrapped[1:-1]]
                lines.append(f"            {wrapped[-1]},")
        lines.append("    },")
    lines.append("}")
    default = f" = {json.dumps(network.input_variables[0])}" if only else ""
    lines += [
        "",
        "",
        f"def standardise(x: torch.Tensor, variable: str{default}) -> torch.Tensor:",
        '    """`x` as training fed it to the Input that reads `variable` (x, x2, ...)."""',
        "    scaling = STANDARDISATION[variable]",
        '    mean = torch.tensor(scaling["mean"], dtype=torch.float32)',
        '    std = torch.tensor(scaling["std"], dtype=torch.float32)',
        "    return (x.float() - mean) / std",
    ]
    return "\n".join(lines)


def _one_per_line(name: str, values: list[str]) -> str:
    return f"{name} = [\n" + "".join(f"    {value!r},\n" for value in values) + "]"


def _comment(text: str) -> str:
    return "\n".join(f"# {line}" for line in textwrap.wrap(text, MAX_LINE - 2))
