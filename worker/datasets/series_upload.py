"""An uploaded CSV read as one long time series (`netcanvas.series.SeriesSettings`).

The CSV (a plain file, or the one CSV in a zip) has a header; the
columns named in the settings are read in file order, one row a time step.
A cell that is not a number is an error naming its row and column (every bad
cell is listed); a window longer than the series is an error naming both
lengths. Columns the settings do not name (a date, a comment) are not read,
except that the first column's text names each validation step on the job page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from netcanvas.messages import message
from netcanvas.series import SeriesSettings

from . import series
from .base import DatasetError, Where
from .prepare import Decoded
from .sources import is_junk
from .table import columns_shown, csv_rows, numbers

MAX_BYTES = 200 * 2**20
NAME_CHARS = 40  # a step's name (its first cell) as the evaluation keeps it


def load_series_upload(path: Path, settings: SeriesSettings, label: str) -> Decoded:
    """Windows of the upload's series, split in time order as `settings` say."""
    rows = csv_rows(_csv_bytes(path, label), label)
    if not rows:
        raise DatasetError.of("dataset.csv_empty", label=label)
    header = [cell.strip() for cell in rows[0]]
    columns = []
    for name in settings.inputs:
        if name not in header:
            raise DatasetError.of(
                "series.no_column", label=label, column=name, header=columns_shown(header, ", ")
            )
        columns.append(header.index(name))
    data: list[tuple[Where, list[str]]] = []
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        data.append((message("dataset.at_row", label=label, row=number), cells))
    if not data:
        raise DatasetError.of("dataset.no_rows", label=label)
    values = numbers(data, columns, header)  # (T, F); the error names each bad cell
    windows = series.cut_windows(values, 0, settings.window, settings.horizon, label)
    steps = len(values)
    first = series.first_validation_step(
        steps, settings.window, settings.horizon, settings.validation
    )
    names = [cells[0][:NAME_CHARS] for _, cells in data]
    return series.split_in_time(windows, first, label, names)


def _csv_bytes(path: Path, label: str) -> bytes:
    """The CSV's bytes: the file itself, or the one CSV in a zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            found = [
                info
                for info in archive.infolist()
                if info.filename.lower().endswith(".csv") and not is_junk(info.filename)
            ]
            if len(found) != 1:
                names = ", ".join(info.filename for info in found[:10]) or "-"
                raise DatasetError.of("series.one_csv", label=label, files=names)
            if found[0].file_size > MAX_BYTES:
                raise DatasetError.of("series.too_large", label=label, limit_mib=MAX_BYTES >> 20)
            raw = archive.read(found[0])
    else:
        if path.stat().st_size > MAX_BYTES:
            raise DatasetError.of("series.too_large", label=label, limit_mib=MAX_BYTES >> 20)
        raw = path.read_bytes()
    return raw
