"""The validation samples behind an evaluation, for the browser to show: `samples.json`.

The evaluation keeps a few hundred validation predictions, spread evenly over
the validation set; this file holds those samples' inputs (images as PNG data
URLs, other inputs as values, in the dataset's own units), so clicking a
confusion-matrix cell can show its samples without decoding the dataset
again. For autoencoders it also holds the reconstructions of a few samples,
next to their inputs.
"""

from __future__ import annotations

from typing import Any

import torch

from .compiler import GraphNetwork
from .datasets.base import Dataset
from .datasets.inspect import is_image, png_data_url, sample_value
from .evaluation import kept_indices

RECONSTRUCTIONS_SHOWN = 16


@torch.no_grad()
def validation_samples(network: GraphNetwork, dataset: Dataset, task: str) -> dict[str, Any]:
    """`{"kind", "samples": [{"index", "image" | "values"}], "reconstructions": [...]}`."""
    keep = kept_indices(len(dataset.x_val))  # the evaluation's predictions, in order
    x = dataset.x_val[keep]  # (N, *sample shape)
    if dataset.x_mean is not None and dataset.x_std is not None:
        x = x * dataset.x_std + dataset.x_mean  # as the values were in the file
    image = is_image(dataset.sample_shape)
    key = "image" if image else "values"
    samples = [
        {"index": i, key: sample_value(sample, image)} for i, sample in zip(keep, x, strict=True)
    ]
    answer: dict[str, Any] = {"kind": key, "samples": samples, "reconstructions": []}
    if task == "autoencoder" and len(x):
        answer["reconstructions"] = _reconstructions(network, dataset, image)
    return answer


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
