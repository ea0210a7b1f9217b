"""Feeding a network's Inputs from a dataset's input variables (x, x2, …; several Inputs).

Each `Input` reads the dataset variable its `params.variable` names (`x` by default,
docs/GRAPH_UNITS_AND_NETWORKS.md section 2). `feed` gives the run a dataset whose
`x_train`, `x_val` and `x_test` are what the network takes as one tensor:

- one Input: that Input's variable (x, or x2 when it reads x2), as before;
- several Inputs: the *packed* form `GraphNetwork` accepts in place of one tensor per
  Input: each Input's variable flattened, concatenated in Input order, float32, (N, Σ sizes).

So the training loop, validation, the test evaluation, checkpoints and resuming, which all
pass one tensor per batch, train a network of several Inputs unchanged.
"""

from __future__ import annotations

from dataclasses import replace

import torch

from netcanvas.layers.base import fmt

from .compiler import GraphNetwork
from .datasets.base import Dataset, DatasetError


def variables_of(dataset: Dataset, split: str) -> dict[str, torch.Tensor | None]:
    """Every input variable of one split (`train`, `val`, `test`) by name."""
    x = {"train": dataset.x_train, "val": dataset.x_val, "test": dataset.x_test}[split]
    more = {"train": dataset.more_x_train, "val": dataset.more_x_val,
            "test": dataset.more_x_test}[split]  # fmt: skip
    return {"x": x, **more}


def check_inputs(network: GraphNetwork, dataset: Dataset) -> None:
    """`DatasetError` naming the Input whose variable the dataset lacks or whose shape
    differs from that variable's samples."""
    shapes = dataset.input_shapes
    for node, variable, shape in zip(
        network.input_ids, network.input_variables, network.input_shapes, strict=True
    ):
        if variable not in shapes:
            raise DatasetError.of("dataset.input_missing", node=node, variable=variable,
                                  dataset=dataset.name, variables=", ".join(shapes))  # fmt: skip
        if tuple(shape) != shapes[variable]:
            raise DatasetError.of("dataset.input_shape", dataset=dataset.name,
                                  sample=fmt(shapes[variable]), node=node,
                                  shape=fmt(tuple(shape)))  # fmt: skip


def feed(network: GraphNetwork, dataset: Dataset) -> Dataset:
    """The dataset as the network takes it (see the module's docstring); the dataset itself
    when the network has one Input reading x."""
    check_inputs(network, dataset)
    variables = network.input_variables
    if variables == ["x"]:
        return dataset
    fed: dict[str, torch.Tensor | None] = {}
    for split in ("train", "val", "test"):
        tensors = variables_of(dataset, split)
        parts = [tensors.get(v) for v in variables]
        if any(p is None for p in parts):  # no test split
            fed[split] = None
            continue
        whole = [p for p in parts if p is not None]
        fed[split] = whole[0] if len(whole) == 1 else pack(whole)
    assert fed["train"] is not None and fed["val"] is not None
    return replace(dataset, x_train=fed["train"], x_val=fed["val"], x_test=fed["test"],
                   x_mean=None, x_std=None)  # fmt: skip


def pack(parts: list[torch.Tensor]) -> torch.Tensor:
    """Tensors (N, *shape_i) as one (N, Σ size_i) float32 table, in order."""
    return torch.cat([p.reshape(len(p), -1).float() for p in parts], dim=1)
