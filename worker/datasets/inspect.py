"""`python -m worker.datasets.inspect REF`: decode a dataset and print what it holds, as JSON.

The API never imports torch, so it checks an upload and previews any dataset
by running this module in a subprocess. It prints one JSON object on stdout:
`{"info": ..., "preview": ...}` with exit status 0, or `{"error": message,
"problems": [...]}` (each names the file or CSV row at fault) with exit status 1.
`info["warnings"]` lists what is odd but usable (a class no row has), each as
`{"code", "message", "params"}`; messages and problems come in `--lang`.
`--test FILE` or `--test-fraction F --test-seed S` give the upload's test split.
Decoded tensors are cached under $NETCANVAS_DATA_DIR, as training does.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import resource
import sys
from typing import Any

import numpy as np
import torch
from PIL import Image

from netcanvas.messages import LANGS, render

from . import DatasetError, TestSplit, load_dataset
from .base import Dataset

PREVIEW_SAMPLES = 16


def describe(dataset: Dataset, lang: str = "en") -> dict[str, Any]:
    """Shapes, task, classes, sizes and warnings: what the API stores as the dataset's info."""
    return {
        "task": dataset.task,
        "sample_shape": list(dataset.sample_shape),
        "target_shape": list(dataset.target_shape),
        "class_names": dataset.class_names,
        "samples": sum(dataset.sizes.values()),
        "sizes": dataset.sizes,
        "warnings": [
            {"code": code, "message": render(code, params, lang), "params": params}
            for code, params in dataset.warnings
        ],
        # more variables (x2:…, y2:… columns; several Inputs or heads), as DatasetInfo has them
        "more_inputs": {k: list(v) for k, v in dataset.input_shapes.items() if k != "x"},
        "more_targets": dict(dataset.more_classes),
        # numeric inputs' column names from an upload's header (try-it labels its fields)
        "input_columns": dict(dataset.input_columns),
    }


def preview(dataset: Dataset, count: int = PREVIEW_SAMPLES) -> dict[str, Any]:
    """The first training samples with their labels, class counts and split sizes."""
    x = dataset.x_train[:count]
    if dataset.x_mean is not None and dataset.x_std is not None:
        x = x * dataset.x_std + dataset.x_mean  # show the values as they were in the file
    image = is_image(dataset.sample_shape)
    samples = [
        {"label": _label(dataset, y), ("image" if image else "values"): sample_value(sample, image)}
        for sample, y in zip(x, dataset.y_train[:count], strict=True)
    ]
    # more variables (x2…, y2…) beside x and y in each sample, each input with its kind
    more_kinds: dict[str, str] = {}
    for name, tensor in dataset.more_x_train.items():
        more = tensor[:count]
        if name in dataset.more_x_scaling:
            mean, std = dataset.more_x_scaling[name]
            more = more * std + mean  # as it was in the file
        shown = is_image(tuple(tensor.shape[1:]))
        more_kinds[name] = "image" if shown else "values"
        for sample, value in zip(samples, more, strict=False):
            sample.setdefault("more_inputs", {})[name] = sample_value(value, shown)
    for name, targets in dataset.more_train.items():
        classes = dataset.more_classes.get(name) or []
        for sample, index in zip(samples, targets[:count].tolist(), strict=False):
            label = {"index": index, "name": classes[index] if index < len(classes) else str(index)}
            sample.setdefault("more_labels", {})[name] = label
    return {
        "kind": "image" if image else "values",
        "samples": samples,
        "class_counts": _class_counts(dataset),
        "sizes": dataset.sizes,
        "more_kinds": more_kinds,
    }


def is_image(shape: tuple[int, ...]) -> bool:
    return len(shape) == 3 and shape[0] in (1, 3) and min(shape[1:]) >= 4


def sample_value(sample: torch.Tensor, image: bool) -> Any:
    if image:
        return png_data_url(sample)
    if sample.dtype.is_floating_point:
        return np.round(sample.numpy().astype(np.float64), 5).tolist()
    return sample.tolist()


def png_data_url(sample: torch.Tensor) -> str:
    """A (C, H, W) image scaled to 0..1 as a `data:image/png` URL."""
    pixels = sample.float()
    low, high = float(pixels.min()), float(pixels.max())
    if low < 0 or high > 1:  # not 0..1 (a standardised or raw set): stretch to fit
        pixels = (pixels - low) / max(high - low, 1e-12)
    array = (pixels.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    picture = Image.fromarray(array[:, :, 0] if array.shape[2] == 1 else array)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _label(dataset: Dataset, y: torch.Tensor) -> Any:
    if dataset.task == "classification":
        index = int(y)
        return {"index": index, "name": dataset.class_names[index]}
    return np.round(y.numpy().astype(np.float64), 5).tolist()


def _class_counts(dataset: Dataset) -> dict[str, dict[str, int]] | None:
    """Samples per class name in each split; None for regression."""
    if dataset.task != "classification":
        return None
    counts: dict[str, dict[str, int]] = {}
    splits = [("train", dataset.y_train), ("validation", dataset.y_val)]
    if dataset.y_test is not None:
        splits.append(("test", dataset.y_test))
    for split, y in splits:
        found = torch.bincount(y, minlength=dataset.num_classes).tolist()
        counts[split] = dict(zip(dataset.class_names, found, strict=True))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m worker.datasets.inspect")
    parser.add_argument("ref", help="a catalogue name, or the path of an upload")
    parser.add_argument("--samples", type=int, default=PREVIEW_SAMPLES)
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the problems")
    parser.add_argument("--memory-mb", type=int, help="the most memory (address space) to use")
    parser.add_argument("--test", help="an upload's test file, checked against it")
    parser.add_argument("--test-fraction", type=float, help="a fraction of rows held out as test")
    parser.add_argument("--test-seed", type=int, default=0, help="the test fraction's seed")
    args = parser.parse_args(argv)
    test = None
    if args.test is not None or args.test_fraction is not None:
        test = TestSplit(file=args.test, fraction=args.test_fraction, seed=args.test_seed)
    if args.memory_mb:  # allocations past it fail with MemoryError, answered below
        limit = args.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        dataset = load_dataset(args.ref, test=test)
        answer: dict[str, Any] = {
            "info": describe(dataset, args.lang),
            "preview": preview(dataset, args.samples),
        }
    except DatasetError as error:
        text, problems = error.localised(args.lang)
        codes = [code for code, _ in error.coded]
        answer = {"error": text, "problems": problems, "code": codes[0], "codes": codes}
    except MemoryError:  # beyond the memory the API gives one inspection (RLIMIT_AS)
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        params = {"limit_mb": limit // 2**20 if limit > 0 else "?"}
        answer = {
            "error": render("dataset.out_of_memory", params, args.lang),
            "code": "dataset.out_of_memory",
        }
    except Exception as error:  # a decoder we did not foresee; the API still gets a reason
        params = {"kind": type(error).__name__, "error": str(error)}
        answer = {
            "error": render("dataset.unreadable", params, args.lang),
            "code": "dataset.unreadable",
        }
    json.dump(answer, sys.stdout)
    return 1 if "error" in answer else 0


if __name__ == "__main__":
    sys.exit(main())
