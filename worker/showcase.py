"""The validation samples behind an evaluation, for the browser to show: `samples.json`.

The file holds the inputs (images as PNG data URLs, other inputs as values, in the
dataset's own units) of the predictions the evaluation lists, spread evenly over the
validation set, and of the first `THUMBNAILS_PER_CELL` samples of each confusion-matrix
cell (fewer when there are many cells: `per_cell` says how many each kept), so that a
cell with few samples shows every one of them and a larger one shows that many without
decoding the dataset again (its whole list is paged from `predictions.npz`). A
classification's samples carry their true and predicted class, so the browser can tell
which cell each belongs to. For autoencoders it also holds the
reconstructions of a few samples, next to their inputs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from .compiler import GraphNetwork
from .datasets.base import Dataset
from .datasets.inspect import is_image, png_data_url, sample_value
from .evaluation import kept_indices
from .predictions import Arrays

RECONSTRUCTIONS_SHOWN = 16
THUMBNAILS_PER_CELL = 12
THUMBNAILS_MAX = 1_200  # beyond the evaluation's list: many classes get fewer per cell


@torch.no_grad()
def validation_samples(
    network: GraphNetwork, dataset: Dataset, task: str, table: Arrays | None = None
) -> dict[str, Any]:
    """`{"kind", "samples": [{"index", "image" | "values", "label"?, "predicted"?}],
    "reconstructions": [...], "per_cell"?}`; `table` holds every prediction of the
    validation set (`worker/predictions.py`)."""
    keep = kept_indices(len(dataset.x_val))  # the evaluation's predictions, in order
    classes = _classes(table) if table is not None and len(dataset.x_val) else None
    per_cell = None
    if classes is not None:
        picks, per_cell = cell_picks(classes[0], classes[1])
        keep = sorted(set(keep) | set(picks))
    x = dataset.x_val[keep]  # (N, *sample shape)
    if dataset.x_mean is not None and dataset.x_std is not None:
        x = x * dataset.x_std + dataset.x_mean  # as the values were in the file
    image = is_image(dataset.sample_shape)
    key = "image" if image else "values"
    samples = [
        {"index": i, key: sample_value(sample, image)} for i, sample in zip(keep, x, strict=True)
    ]
    answer: dict[str, Any] = {"kind": key, "samples": samples, "reconstructions": []}
    if classes is not None:
        _label(samples, classes)
        answer["per_cell"] = per_cell
    if task == "autoencoder" and len(x) and len(network.input_ids) == 1:
        answer["reconstructions"] = _reconstructions(network, dataset, image)
    return answer


Classes = tuple[dict[int, int], dict[int, int], list[str]]


def _classes(table: Arrays) -> Classes | None:
    """A classification table as {index: true class}, {index: predicted class}, names."""
    if str(table["task"]) != "classification":
        return None
    indices = table["index"].tolist()
    label = dict(zip(indices, table["label"].tolist(), strict=True))
    predicted = dict(zip(indices, table["predicted"].tolist(), strict=True))
    return label, predicted, [str(n) for n in np.asarray(table["class_names"]).tolist()]


def cell_picks(label: dict[int, int], predicted: dict[int, int]) -> tuple[list[int], int]:
    """The first samples of each confusion cell, by index: all of a cell's up to
    `THUMBNAILS_PER_CELL` (fewer each when there are very many cells), at most
    `THUMBNAILS_MAX` in all; and how many first ones every cell is sure to have kept, which
    is what the page says (0 when there are more cells than `THUMBNAILS_MAX`, and some keep
    none)."""
    cells = {(label[i], predicted[i]) for i in label}
    per_cell = max(1, min(THUMBNAILS_PER_CELL, THUMBNAILS_MAX // max(len(cells), 1)))
    taken: dict[tuple[int, int], int] = {}
    picks = []
    for i in sorted(label):
        cell = (label[i], predicted[i])
        if taken.get(cell, 0) < per_cell:
            taken[cell] = taken.get(cell, 0) + 1
            picks.append(i)
    if len(picks) > THUMBNAILS_MAX:
        return picks[:THUMBNAILS_MAX], 0
    return picks, per_cell


def _label(samples: list[dict[str, Any]], classes: Classes) -> None:
    label, predicted, names = classes

    def name(k: int) -> str:
        return names[k] if 0 <= k < len(names) else str(k)

    for sample in samples:
        i = sample["index"]
        if i in label:
            sample["label"], sample["predicted"] = name(label[i]), name(predicted[i])


def _reconstructions(network: GraphNetwork, dataset: Dataset, image: bool) -> list[dict[str, Any]]:
    device = next((p.device for p in network.parameters()), torch.device("cpu"))
    was_training = network.training
    network.eval()
    keep = kept_indices(len(dataset.x_val), RECONSTRUCTIONS_SHOWN)
    x = dataset.x_val[keep]
    output = network(x.to(device)).float().cpu()  # (n, *sample shape)
    network.train(was_training)
    if dataset.x_mean is not None and dataset.x_std is not None:
        output = output * dataset.x_std + dataset.x_mean
    rows = []
    for i, sample in zip(keep, output, strict=True):
        shown = png_data_url(sample.clamp(0, 1)) if image else sample_value(sample, image=False)
        rows.append({"index": i, "image" if image else "values": shown})
    return rows
