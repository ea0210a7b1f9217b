"""Uploaded datasets: a zip (or CSV, or folder) in NNC's CSV format, or one folder per class.

`load_upload` parses the layout (`table.py`), works out the task and labels,
then decodes every sample, checking each before any training starts. Errors
name the file, and the CSV row, at fault. Nothing is kept from a failed
import: the tensor cache is written only once everything decoded.

Labels: a `y:label` column holds class indices, integers from 0 as in NNC;
the classes are 0 to the highest label, and one below it that no training row
uses is a warning, not an error (`Decoded.warnings`). Class folders are class
labels named after the folders; so is a single `y` column of integers or of
text. Integer `y` labels keep numeric order (class "10" after "9"), text
labels sort as text. A `y` column with a fraction in it (0.5, 1e-3), or
several `y__i` columns, is a regression target.
"""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

import numpy as np

from . import cache
from .base import Coded, DatasetError, Problems, Where
from .images import decode_all
from .prepare import Array, Decoded, Task
from .sources import Source, open_source
from .table import (
    Table,
    _file_column,
    _label_and_row,
    columns_shown,
    is_number,
    numbers,
    read_table,
)


def load_upload(
    path: Path, validation: Path | None, root: Path, test: Path | None = None
) -> Decoded:
    """Decode the upload at `path` (and its validation and test files), or read them from
    the cache. The other files are checked against the training file as validation files
    are: the same columns, and labels among its classes."""
    with ExitStack() as stack:
        source, csv_name = open_source(path)
        stack.callback(source.close)
        table = read_table(source, csv_name)
        # @2: y:label holds class indices from 0; @3: x2:/y2: columns are more variables
        parts = ["upload@3", source.digest(table.members)]
        others: dict[str, tuple[Source, Table]] = {}
        for role, other in (("validation", validation), ("test", test)):
            if other is None:
                continue
            other_source, other_csv = open_source(other)
            stack.callback(other_source.close)
            others[role] = (other_source, read_table(other_source, other_csv))
            digest = other_source.digest(others[role][1].members)
            parts.append(digest if role == "validation" else f"test:{digest}")
        key = cache.cache_key(*parts)
        decoded = cache.load(root, key)
        if decoded is None:
            decoded = _decode(source, table, others)
            cache.store(root, key, decoded)
        return decoded


def _decode(source: Source, table: Table, others: dict[str, tuple[Source, Table]]) -> Decoded:
    for _, other in others.values():
        _check_same_layout(table, other)
    task, class_names, y = _train_targets(table)
    warnings = _unused_classes(table, class_names, y) if table.class_indices else []
    x = _inputs(source, table)
    decoded = Decoded(task, x, y, class_names, standardise=table.numbers is not None)
    decoded.warnings = warnings
    if table.more_columns:
        _more_variables(source, table, decoded, sorted(others))
    decoded.columns = _column_names(table)
    for role, (other_source, other) in others.items():
        y_other = _val_targets(other, task, class_names)
        where = table.wheres[0] if table.files is None else table.files[0][1]
        x_other = _inputs(other_source, other, (tuple(x.shape[1:]), where))
        if role == "validation":
            decoded.x_val, decoded.y_val = x_other, y_other
        else:
            decoded.x_test, decoded.y_test = x_other, y_other
    return decoded


def _check_same_layout(table: Table, val: Table) -> None:
    if (table.files is None) != (val.files is None):
        code = "dataset.files_vs_numbers" if table.files is not None else "dataset.numbers_vs_files"
        raise DatasetError.of(code, train=table.label, val=val.label)
    if table.files is None and table.inputs != val.inputs:
        raise DatasetError.of(
            "dataset.input_columns_differ",
            label=val.label,
            columns=columns_shown(val.inputs),
            train=columns_shown(table.inputs),
        )
    if len(table.target_columns) != len(val.target_columns):
        raise DatasetError.of(
            "dataset.target_columns_differ",
            label=val.label,
            columns=columns_shown(val.target_columns),
            train=columns_shown(table.target_columns),
        )


def _inputs(
    source: Source, table: Table, like: tuple[tuple[int, ...], Where] | None = None
) -> Array:
    if table.numbers is not None:
        return table.numbers
    assert table.files is not None
    problems = Problems()
    problems.add_all(table.problems)
    try:
        x = decode_all(table.files, source.read, like)
    except DatasetError as error:
        problems.add_error(error)
    problems.check()
    return x


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _train_targets(table: Table) -> tuple[Task, list[str], Array]:
    """The task, the class names, and the targets of the training file."""
    if len(table.target_columns) == 1:
        labels = [t[0] for t in table.targets]
        integer = all(_is_int(label) for label in labels)
        fractions = any(_is_float(label) and not _is_int(label) for label in labels)
        if table.labels or not fractions:
            return "classification", *_classes(table, labels, integer)
    columns = list(range(len(table.target_columns)))
    data = list(zip(table.wheres, table.targets, strict=True))
    return "regression", [], numbers(data, columns, table.target_columns).astype(np.float32)


def _classes(table: Table, labels: list[str], integer: bool) -> tuple[list[str], Array]:
    if table.class_indices:  # read_csv checked that each is an integer from 0
        indices = np.asarray([int(label) for label in labels], dtype=np.int64)
        used = np.unique(indices)
        if len(used) < 2:
            raise DatasetError.of("dataset.one_class", label=table.label, name=str(used[0]))
        return [str(i) for i in range(int(used[-1]) + 1)], indices
    if integer:
        values = sorted({int(label) for label in labels})
        names = [str(v) for v in values]
        keys = [str(int(label)) for label in labels]
    else:
        names, keys = sorted(set(labels)), labels
    if len(names) < 2:
        raise DatasetError.of("dataset.one_class", label=table.label, name=names[0])
    index = {name: i for i, name in enumerate(names)}
    return names, np.asarray([index[k] for k in keys], dtype=np.int64)


def _unused_classes(table: Table, class_names: list[str], y: Array) -> list[Coded]:
    """A warning naming the class indices below the highest that no training row has."""
    unused = [str(i) for i in np.flatnonzero(np.bincount(y, minlength=len(class_names)) == 0)]
    if not unused:
        return []
    params = {"label": table.label, "highest": len(class_names) - 1}
    if len(unused) == 1:
        return [("dataset.class_unused", params | {"classes": unused[0]})]
    shown = ", ".join(unused[:20]) + (", ..." if len(unused) > 20 else "")
    return [("dataset.classes_unused", params | {"classes": shown, "count": len(unused)})]


def _val_targets(val: Table, task: Task, class_names: list[str]) -> Array:
    if task == "regression":
        columns = list(range(len(val.target_columns)))
        data = list(zip(val.wheres, val.targets, strict=True))
        return numbers(data, columns, val.target_columns).astype(np.float32)
    index = {name: i for i, name in enumerate(class_names)}
    integer = all(_is_int(name) for name in class_names)
    out = np.empty(len(val.targets), dtype=np.int64)
    known = ", ".join(class_names[:20]) + (", ..." if len(class_names) > 20 else "")
    problems = Problems()
    for i, (where, cells) in enumerate(zip(val.wheres, val.targets, strict=True)):
        key = str(int(cells[0])) if integer and _is_int(cells[0]) else cells[0]
        if key not in index:
            problems.add("dataset.unknown_label", where=where, label=cells[0], known=known)
            continue
        out[i] = index[key]
    problems.check()
    return out


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _more_variables(source: Source, table: Table, decoded: Decoded, others: list[str]) -> None:
    """The columns headed x2:… (more inputs: numbers, or one column of file paths) and
    y2:… (more class-label targets, one column each) into `decoded.more_x` and `more`."""
    if others:  # they are split with x and y: a file of their own would need them too
        named = ", ".join(c for cs in table.more_columns.values() for c in cs)
        raise DatasetError.of("dataset.more_with_files", label=table.label, columns=named,
                              files=", ".join(others))  # fmt: skip
    targets = [c for v, cs in table.more_columns.items() if v.startswith("y") for c in cs]
    if targets and decoded.task == "regression":  # y2 rides beside y as a column of labels
        raise DatasetError.of("dataset.more_targets_regression", label=table.label,
                              columns=", ".join(targets))  # fmt: skip
    for variable, columns in table.more_columns.items():
        data = list(zip(table.wheres, table.more_cells[variable], strict=True))
        if variable.startswith("x"):
            decoded.more_x[variable] = _more_input(source, table, data, columns)
        else:
            names, labels = _more_labels(table, variable, data, columns)
            decoded.more[variable], decoded.more_names[variable] = labels, names


def _more_input(
    source: Source, table: Table, data: list[tuple[Where, list[str]]], columns: list[str]
) -> Array:
    """An input variable's samples: one column of paths (images) or numeric columns."""
    if len(columns) == 1 and not is_number(data[0][1][0]):
        files, problems = _file_column(source, table.members[0], data, 0)
        found = Problems()
        found.add_all(problems)
        found.check()
        return decode_all(files, source.read)
    return numbers(data, list(range(len(columns))), columns).astype(np.float32)


def _more_labels(
    table: Table, variable: str, data: list[tuple[Where, list[str]]], columns: list[str]
) -> tuple[list[str], Array]:
    """A target variable's class names (numeric order for integers, else text order) and
    each sample's class index; an empty cell is a problem naming its row and column."""
    if len(columns) != 1:
        raise DatasetError.of("dataset.more_target_columns", label=table.label,
                              variable=variable, columns=", ".join(columns))  # fmt: skip
    problems = Problems()
    for where, cells in data:
        if not cells[0]:
            label, row = _label_and_row(where)
            problems.add("dataset.more_label_empty", label=label, row=row, column=columns[0])
    problems.check()
    labels = [cells[0] for _, cells in data]
    integer = all(_is_int(label) for label in labels)
    keys = [str(int(label)) for label in labels] if integer else labels
    names = [str(v) for v in sorted({int(k) for k in keys})] if integer else sorted(set(keys))
    if len(names) < 2:
        raise DatasetError.of("dataset.one_class", label=f"{table.label} ({columns[0]})",
                              name=names[0])  # fmt: skip
    index = {name: i for i, name in enumerate(names)}
    return names, np.asarray([index[k] for k in keys], dtype=np.int64)


def _column_names(table: Table) -> dict[str, list[str]]:
    """Each numeric input variable's column names without their `x:`/`x2:` prefix."""
    found: dict[str, list[str]] = {}
    if table.numbers is not None and not all(re.fullmatch(r"x__\d+", c) for c in table.inputs):
        found["x"] = [c.split(":", 1)[1] if c.startswith("x:") else c for c in table.inputs]
    for variable, columns in table.more_columns.items():
        if variable.startswith("x") and not any(c.endswith(":image") for c in columns):
            found[variable] = [c.split(":", 1)[1] for c in columns]
    return found
