"""Inference over a whole dataset: a trained job's predictions for every sample, as a CSV.

`run_inference` is what the `netcanvas.infer` task calls (format and bounds:
`netcanvas/inference.py`). It reads the dataset (a built-in's samples with the job's seed,
or an upload's file; every input variable, `x2:` columns too, for a network of several
Inputs), runs the network over it in batches (`worker/batches.py`) and streams the rows
into a temporary file that becomes `<run>.csv` only once every row is written; then the
state says `succeeded`. While it runs, the state is rewritten with the rows done at least
every `HEARTBEAT_S`, so the API can tell a run whose worker died.
A failure is written into the state, never raised.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from netcanvas.datasets import DATASETS
from netcanvas.inference import (
    BATCH_SIZE,
    HEARTBEAT_S,
    MAX_ROWS,
    TIME_LIMIT_S,
    CsvLayout,
    InferenceRun,
    csv_lines,
    csv_path,
    now,
    read_state,
    state_path,
)

from . import atomic
from .batches import Batch, predict_batches, task_of
from .datasets import builtin, cache, public
from .datasets.base import DatasetError
from .datasets.prepare import Decoded
from .datasets.upload import load_upload
from .predict import PredictError, load_network

PROGRESS_S = 0.5  # the rows done are told at most this often


class TooSlow(Exception):
    """The run went past `TIME_LIMIT_S`."""


@dataclass(frozen=True)
class Samples:
    """Every sample of a dataset in order (its training part, then its own validation part)."""

    x: torch.Tensor  # (N, ...) as decoded: uint8 images, int64 token ids or float32
    y: np.ndarray  # (N,) class indices or (N, ...) targets
    task: str
    class_names: list[str]
    total: int  # before `MAX_ROWS`
    more_x: dict[str, torch.Tensor] = field(default_factory=dict)  # x2, ... (several Inputs)

    def variables(self) -> dict[str, torch.Tensor]:
        """Every input variable by name (`x`, `x2`, ...), what `predict_batches` feeds."""
        return {"x": self.x, **self.more_x}


def read_samples(dataset: str, path: str | None, seed: int) -> Samples:
    """A built-in `dataset` (generated with `seed`), or the upload stored at `path`."""
    root = cache.data_dir()
    if path is not None:
        decoded = load_upload(Path(path), None, root)
    elif dataset in builtin.GENERATORS:
        decoded = builtin.generate(dataset, seed)
    elif dataset in DATASETS:
        decoded = public.load_public(dataset, root)
    else:
        raise DatasetError.of("dataset.unknown", ref=dataset, builtin="", public="")
    return _all_samples(decoded)


def _all_samples(decoded: Decoded) -> Samples:
    parts_x, parts_y = [decoded.x], [decoded.y]  # a source with x2... has no own validation
    if decoded.x_val is not None and decoded.y_val is not None:
        parts_x.append(decoded.x_val)
        parts_y.append(decoded.y_val)
    total = sum(len(part) for part in parts_x)
    x = np.concatenate(parts_x)[:MAX_ROWS] if len(parts_x) > 1 else parts_x[0][:MAX_ROWS]
    y = np.concatenate(parts_y)[:MAX_ROWS] if len(parts_y) > 1 else parts_y[0][:MAX_ROWS]
    more = {name: _tensor(np.asarray(values)[:MAX_ROWS]) for name, values in decoded.more_x.items()}
    return Samples(_tensor(x), y, decoded.task, list(decoded.class_names), total, more)


def _tensor(values: np.ndarray) -> torch.Tensor:
    """Samples as decoded: uint8 images, int64 token ids or float32 (anything else made so)."""
    tensor = torch.from_numpy(np.ascontiguousarray(values).copy())
    if not (tensor.dtype in (torch.uint8, torch.int64) or tensor.is_floating_point()):
        tensor = tensor.float()
    return tensor


class StateFile:
    """The run's state file, rewritten atomically on each change and by a heartbeat."""

    def __init__(self, path: Path, run: InferenceRun) -> None:
        self.path, self.run = path, run
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beat = threading.Thread(target=self._beating, daemon=True)

    def update(self, **changes: Any) -> None:
        with self._lock:
            self.run = self.run.model_copy(update={**changes, "updated_at": now()})
            with atomic.replacing(self.path) as temporary:
                temporary.write_text(self.run.model_dump_json())

    def __enter__(self) -> StateFile:
        self._beat.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._beat.join()

    def _beating(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            self.update()


def run_inference(job_folder: Path, run_id: str, path: str | None, seed: int) -> str:
    """Run `run_id` (its state written by the API) and return its final status."""
    run = read_state(state_path(job_folder, run_id))
    if run is None or run.status != "queued":
        return "skipped"
    state = StateFile(state_path(job_folder, run_id), run)
    state.update(status="running")
    try:
        with state:
            rows = _predict_into_csv(job_folder, run_id, path, seed, state)
    except Exception as error:  # whatever it was, the state says so
        text = str(error) or type(error).__name__
        state.update(status="failed", error=text, finished_at=now(), **_coded(error))
        return "failed"
    state.update(status="succeeded", rows=rows, finished_at=now())
    return "succeeded"


def _coded(error: Exception) -> dict[str, Any]:
    """A refusal's message code and params (`error_code`, `error_params`), so the API words it
    in the reader's language; none for anything else (its English text is all there is)."""
    if isinstance(error, PredictError):
        return {"error_code": error.code, "error_params": error.params}
    if isinstance(error, DatasetError) and len(error.coded) == 1:
        code, params = error.coded[0]
        if code != "dataset.other":
            return {"error_code": code, "error_params": params}
    return {}


def _predict_into_csv(
    job_folder: Path, run_id: str, path: str | None, seed: int, state: StateFile
) -> int:
    started = time.monotonic()
    network, evaluation = load_network(job_folder)
    samples = read_samples(state.run.dataset, path, seed)
    state.update(total=len(samples.x), limited=samples.total > len(samples.x))
    layout = _layout(evaluation, samples, network.output_shape)
    target = csv_path(job_folder, run_id)
    with (
        atomic.replacing(target) as temporary,
        temporary.open("w", newline="", encoding="utf-8") as out,
    ):
        out.write(csv_lines([layout.header()]))
        told = started
        for batch in predict_batches(network, evaluation, samples.variables(), BATCH_SIZE):
            out.write(csv_lines(_rows(layout, samples, batch)))
            clock = time.monotonic()
            if clock - started > TIME_LIMIT_S:
                raise TooSlow(f"the run took longer than {TIME_LIMIT_S} s")
            if clock - told > PROGRESS_S:
                state.update(rows=batch.start + len(batch.values))
                told = clock
    return len(samples.x)


def _layout(evaluation: dict[str, Any], samples: Samples, output_shape: Any) -> CsvLayout:
    task = task_of(evaluation)
    target_width = int(np.prod(samples.y.shape[1:])) if samples.y.ndim > 1 else 1
    return CsvLayout(
        task=task,  # type: ignore[arg-type]
        class_names=tuple(str(n) for n in evaluation.get("class_names") or []),
        target="labels" if samples.task == "classification" else "values",
        target_width=target_width,
        output_width=int(np.prod(output_shape)) if output_shape else 1,
        input_width=_tabular_width(samples.x),
    )


def _tabular_width(x: torch.Tensor) -> int:
    """The values a tabular sample repeats in its row: vectors of numbers, not images,
    sequences or token ids."""
    return int(x.shape[1]) if x.dim() == 2 and x.is_floating_point() else 0


def _rows(layout: CsvLayout, samples: Samples, batch: Batch) -> list[list[str]]:
    rows = []
    end = batch.start + len(batch.values)
    inputs = samples.x[batch.start : end].tolist() if layout.input_width else None
    for offset, values in enumerate(batch.values.tolist()):
        i = batch.start + offset
        own = inputs[offset] if inputs is not None else ()
        rows.append(layout.row(i, _target(samples, i), values, own))
    return rows


def _target(samples: Samples, i: int) -> str | list[float]:
    if samples.task == "classification":
        k = int(samples.y[i])
        return samples.class_names[k] if 0 <= k < len(samples.class_names) else str(k)
    return [float(v) for v in np.asarray(samples.y[i], dtype=np.float64).reshape(-1)]
