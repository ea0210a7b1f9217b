"""Reading an upload's layout into a `Table`: which file or numbers each sample is, and its target.

Two layouts, as Neural Network Console users know them:
- a CSV whose header names the columns `name[:comment]`: `y` (or `y__0`,
  `y__1`, ...) is the target, every other column an input. One input column
  of paths (`x:image`, relative to the CSV's folder) makes a dataset of
  files; numeric input columns (`x__0,x__1,...` or any names) a table.
  A `y:label` column holds class indices, integers from 0 as in NNC; a row
  with anything else is a problem, listed with the other bad rows.
- no CSV at the top: one folder per class, the folder's name is the label.
A zip that holds a single folder is read from inside that folder. Nothing is
decoded here, so layout errors come before any image is opened.
"""

from __future__ import annotations

import operator
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from netcanvas.messages import message

from . import csvrows
from .base import DatasetError, Problems, Where
from .prepare import Array
from .sources import UTF16_BOMS, Source, resolve

MORE_VARIABLE = re.compile(r"[xy][2-9]")  # x2 … x9, y2 … y9 (docs/GRAPH_UNITS_AND_NETWORKS.md)
CLASS_INDEX = re.compile(r"[0-9]+")  # ASCII digits only: no sign, no fraction, no "１"
# Classes are 0 to the highest label, so a typo such as 1000000000 would make a billion.
MAX_CLASSES = 100_000
# A CSV is read a row (a Python list of cells) at a time, its text whole: past these, a small
# zip that unpacks to a huge CSV would take the reader's memory and minutes before it failed.
MAX_ROWS = 2_000_000
MAX_CELLS = 50_000_000  # rows × columns: MNIST as a CSV (60,000 × 785) is 47 million
SHOWN_COLUMNS = 20  # a header in a message: its first columns, then "..."
SHOWN_CELL = 40  # a cell quoted in a message: its first characters, then "..."
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm", ".pgm"}


@dataclass
class Table:
    """One uploaded file set, parsed. Exactly one of `files` and `numbers` is set."""

    label: str  # how messages name it: "pets.zip: train.csv"
    inputs: list[str]  # input column names; ["image"] for class folders
    target_columns: list[str]
    wheres: list[Where]  # per sample: "pets.zip: train.csv row 3", as a message
    targets: list[list[str]]  # per sample, the raw target cells
    files: list[tuple[str, Where]] | None = None  # per sample: (name in the upload, where)
    numbers: Array | None = None  # (N, F) float32
    labels: bool = False  # the header says y:label, or the classes are folders
    class_indices: bool = False  # the header says y:label: each target is an integer from 0
    members: list[str] = field(default_factory=list)  # the files it reads, for the cache key
    # Rows whose file is missing or outside the upload, as codes and params; reported
    # with the files that fail to decode, so a user sees every problem at once.
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Columns headed x2:… or y2:… (`more_variable`): each variable's column names and, per
    # sample, its raw cells; `upload.py` decodes them into `Decoded.more_x` and `more`.
    more_columns: dict[str, list[str]] = field(default_factory=dict)
    more_cells: dict[str, list[list[str]]] = field(default_factory=dict)


def read_table(source: Source, csv_name: str | None) -> Table:
    """The CSV named, else the one CSV at the top of the upload, else the class folders."""
    if csv_name is not None:
        return read_csv(source, csv_name)
    names = source.names()
    root = _root(names)
    top = [n for n in names if "/" not in n[len(root) :] and n.lower().endswith(".csv")]
    if len(top) > 1:
        raise DatasetError.of("dataset.several_csv", label=source.label, files=", ".join(top))
    if top:
        return read_csv(source, top[0])
    return read_class_folders(source, names, root)


def _root(names: list[str]) -> str:
    """The one folder everything is in, as zipping a folder makes; '' when there is none."""
    firsts = {n.split("/", 1)[0] for n in names}
    if len(firsts) == 1 and all("/" in n for n in names):
        return firsts.pop() + "/"
    return ""


def read_class_folders(source: Source, names: list[str], root: str) -> Table:
    files: list[tuple[str, Where]] = []
    targets = []
    for name in names:
        rel = name[len(root) :]
        if "/" not in rel:
            if posixpath.splitext(rel)[1].lower() in IMAGE_SUFFIXES:
                raise DatasetError.of("dataset.not_in_class_folder", label=source.label, name=name)
            continue
        files.append((name, f"{source.label}: {name}"))
        targets.append([rel.split("/", 1)[0]])
    if not files:
        raise DatasetError.of("dataset.no_layout", label=source.label)
    return Table(
        label=source.label,
        inputs=["image"],
        target_columns=["y:label"],
        wheres=[where for _, where in files],
        targets=targets,
        files=files,
        labels=True,
        members=[name for name, _ in files],
    )


def more_variable(column: str) -> str | None:
    """The variable of a column headed `x2:…` … `x9:…` or `y2:…` … `y9:…` (also `x2__0:…`):
    another input or target variable (several Inputs or heads); None for any other column,
    which means what it always meant (`y…` the target, the rest inputs of x)."""
    if ":" not in column:
        return None
    variable = column.split(":", 1)[0].split("__", 1)[0].strip()
    return variable if MORE_VARIABLE.fullmatch(variable) else None


def _header(label: str, first: list[str] | None) -> tuple[list[str], list[int], list[int]]:
    """Column names, indices of input columns, indices of target columns (of x and y; the
    columns of more variables, `more_variable`, are in neither), from the first row."""
    if first is None:
        raise DatasetError.of("dataset.csv_empty", label=label)
    header = [h.strip() for h in first]
    if len(set(header)) != len(header):
        shown = columns_shown(header, ", ")
        raise DatasetError.of("dataset.header_twice", label=label, header=shown)
    more = {i for i, h in enumerate(header) if more_variable(h) is not None}
    variables = [h.split(":", 1)[0].split("__", 1)[0].strip() for h in header]
    targets = [i for i, v in enumerate(variables) if v == "y" and i not in more]
    inputs = [i for i, v in enumerate(variables) if v != "y" and i not in more]
    delimiter = csvrows.other_delimiter(first)
    if delimiter is not None and (not targets or not inputs):
        raise DatasetError.of("dataset.csv_delimiter", label=label, delimiter=delimiter)
    if not targets:
        raise DatasetError.of("dataset.no_target", label=label, header=columns_shown(header))
    if not inputs:
        raise DatasetError.of("dataset.no_input", label=label)
    return header, inputs, targets


def read_csv(source: Source, csv_name: str) -> Table:
    """Read row by row: a numeric row goes straight into the (N, F) float32 array, so the
    cells of a big CSV are never all held as Python strings (MAX_CELLS of them took 5 GB)."""
    label = csv_name if source.label == csv_name else f"{source.label}: {csv_name}"
    text = csv_text(source.read(csv_name), label)
    rows = iter_csv_rows(text, label)
    try:
        header, inputs, targets = _header(label, next(rows, None))
    except DatasetError:
        for _ in rows:  # a limit or a line that is not CSV further on is named first, as ever
            pass
        raise
    indices = len(targets) == 1 and header[targets[0]].replace(" ", "") == "y:label"
    more = [(i, v) for i, v in enumerate(map(more_variable, header)) if v is not None]
    sink = _Rows(header, inputs, text.count("\n") + 1)
    del text
    wheres: list[Where] = []
    target_cells: list[list[str]] = []
    more_cells: list[list[str]] = []
    problems = Problems()
    for number, row in enumerate(rows, start=1):
        if not "".join(row).strip():  # only blank cells: one join, not a generator a row
            continue
        if len(row) != len(header):
            problems.add(
                code="dataset.row_columns",
                label=label,
                row=number,
                expected=len(header),
                header=columns_shown(header),
                found=len(row),
            )
            continue
        target = [row[i].strip() for i in targets]
        if indices and not is_class_index(target[0]):
            value = _shown(target[0])
            problems.add("dataset.label_not_index", label=label, row=number, value=value)
            continue
        if indices and _too_many_classes(target[0]):
            value, limit = _shown_text(target[0]), MAX_CLASSES - 1
            problems.add("dataset.label_too_large", label=label, row=number, value=value, max=limit)
            continue
        where = message("dataset.at_row", label=label, row=number)
        sink.add(row, label, number, where)
        wheres.append(where)
        target_cells.append(target)
        more_cells.append([row[i].strip() for i, _ in more])
    problems.check()
    if not wheres:
        raise DatasetError.of("dataset.no_rows", label=label)
    table = Table(
        label=label,
        inputs=[header[i] for i in inputs],
        target_columns=[header[i] for i in targets],
        wheres=wheres,
        targets=target_cells,
        labels=indices,
        class_indices=indices,
        members=[csv_name],
    )
    for k, (i, variable) in enumerate(more):
        table.more_columns.setdefault(variable, []).append(header[i])
        per_sample = table.more_cells.setdefault(variable, [[] for _ in wheres])
        for cells, row_cells in zip(per_sample, more_cells, strict=True):
            cells.append(row_cells[k])
    if sink.paths is not None:
        data = list(zip(wheres, sink.paths, strict=True))
        table.files, table.problems = _file_column(source, csv_name, data, 0)
        table.members += [name for name, _ in table.files]
    else:
        table.numbers = sink.finish()
    return table


class _Rows:
    """A CSV's input cells, row by row: the one column of file paths (when the first row's
    one input is no number), else numbers in a float32 array made once for every row the
    text may hold, each row parsed as float64 first (so values are those of
    `numbers(...).astype(np.float32)`). A bad cell is kept as a `dataset.not_number` problem."""

    def __init__(self, header: list[str], inputs: list[int], lines: int) -> None:
        self.header, self.inputs = header, inputs
        self.lines = min(lines, MAX_CELLS // len(header) + 1)  # each kept row is a full row
        self.paths: list[list[str]] | None = None
        self.values: Array | None = None
        self.row: Array = np.empty(len(inputs), dtype=np.float64)
        self.count = 0
        self.bad = Problems()
        pick = operator.itemgetter(*inputs)  # one column: a cell, not a tuple of one
        self.cells = pick if len(inputs) > 1 else lambda row: (pick(row),)

    def add(self, row: list[str], label: str, number: int, where: Where) -> None:
        if self.count == 0 and len(self.inputs) == 1 and not is_number(row[self.inputs[0]]):
            self.paths = []
        if self.paths is not None:
            self.paths.append([row[self.inputs[0]].strip()])
        else:
            self._add_numbers(row, label, number)
        self.count += 1

    def _add_numbers(self, row: list[str], label: str, number: int) -> None:
        if self.values is None:
            self.values = np.empty((self.lines, len(self.inputs)), dtype=np.float32)
        try:
            self.row[:] = self.cells(row)  # float() of each cell, as np.asarray does
            if np.isfinite(self.row).all():
                self.values[self.count] = self.row
                return
        except ValueError:
            pass
        for i in self.inputs:
            if not is_number(row[i]):
                cell = row[i].strip()
                self.bad.add(code="dataset.not_number", label=label, row=number,
                             column=self.header[i], value=_shown(cell))  # fmt: skip

    def finish(self) -> Array:
        """The (rows, inputs) float32 array; the error names every cell that is no number."""
        self.bad.check()
        assert self.values is not None
        self.values.resize((self.count, len(self.inputs)), refcheck=False)  # no copy
        return self.values


def _file_column(
    source: Source, csv_name: str, data: list[tuple[Where, list[str]]], column: int
) -> tuple[list[tuple[str, Where]], list[tuple[str, dict[str, Any]]]]:
    """Each row's path, resolved inside the upload, and the rows whose file is not there."""
    folder = posixpath.dirname(csv_name)
    files: list[tuple[str, Where]] = []
    problems: list[tuple[str, dict[str, Any]]] = []
    for where, cells in data:
        try:
            name = resolve(folder, cells[column], where)
        except DatasetError as error:
            problems += error.coded
            continue
        if not source.has(name):
            problems.append(("dataset.not_in_upload", {"where": where, "file": cells[column]}))
            continue
        label, row = _label_and_row(where)
        files.append(
            (name, message("dataset.at_row_file", label=label, row=row, file=cells[column]))
        )
    return files, problems


def _label_and_row(where: Where) -> tuple[str, Any]:
    """The file and row number of a CSV row's `where` (a "dataset.at_row" message)."""
    if isinstance(where, dict):
        return where["params"]["label"], where["params"]["row"]
    label, _, row = where.rpartition(" row ")
    return label, row


def csv_rows(data: bytes, label: str) -> list[list[str]]:
    """The rows of a CSV file's bytes; a 422-worthy DatasetError naming the line that is not
    UTF-8 or not CSV, or the point past MAX_ROWS or MAX_CELLS where reading stopped."""
    return list(iter_csv_rows(csv_text(data, label), label))


def csv_text(data: bytes, label: str) -> str:
    """A CSV file's bytes as text; the error names the first byte that is not UTF-8, or says
    the file is UTF-16 (its BOM; Python's "invalid start byte" would say byte 1)."""
    if data.startswith(UTF16_BOMS):
        raise DatasetError.of("dataset.csv_utf16", label=label)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DatasetError.of("dataset.not_utf8_at", label=label, line=line,
                              byte=error.start + 1) from None  # fmt: skip


def iter_csv_rows(text: str, label: str) -> Iterator[list[str]]:
    """The rows of a CSV text one at a time (see `csv_rows`): the error comes when reading
    gets to the line that is not CSV (`csvrows.rows`, its reason in our words), or past
    MAX_ROWS or MAX_CELLS."""
    count = 0
    cells = 0
    try:
        for row in csvrows.rows(text):
            count += 1
            cells += len(row)
            if count > MAX_ROWS:
                raise DatasetError.of("dataset.too_many_rows", label=label, limit=MAX_ROWS)
            if cells > MAX_CELLS:
                raise DatasetError.of("dataset.too_many_cells", label=label, row=count - 1,
                                      limit=MAX_CELLS)  # fmt: skip
            yield row
    except csvrows.NotCsv as error:
        raise DatasetError.of("dataset.not_csv_at", label=label, line=error.line,
                              error=error.reason) from None  # fmt: skip


def columns_shown(header: list[str], separator: str = ",") -> str:
    """A header as messages show it: its first SHOWN_COLUMNS names, then "..." when there are
    more, so a 100,000-column header makes no megabyte of message for each bad row."""
    shown = separator.join(_shown_text(name) for name in header[:SHOWN_COLUMNS])
    return shown + (f"{separator}..." if len(header) > SHOWN_COLUMNS else "")


def _too_many_classes(text: str) -> bool:
    """A class index (ASCII digits) past MAX_CLASSES, without making an int of a
    5000-digit one (Python refuses those with a ValueError)."""
    digits = text.lstrip("0")
    return len(digits) > len(str(MAX_CLASSES)) or int(digits or "0") >= MAX_CLASSES


def is_class_index(text: str) -> bool:
    return CLASS_INDEX.fullmatch(text) is not None


def _shown_text(text: str) -> str:
    """Text as messages quote it: at most SHOWN_CELL characters, then "..."."""
    return text if len(text) <= SHOWN_CELL else text[:SHOWN_CELL] + "..."


def _shown(cell: str) -> Any:
    """A cell as messages quote it: 'abc' (cut after SHOWN_CELL characters), or "an empty
    value"."""
    return f"'{_shown_text(cell)}'" if cell else message("dataset.empty_value")


def is_number(text: str) -> bool:
    try:
        return bool(np.isfinite(float(text)))
    except ValueError:
        return False


def numbers(data: list[tuple[Where, list[str]]], columns: list[int], header: list[str]) -> Array:
    """The cells of `columns` as (rows, columns) float64; the error names every bad cell."""
    cells = [[row[i] for i in columns] for _, row in data]
    try:
        values = np.asarray(cells, dtype=np.float64)
        if np.isfinite(values).all():
            return values
    except ValueError:
        pass
    problems = Problems()
    for where, row in data:
        label, number = _label_and_row(where)
        for i in columns:
            if not is_number(row[i]):
                problems.add(
                    code="dataset.not_number",
                    label=label,
                    row=number,
                    column=header[i],
                    value=_shown(row[i]),
                )
    problems.check()
    raise AssertionError("unreachable: some cell did not parse")
