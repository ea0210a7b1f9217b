"""`python -m worker.datasets.inspect REF`: decode a dataset and print what it holds, as JSON.

The API never imports torch, so it checks an upload and previews any dataset
by running this module in a subprocess. It prints one JSON object on stdout:
`{"info": ..., "preview": ...}` with exit status 0, or `{"error": message,
"problems": [...]}` (each names the file or CSV row at fault; `codes` and `problem_params`
give each one's code and params) with exit status 1.
`info["warnings"]` lists what is odd but usable (a class no row has), each as
`{"code", "message", "params"}`; messages and problems come in `--lang`.
`--test FILE` or `--test-fraction F --test-seed S` give the upload's test split.
Decoded tensors are cached under $NETCANVAS_DATA_DIR, as training does. It shows what
training gets with numpy alone (`load_split`): importing torch would cost it most of its time.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import resource
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
from PIL import Image

from netcanvas.messages import LANGS, render

from . import DatasetError, Found, TestSplit, load_split
from .archives import why
from .base import Coded
from .prepare import Array, split_parts, take

if TYPE_CHECKING:  # the worker's pictures (gradcam.py, ...) pass tensors; the reader never does
    import torch

PREVIEW_SAMPLES = 16


class Described(Protocol):
    """What `describe` reads: a `Dataset` of tensors, or the reader's `Shown` (numpy)."""

    task: Literal["classification", "regression"]
    class_names: list[str]
    warnings: list[Coded]
    more_classes: dict[str, list[str]]
    input_columns: dict[str, list[str]]

    @property
    def sample_shape(self) -> tuple[int, ...]: ...

    @property
    def target_shape(self) -> tuple[int, ...]: ...

    @property
    def sizes(self) -> dict[str, int]: ...

    @property
    def input_shapes(self) -> dict[str, tuple[int, ...]]: ...


@dataclass
class Shown:
    """A dataset's splits as the reader shows them: numpy arrays, no tensors (so no torch).

    The samples training gets (`prepare.tensors`) in the same rows, as the file had them:
    features neither scaled to 0..1 nor standardised; `more_*` as in `Dataset`.
    """

    task: Literal["classification", "regression"]
    class_names: list[str]
    warnings: list[Coded]
    x_train: Array
    y_train: Array
    y_val: Array
    y_test: Array | None
    sizes: dict[str, int]
    more_x_train: dict[str, Array] = field(default_factory=dict)
    more_train: dict[str, Array] = field(default_factory=dict)
    more_classes: dict[str, list[str]] = field(default_factory=dict)
    input_columns: dict[str, list[str]] = field(default_factory=dict)

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return tuple(self.x_train.shape[1:])

    @property
    def target_shape(self) -> tuple[int, ...]:
        return tuple(self.y_train.shape[1:])

    @property
    def input_shapes(self) -> dict[str, tuple[int, ...]]:
        more = {name: tuple(a.shape[1:]) for name, a in self.more_x_train.items()}
        return {"x": self.sample_shape, **more}


def shown(found: Found) -> Shown:
    """The splits of a loaded dataset (`load_split`) as numpy arrays."""
    decoded, rows = found.decoded, found.rows
    (x_train, y_train), (x_val, y_val), test = split_parts(decoded, rows)
    sizes = {"train": len(x_train), "validation": len(x_val)}
    if test is not None:
        sizes["test"] = len(test[0])
    return Shown(
        task=decoded.task,
        class_names=list(decoded.class_names),
        warnings=list(decoded.warnings),
        x_train=x_train,
        y_train=y_train,
        y_val=y_val,
        y_test=None if test is None else test[1],
        sizes=sizes,
        more_x_train={name: take(a, rows.train) for name, a in decoded.more_x.items()},
        more_train={name: take(a, rows.train) for name, a in decoded.more.items()},
        more_classes=dict(decoded.more_names),
        input_columns=dict(decoded.columns),
    )


def describe(dataset: Described, lang: str = "en") -> dict[str, Any]:
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


def preview(dataset: Shown, count: int = PREVIEW_SAMPLES) -> dict[str, Any]:
    """Some training samples (`preview_rows`) with their labels, class counts and split sizes."""
    image = is_image(dataset.sample_shape)
    rows = preview_rows(dataset, count)
    samples = [
        {"label": _label(dataset, y), ("image" if image else "values"): sample_value(sample, image)}
        for sample, y in zip(features(dataset.x_train[rows]), dataset.y_train[rows], strict=True)
    ]
    # more variables (x2…, y2…) beside x and y in each sample, each input with its kind
    more_kinds: dict[str, str] = {}
    for name, values in dataset.more_x_train.items():
        pictured = is_image(tuple(values.shape[1:]))
        more_kinds[name] = "image" if pictured else "values"
        for sample, value in zip(samples, features(values[rows]), strict=False):
            sample.setdefault("more_inputs", {})[name] = sample_value(value, pictured)
    for name, targets in dataset.more_train.items():
        classes = dataset.more_classes.get(name) or []
        for sample, index in zip(samples, targets[rows].tolist(), strict=False):
            label = {"index": index, "name": classes[index] if index < len(classes) else str(index)}
            sample.setdefault("more_labels", {})[name] = label
    return {
        "kind": "image" if image else "values",
        "samples": samples,
        "class_counts": _class_counts(dataset),
        "sizes": dataset.sizes,
        "more_kinds": more_kinds,
    }


def preview_rows(dataset: Shown, count: int) -> Array:
    """Which training rows the preview shows: for a classification, round-robin across the
    classes (each class's first row in class order, then each one's second, ...), so that every
    class shows when there are at most `count` of them (a one-folder-per-class zip lists its
    classes one after another); otherwise the first `count` rows."""
    labels = dataset.y_train
    if dataset.task != "classification" or labels.ndim != 1:
        return np.arange(min(count, len(labels)))
    labels = labels.astype(np.int64)
    by_class = np.argsort(labels, kind="stable")  # rows by class, in split order within each
    sorted_labels = labels[by_class]
    rank = np.empty(len(labels), dtype=np.int64)  # a row's place among its class's rows
    rank[by_class] = np.arange(len(labels)) - np.searchsorted(sorted_labels, sorted_labels)
    return np.lexsort((labels, rank))[:count]


def features(values: Array) -> Array:
    """Samples as training sees them before standardising (`prepare._features`): uint8
    images scaled to 0..1 float32, token ids (int64) kept, anything else float32."""
    if values.dtype == np.uint8:
        return values.astype(np.float32) / np.float32(255.0)
    if values.dtype == np.int64:
        return values
    return values.astype(np.float32)


def is_image(shape: tuple[int, ...]) -> bool:
    return len(shape) == 3 and shape[0] in (1, 3) and min(shape[1:]) >= 4


def sample_value(sample: Array | torch.Tensor, image: bool) -> Any:
    if image:
        return png_data_url(sample)
    values = as_array(sample)
    if np.issubdtype(values.dtype, np.floating):
        return np.round(values.astype(np.float64), 5).tolist()
    return values.tolist()


def png_data_url(sample: Array | torch.Tensor) -> str:
    """A (C, H, W) image scaled to 0..1 as a `data:image/png` URL."""
    pixels = as_array(sample).astype(np.float32)
    low, high = float(pixels.min()), float(pixels.max())
    if low < 0 or high > 1:  # not 0..1 (a standardised or raw set): stretch to fit
        pixels = (pixels - low) / max(high - low, 1e-12)
    array = np.round(np.clip(pixels, 0, 1) * 255).astype(np.uint8).transpose(1, 2, 0)
    picture = Image.fromarray(array[:, :, 0] if array.shape[2] == 1 else array)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def as_array(values: Array | torch.Tensor) -> Array:
    """Numpy values as they are; a CPU tensor's as numpy (half floats as float32)."""
    if isinstance(values, np.ndarray):
        return values
    if values.dtype.is_floating_point and values.element_size() < 4:  # numpy has no bfloat16
        values = values.float()
    return values.detach().numpy()


def _label(dataset: Shown, y: Array) -> Any:
    if dataset.task == "classification":
        index = int(y)
        return {"index": index, "name": dataset.class_names[index]}
    target = np.asarray(y, dtype=np.float32)  # as training gets it (`prepare._targets`)
    return np.round(target.astype(np.float64), 5).tolist()


def _class_counts(dataset: Shown) -> dict[str, dict[str, int]] | None:
    """Samples per class name in each split; None for regression."""
    if dataset.task != "classification":
        return None
    counts: dict[str, dict[str, int]] = {}
    splits = [("train", dataset.y_train), ("validation", dataset.y_val)]
    if dataset.y_test is not None:
        splits.append(("test", dataset.y_test))
    for split, y in splits:
        found = np.bincount(y.astype(np.int64), minlength=len(dataset.class_names)).tolist()
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
        dataset = shown(load_split(args.ref, test=test))
        answer: dict[str, Any] = {
            "info": describe(dataset, args.lang),
            "preview": preview(dataset, args.samples),
        }
    except DatasetError as error:
        text, problems = error.localised(args.lang)
        codes = [code for code, _ in error.coded]
        answer = {"error": text, "problems": problems, "code": codes[0], "codes": codes,
                  "problem_params": [params for _, params in error.coded]}  # fmt: skip
    except MemoryError:  # beyond the memory the API gives one inspection (RLIMIT_AS)
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        params = {"limit_mb": limit // 2**20 if limit > 0 else "?"}
        answer = {
            "error": render("dataset.out_of_memory", params, args.lang),
            "code": "dataset.out_of_memory",
        }
    except Exception as error:  # a decoder we did not foresee; the API still gets a reason
        print(f"inspect: {type(error).__name__}: {error}", file=sys.stderr)  # for the log
        unforeseen: dict[str, Any] = {"kind": type(error).__name__, "error": why(error)}
        answer = {
            "error": render("dataset.unreadable", unforeseen, args.lang),
            "code": "dataset.unreadable",
            "problem_params": [unforeseen],
        }
    json.dump(answer, sys.stdout)
    return 1 if "error" in answer else 0


if __name__ == "__main__":
    sys.exit(main())
