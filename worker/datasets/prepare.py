"""From decoded arrays to a `Dataset`: the seeded split, standardisation, tensors.

Every source (built-in generators, public sets, uploads) decodes into a
`Decoded`: numpy arrays of all its samples, before any split. That is also
what the tensor cache stores, so a cached upload can still be split with any
fraction and seed. `finish` does the rest the same way for all of them: `choose_rows`
picks each split's samples with numpy alone (the upload reader, `inspect.py`, shows
them without importing torch), then the tensors are made; torch is imported only there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from netcanvas.splits import split_indices  # the API picks a job's rows the same way

from .base import Coded, Dataset, DatasetError

if TYPE_CHECKING:  # imported where tensors are made, so the upload reader never loads it
    import torch
from .holdout import TestSplit, held_out_indices

Task = Literal["classification", "regression"]
Array = npt.NDArray[np.generic]


@dataclass
class Decoded:
    """All samples of a source, not yet split.

    x: (N, *sample_shape); uint8 images are scaled to 0..1 by `finish`.
    y: (N,) int64 class indices, or (N, *target_shape) float32 targets.
    x_val/y_val: a validation set of its own (an official test set, a second
    file); when absent, `finish` holds out a seeded fraction of x.
    x_test/y_test: a test set of its own (a test file given with an upload);
    when absent, `finish` may hold out a fixed fraction of x (`holdout.py`).
    standardise: tabular features, standardised with the training split's statistics.
    warnings: what is odd but usable, as message codes and params (`Dataset.warnings`).
    val_steps: a series split in time order (`series.py`): the time step of each
    validation sample's target, as text (a date), in order (`Dataset.val_steps`).
    """

    task: Task
    x: Array
    y: Array
    class_names: list[str]
    x_val: Array | None = None
    y_val: Array | None = None
    standardise: bool = False
    warnings: list[Coded] = field(default_factory=list)
    val_steps: list[str] | None = None
    x_test: Array | None = None
    y_test: Array | None = None
    # More class-label target variables (`y2`, ...): (N,) int64 each, and their class names
    # (several heads; a source with them has no validation or test set of its own).
    more: dict[str, Array] = field(default_factory=dict)
    more_names: dict[str, list[str]] = field(default_factory=dict)
    # More input variables (`x2`, ...; several Inputs): (N, *shape) each, split with x
    # (a source with them has no validation or test set of its own).
    more_x: dict[str, Array] = field(default_factory=dict)
    # Each numeric input variable's column names as the file's header gave them, without the
    # `x:`/`x2:` prefix ({"x": ["a", "b"], "x2": ["c", "d"]}); empty when unknown.
    columns: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Rows:
    """The samples each split takes (`choose_rows`), as indices into `Decoded.x`, or None:
    `train` takes every sample, `val` the source's own validation set, `test` the source's
    own test set when it has one (else there is no test split)."""

    train: Array | None
    val: Array | None
    test: Array | None


def choose_rows(
    name: str, decoded: Decoded, *, validation_split: float, seed: int, test: TestSplit | None
) -> Rows:
    """Each split's samples: the source's own test set, else `test.fraction` of its rows held
    out with `test.seed`, else none; then the source's own validation set, else a seeded
    `validation_split` of the rest. Numpy alone: the upload reader shows what training gets."""
    check_fraction(validation_split)
    count = len(decoded.x)
    rest: Array | None = None
    held: Array | None = None
    own_test = decoded.x_test is not None and decoded.y_test is not None
    if not own_test and test is not None and test.fraction is not None:
        rest, held = held_out_indices(count, test.fraction, test.seed)
    if decoded.x_val is not None and decoded.y_val is not None:
        rows = Rows(train=rest, val=None, test=held)
    else:
        train: Array
        val: Array
        train, val = split_indices(count if rest is None else len(rest), validation_split, seed)
        if rest is not None:
            train, val = rest[train], rest[val]
        rows = Rows(train=train, val=val, test=held)
    if (count if rows.train is None else len(rows.train)) == 0:
        raise DatasetError.of("dataset.no_training", name=name)
    return rows


def take(values: Array, rows: Array | None) -> Array:
    """The rows of `values` a split takes; all of them for None."""
    return values if rows is None else values[rows]


Part = tuple[Array, Array]  # one split's x and y


def split_parts(decoded: Decoded, rows: Rows) -> tuple[Part, Part, Part | None]:
    """The training, validation and test (or None) samples of `decoded` that `rows` picks."""
    train = take(decoded.x, rows.train), take(decoded.y, rows.train)
    if rows.val is not None:
        val = decoded.x[rows.val], decoded.y[rows.val]
    else:
        assert decoded.x_val is not None and decoded.y_val is not None
        val = decoded.x_val, decoded.y_val
    test: Part | None = None
    if rows.test is not None:
        test = decoded.x[rows.test], decoded.y[rows.test]
    elif decoded.x_test is not None and decoded.y_test is not None:
        test = decoded.x_test, decoded.y_test
    return train, val, test


def check_fraction(validation_split: float) -> None:
    if not 0 <= validation_split < 1:
        raise DatasetError.of("dataset.validation_split", value=validation_split)


def finish(
    name: str,
    decoded: Decoded,
    *,
    validation_split: float,
    seed: int,
    description: str = "",
    test: TestSplit | None = None,
) -> Dataset:
    """Split (unless the source has its own validation set), standardise, make tensors.

    A test set (the source's own, or `test`'s fraction held out first with its own
    seed, so it is the same for every job) is never trained or validated on."""
    rows = choose_rows(name, decoded, validation_split=validation_split, seed=seed, test=test)
    return tensors(name, decoded, rows, description)


def tensors(name: str, decoded: Decoded, rows: Rows, description: str = "") -> Dataset:
    """The `Dataset` of `decoded` split as `rows` says, standardised if it should be."""
    if decoded.more:  # split the other targets with y: as columns beside it, split off after
        decoded = replace(decoded, y=np.stack([decoded.y, *decoded.more.values()], axis=1))
    layout = input_layout(decoded)
    numeric = [name for name, a in decoded.more_x.items() if np.asarray(a).dtype.kind == "f"]
    if decoded.more_x:  # the other inputs likewise: flattened beside x, split off after
        decoded = replace(decoded, x=pack_inputs(decoded))
    (x_train, y_train), (x_val, y_val), test_part = split_parts(decoded, rows)
    dataset = Dataset(
        name=name,
        task=decoded.task,
        x_train=_features(x_train),
        y_train=_targets(y_train, decoded.task),
        x_val=_features(x_val),
        y_val=_targets(y_val, decoded.task),
        class_names=list(decoded.class_names),
        description=description,
        warnings=list(decoded.warnings),
        val_steps=decoded.val_steps,
        input_columns=dict(decoded.columns),
    )
    if test_part is not None:
        x_test, y_test = test_part
        dataset.x_test, dataset.y_test = _features(x_test), _targets(y_test, decoded.task)
    if decoded.more:
        split_more(dataset, list(decoded.more_names.items()))
    if decoded.more_x:
        split_inputs(dataset, layout)
    if decoded.standardise:
        standardise(dataset)
        for name in numeric:  # numbers beside x (x2:… columns), scaled as x is
            standardise_more(dataset, name)
    return dataset


def split_more(dataset: Dataset, names: list[tuple[str, list[str]]]) -> None:
    """Take the other target variables, stacked beside y as columns 1.., off into `more_*`."""
    dataset.more_classes = dict(names)

    def columns(y: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        more = {name: y[:, i + 1].contiguous() for i, (name, _) in enumerate(names)}
        return y[:, 0].contiguous(), more

    dataset.y_train, dataset.more_train = columns(dataset.y_train)
    dataset.y_val, dataset.more_val = columns(dataset.y_val)
    if dataset.y_test is not None:
        dataset.y_test, dataset.more_test = columns(dataset.y_test)


Layout = list[tuple[str, tuple[int, ...], "torch.dtype"]]  # each input variable's shape, type


def input_layout(decoded: Decoded) -> Layout:
    """x and the other input variables with their sample shapes and tensor types."""
    arrays = {"x": decoded.x, **decoded.more_x}
    return [(name, tuple(a.shape[1:]), _features(a[:1]).dtype) for name, a in arrays.items()]


def pack_inputs(decoded: Decoded) -> Array:
    """x and the other inputs as one float32 table (N, Σ sizes), so one split takes them all."""
    import torch

    arrays = [decoded.x, *decoded.more_x.values()]
    parts = [_features(a).reshape(len(a), -1).to(torch.float32).numpy() for a in arrays]
    return np.concatenate(parts, axis=1)


def split_inputs(dataset: Dataset, layout: Layout) -> None:
    """Take the packed inputs apart again: x, and the others into `more_x_*`."""

    def parts(x: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        found, start = {}, 0
        for name, shape, dtype in layout:
            size = int(np.prod(shape))
            found[name] = x[:, start : start + size].reshape(len(x), *shape).to(dtype)
            start += size
        return found.pop("x"), found

    dataset.x_train, dataset.more_x_train = parts(dataset.x_train)
    dataset.x_val, dataset.more_x_val = parts(dataset.x_val)
    if dataset.x_test is not None:
        dataset.x_test, dataset.more_x_test = parts(dataset.x_test)


def standardise(dataset: Dataset) -> None:
    """Scale features to mean 0, std 1 with the training split's statistics only.

    Using the validation samples' statistics too would leak them into training.
    A constant feature keeps std 1 rather than dividing by zero.
    """
    import torch

    mean = dataset.x_train.mean(dim=0)
    std = dataset.x_train.std(dim=0, unbiased=False)
    std = torch.where(std > 1e-12, std, torch.ones_like(std))
    dataset.x_train = (dataset.x_train - mean) / std
    dataset.x_val = (dataset.x_val - mean) / std
    if dataset.x_test is not None:
        dataset.x_test = (dataset.x_test - mean) / std
    dataset.x_mean, dataset.x_std = mean, std


def standardise_more(dataset: Dataset, name: str) -> None:
    """Input variable `name` scaled like x (`standardise`), its statistics in `more_x_scaling`."""
    import torch

    train = dataset.more_x_train[name]
    mean = train.mean(dim=0)
    std = train.std(dim=0, unbiased=False)
    std = torch.where(std > 1e-12, std, torch.ones_like(std))
    for split in (dataset.more_x_train, dataset.more_x_val, dataset.more_x_test):
        if name in split:
            split[name] = (split[name] - mean) / std
    dataset.more_x_scaling[name] = (mean, std)


def _tensor(values: Array) -> torch.Tensor:
    import torch

    values = np.ascontiguousarray(values)
    if not values.flags.writeable:  # read straight from a file's bytes: torch wants its own
        values = values.copy()
    return torch.from_numpy(values)


def _features(x: Array) -> torch.Tensor:
    import torch

    tensor = _tensor(x)
    if tensor.dtype == torch.uint8:
        return tensor.to(torch.float32).div_(255.0)
    if tensor.dtype == torch.int64:  # token ids stay integers
        return tensor
    return tensor.to(torch.float32)


def _targets(y: Array, task: Task) -> torch.Tensor:
    import torch

    tensor = _tensor(y)
    return tensor.to(torch.int64 if task == "classification" else torch.float32)
