"""The validation samples behind an evaluation, for the browser to show: `samples.json`.

The evaluation keeps the first few hundred validation predictions; this file
holds those samples' inputs (images as PNG data URLs, other inputs as values,
in the dataset's own units), so clicking a confusion-matrix cell can show its
samples without decoding the dataset again. For autoencoders it also holds
the reconstructions of the first samples, next to their inputs.
"""

from __future__ import annotations

from typing import Any

import torch

from .compiler import GraphNetwork
from .datasets.base import Dataset
from .datasets.inspect import is_image, png_data_url, sample_value
from .evaluation import PREDICTIONS_KEPT

RECONSTRUCTIONS_SHOWN = 16


@torch.no_grad()
def validation_samples(network: GraphNetwork, dataset: Dataset, task: str) -> dict[str, Any]:
    """`{"kind", "samples": [{"index", "image" | "values"}], "reconstructions": [...]}`."""
    x = dataset.x_val[:PREDICTIONS_KEPT]  # (N, *sample shape)
    if dataset.x_mean is not None and dataset.x_std is not None:
        x = x * dataset.x_std + dataset.x_mean  # as the values were in the file
    image = is_image(dataset.sample_shape)
    key = "image" if image else "values"
    samples = [{"index": i, key: sample_value(sample, image)} for i, sample in enumerate(x)]
    answer: dict[str, Any] = {"kind": key, "samples": samples, "reconstructions": []}
    if task == "autoencoder" and len(x):
        answer["reconstructions"] = _reconstructions(network, dataset, image)
    return answer


def _reconstructions(network: GraphNetwork, dataset: Dataset, image: bool) -> list[dict[str, Any]]:
    device = next((p.device for p in network.parameters()), torch.device("cpu"))
    was_training = network.training
    network.eval()
    x = dataset.x_val[:RECONSTRUCTIONS_SHOWN]
    output = network(x.to(device)).float().cpu()  # (n, *sample shape)
    network.train(was_training)
    if dataset.x_mean is not None and dataset.x_std is not None:
        output = output * dataset.x_std + dataset.x_mean
    rows = []
    for i, sample in enumerate(output):
        shown = png_data_url(sample.clamp(0, 1)) if image else sample_value(sample, image=False)
        rows.append({"index": i, "image" if image else "values": shown})
    return rows
