"""Inference over a dataset: a run's state file and the CSV it writes, torch-free.

`POST /api/jobs/{id}/inference` runs a trained job over a whole dataset in the worker
(`worker/inference.py`) and gives a CSV like Neural Network Console's evaluation output.
Each run keeps two files in `artifacts/<job>/inference/`: `<run>.json`, its state (an
`InferenceRun`, the truth the API reads), and `<run>.csv` once it succeeded. Both are
written under a temporary name and renamed, so a killed worker never leaves a CSV that
looks complete; a run whose state stopped moving is shown as failed (`shown`).

The CSV (`CsvLayout`): `id` (the sample's 0-based row in the dataset: its training part,
then its own validation or test part if it has one), a tabular sample's own values
(`x__0`, `x__1`, ... in the dataset's units, up to `MAX_VALUE_COLUMNS` of them), the
true value when the dataset has one (`y`: the class name, or `y`/`y_0`, `y_1`... for
regression), then the prediction: `y'` (the predicted class name) and one `p_<class>`
probability column per class for a classification; `y'` or `y'_0`, `y'_1`... for
regression; `reconstruction_error` (the sample's mean squared error) for an autoencoder.

Bounds: at most `MAX_ROWS` rows a run (a larger dataset gives its first `MAX_ROWS`,
`limited` says so), `MAX_VALUE_COLUMNS` values of a regression output or target,
`TIME_LIMIT_S` a run, one run at a time per job and the newest `MAX_RUNS` runs kept.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

MAX_ROWS = 100_000
MAX_VALUE_COLUMNS = 64
MAX_RUNS = 20  # per job: starting one more deletes the oldest ended one
TIME_LIMIT_S = 600
BATCH_SIZE = 256
HEARTBEAT_S = 5.0  # a running run's state is rewritten at least this often
RUNNING_STALE_S = 120.0  # a running run unchanged this long lost its worker
QUEUED_STALE_S = 1800.0  # a queued run no worker took this long
FOLDER = "inference"
RUN_ID = re.compile(r"^[0-9a-f]{16}$")
WORKER_LOST = "the worker stopped before the run ended"
NEVER_STARTED = "no worker took the run"

RunStatus = Literal["queued", "running", "succeeded", "failed"]
Task = Literal["classification", "regression", "autoencoder"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class InferenceRun(BaseModel):
    """One run of a trained job over a dataset, as its state file keeps it."""

    id: str = Field(description="The run's id (16 hex digits).")
    job_id: int
    dataset: str = Field(description="A built-in dataset's name or `upload:<id>`.")
    status: RunStatus
    rows: int = Field(0, description="Rows predicted so far (all of them once it succeeded).")
    total: int | None = Field(None, description="Rows the run covers, once the data is read.")
    limited: bool = Field(False, description=f"The dataset had more than {MAX_ROWS:,} rows.")
    error: str = Field("", description="Why it failed.")
    error_code: str | None = Field(
        None, description="Why it failed, as a message code, when the worker refused the data."
    )
    error_params: dict[str, Any] | None = Field(None, description="The params of `error_code`.")
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None


def new_run_id() -> str:
    return secrets.token_hex(8)


def now() -> datetime:
    return datetime.now(UTC)


def runs_folder(job_folder: Path) -> Path:
    return job_folder / FOLDER


def state_path(job_folder: Path, run_id: str) -> Path:
    return runs_folder(job_folder) / f"{run_id}.json"


def csv_path(job_folder: Path, run_id: str) -> Path:
    return runs_folder(job_folder) / f"{run_id}.csv"


def read_state(path: Path) -> InferenceRun | None:
    """The run in `path`, or None when there is none (or it cannot be read)."""
    try:
        return InferenceRun.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def list_runs(job_folder: Path) -> list[InferenceRun]:
    """Every run of the job, newest first."""
    folder = runs_folder(job_folder)
    if not folder.is_dir():
        return []
    found = (read_state(path) for path in folder.glob("*.json") if RUN_ID.match(path.stem))
    return sorted((run for run in found if run), key=lambda run: run.created_at, reverse=True)


def shown(run: InferenceRun, at: datetime | None = None) -> InferenceRun:
    """The run as the API tells it: one whose state stopped moving has failed."""
    at = at or now()
    idle = (at - run.updated_at).total_seconds()
    if run.status == "running" and idle > RUNNING_STALE_S:
        return run.model_copy(update={"status": "failed", "error": WORKER_LOST})
    if run.status == "queued" and idle > QUEUED_STALE_S:
        return run.model_copy(update={"status": "failed", "error": NEVER_STARTED})
    return run


def write_state_atomically(path: Path, run: InferenceRun) -> None:
    """The API's writes of a state file (the worker writes through `worker.atomic`):
    a hidden temporary file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{secrets.token_hex(8)}")
    try:
        temporary.write_text(run.model_dump_json())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class CsvLayout:
    """The columns of one run's CSV.

    task: the job's task. class_names: the job's classes (classification).
    target: what the dataset's true values are: class names (`labels`, for any task),
    numbers (`values`) or none. target_width / output_width: values per sample
    (capped at `MAX_VALUE_COLUMNS`)."""

    task: Task
    class_names: tuple[str, ...] = ()
    target: Literal["labels", "values"] | None = None
    target_width: int = 1
    output_width: int = 1
    input_width: int = 0

    def header(self) -> list[str]:
        inputs = [f"x__{i}" for i in range(min(self.input_width, MAX_VALUE_COLUMNS))]
        columns = ["id", *inputs, *self._target_columns()]
        if self.task == "classification":
            return [*columns, "y'", *(f"p_{name}" for name in self.class_names)]
        if self.task == "regression":
            return [*columns, *numbered("y'", capped(self.output_width))]
        return [*columns, "reconstruction_error"]

    def _target_columns(self) -> list[str]:
        if self.target == "labels":
            return ["y"]
        if self.target == "values":
            return numbered("y", capped(self.target_width))
        return []

    def row(
        self,
        sample_id: int,
        target: str | Sequence[float] | None,
        output: Sequence[float] | float,
        inputs: Sequence[float] = (),
    ) -> list[str]:
        """One sample's cells. target: its class name or values (None without one);
        output: class probabilities, output values, or the reconstruction error;
        inputs: the sample's own values when `input_width` asks for them."""
        shown_inputs = list(inputs)[: min(self.input_width, MAX_VALUE_COLUMNS)]
        cells = [str(sample_id), *(number(v) for v in shown_inputs)]
        if self.target == "labels":
            cells.append(text_cell(str(target)))
        elif self.target == "values":
            values = [] if target is None or isinstance(target, str) else list(target)
            cells += [number(v) for v in values[: capped(self.target_width)]]
        if isinstance(output, float | int):
            return [*cells, number(output)]
        values = list(output)
        if self.task == "classification":
            best = max(range(len(values)), key=values.__getitem__) if values else 0
            return [*cells, text_cell(self.class_name(best)), *(number(p) for p in values)]
        return [*cells, *(number(v) for v in values[: capped(self.output_width)])]

    def class_name(self, index: int) -> str:
        return self.class_names[index] if 0 <= index < len(self.class_names) else str(index)


def numbered(name: str, width: int) -> list[str]:
    """`y` for one value, `y_0`, `y_1`... for several."""
    return [name] if width == 1 else [f"{name}_{i}" for i in range(width)]


def capped(width: int) -> int:
    return max(1, min(width, MAX_VALUE_COLUMNS))


def number(value: float) -> str:
    return f"{float(value):.6g}"


def text_cell(text: str) -> str:
    """A class name as a spreadsheet shows it as text: a leading `=`, `+`, `-` or `@` would
    make it a formula there, so such a name is written after a `'` (as spreadsheets do)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_lines(rows: Sequence[Sequence[str]]) -> str:
    """Rows as CSV text (commas and quotes in a cell quoted, `\\r\\n` line ends, RFC 4180)."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()
