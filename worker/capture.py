"""The GPU fast path: the training step captured once as a CUDA graph, then replayed.

`plan(config, device, split)` says whether a run captures its step: on CUDA, with an
optimizer whose update PyTorch can capture (`optim.CAPTURABLE`, made `capturable`) and
the training split on the device, since the gather is part of the graph; otherwise, on
CUDA, why not, as a message for the job's log. `CapturedStep` wraps the run's
`TrainStep` (`worker/step.py`) and is called as it is, once a step, with the batch's
indices:

- a batch of the configured size is the static step: its indices are copied into a
  static index tensor on the device and `TrainStep` runs on that tensor, the learning
  rate of each parameter group read from a device tensor; a schedule's new rate is
  written into it between steps, so no rate is ever baked into the graph;
- the first `WARMUP` static steps run uncaptured on a side stream (lazy optimizer state,
  cuDNN's plans, the allocator), as PyTorch's whole-network example does; the next one is
  captured with `torch.cuda.graph` and replayed, and every later one only replays;
- a batch of another size (the partial last batch of `last_batch: keep`) runs the same
  `TrainStep` eagerly;
- a failure to warm up or capture (an op that syncs or cannot be captured, a library
  that refuses) leaves the run on the eager step for good, and the job's log says why.
  The batch is then trained eagerly: a failed capture ran none of its kernels.

The graph replays into the very tensors the trainer reads (`loss_sum`, `correct`, the
weights, the optimizer's state), so the per-step curve, `should_stop()` before every
step, checkpoints and the epoch's sync points are the same as without it.

Everything but `torch.cuda.graph` itself runs on a CPU too: `recorder(device)` makes the
graph, and on a CPU it is `Uncaptured`, whose replay runs the static step; the tests
force the fast path on with `wants_capture` and make the recorder fail to see the
fallback.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import torch

from netcanvas.messages import message
from netcanvas.training_config import TrainingConfig

from .optim import CAPTURABLE
from .step import Split, TrainStep

WARMUP = 3  # uncaptured static steps before the capture (PyTorch's example takes 3)
Body = Callable[[], None]
Log = Callable[..., None]  # log(code, **params): a line for the job's log


class Graph(Protocol):
    def replay(self) -> None: ...


def wants_capture(device: torch.device) -> bool:
    """Whether a run on `device` tries the fast path (a test forces it on a CPU)."""
    return device.type == "cuda"


@dataclass
class Plan:
    capture: bool
    reason: dict[str, Any] | None = None  # a message, when a GPU run cannot capture


def plan(config: TrainingConfig, device: torch.device, split: Split) -> Plan:
    """Whether a run captures its training step, and why not when it is on a GPU."""
    if not wants_capture(device):
        return Plan(False)
    if config.optimizer not in CAPTURABLE:
        return Plan(False, message("capture.optimizer", optimizer=config.optimizer))
    if split.x.device.type != device.type:
        return Plan(False, message("capture.host_split"))
    return Plan(True)


class Uncaptured:
    """What a captured graph would replay, run as it is: a CPU's stand-in for `record_cuda`."""

    def __init__(self, body: Body) -> None:
        self.body = body

    def replay(self) -> None:
        self.body()


def record_cuda(body: Body) -> Graph:
    """Capture `body` as a CUDA graph: its kernels are recorded, none of them runs."""
    graph = torch.cuda.CUDAGraph()
    stream = torch.cuda.current_stream()
    try:
        with torch.cuda.graph(graph):
            body()
    except BaseException:
        # capture_end raising (an invalidated capture) skips the stream context's exit.
        torch.cuda.set_stream(stream)
        raise
    return graph


def recorder(device: torch.device) -> Callable[[Body], Graph]:
    return record_cuda if device.type == "cuda" else Uncaptured


def warm(body: Body, device: torch.device) -> None:
    """Run `body` as a warm-up step: on CUDA on a side stream, as PyTorch asks before a
    capture, ordered after what is queued and before what follows (no host sync)."""
    if device.type != "cuda":
        body()
        return
    side = torch.cuda.Stream(device)  # type: ignore[no-untyped-call]
    side.wait_stream(torch.cuda.current_stream(device))
    try:
        with torch.cuda.stream(side):
            body()
    finally:  # a step that failed partway may have queued kernels: what follows waits
        torch.cuda.current_stream(device).wait_stream(side)


@contextmanager
def quiet_capturable() -> Iterator[None]:
    """A capturable optimizer warns when it steps uncaptured; warm-up and partial batches do."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*capturable=True.*")
        yield


class CapturedStep:
    """Called as `TrainStep` is, with a batch's indices; replays one CUDA graph for every
    batch of `size` once captured (the module's docstring)."""

    def __init__(self, step: TrainStep, size: int, log: Log) -> None:
        self.step, self.size, self.log = step, size, log
        self.device = step.device
        self.index = torch.zeros(size, dtype=torch.long, device=self.device)  # (B,) static
        groups = step.optimizer.param_groups
        self.lr_values = [float(group["lr"]) for group in groups]  # as last written below
        self.lrs = [torch.tensor(v, device=self.device) for v in self.lr_values]  # () each
        self.graph: Graph | None = None
        self.warmed, self.eager = 0, False  # eager: after a failed warm-up or capture
        self.epoch, self.calls = 0, 0  # where the run is, for the log
        self.record = recorder(self.device)
        step.cache_casts = False  # autocast's cast cache would keep tensors of the capture

    def start_epoch(self, epoch: int) -> None:
        self.epoch, self.calls = epoch, 0
        self.step.start_epoch(epoch)

    def __call__(self, index: torch.Tensor) -> None:
        self.calls += 1
        if self.eager or len(index) != self.size:
            with quiet_capturable():
                self.step(index)
            return
        self.index.copy_(index)  # (B,) on the device: queued, no sync
        self._write_lr()
        if self.graph is not None:
            self.graph.replay()
        elif self.warmed < WARMUP:
            self._attempt(lambda: warm(self._static, self.device), index)
            self.warmed += 1
        else:
            self._attempt(self._capture, index)

    def _static(self) -> None:
        """The step as the graph holds it: through the static index, each group's rate read
        from its device tensor (the groups keep plain numbers for the schedule and the
        checkpoints outside this call)."""
        groups = self.step.optimizer.param_groups
        for group, lr in zip(groups, self.lrs, strict=True):
            group["lr"] = lr
        try:
            with quiet_capturable():
                self.step(self.index)
        finally:
            for group, value in zip(groups, self.lr_values, strict=True):
                group["lr"] = value

    def _write_lr(self) -> None:
        """A schedule's new rate into the tensor the graph reads, queued before the replay."""
        for i, group in enumerate(self.step.optimizer.param_groups):
            if group["lr"] != self.lr_values[i]:
                self.lrs[i].fill_(group["lr"])
                self.lr_values[i] = group["lr"]

    def _capture(self) -> None:
        # With .grad unset, the captured backward allocates the gradients from the graph's
        # own memory pool, and each replay refills them there (PyTorch's whole-network capture).
        self.step.optimizer.zero_grad(set_to_none=True)
        graph = self.record(self._static)
        self.log("log.captured", epoch=self.epoch, step=self.calls)
        self.graph = graph
        graph.replay()

    def _attempt(self, run: Body, index: torch.Tensor) -> None:
        """Run a warm-up step or the capture; on failure, say why and train the batch eagerly."""
        try:
            run()
        except torch.OutOfMemoryError:
            raise  # the run fails as any other that runs out of memory
        except Exception as error:  # any refusal of a warm-up or capture, whatever raised it
            self.graph, self.eager = None, True
            self.step.optimizer.zero_grad(set_to_none=True)  # drop gradients of the graph's pool
            reason = message("capture.error", epoch=self.epoch, step=self.calls, error=why(error))
            self.log("log.capture_fallback", reason=reason)
            # A warm-up step runs, unlike a capture: one that failed partway may have run
            # its forward pass (BatchNorm's statistics move once more), but the weights
            # change only in the optimizer's update, its end.
            with quiet_capturable():
                self.step(index)


def why(error: BaseException) -> str:
    """The first error of a chain (a failed capture raises again when it ends), on one line."""
    first, seen = error, 0
    while first.__context__ is not None and seen < 8:
        first, seen = first.__context__, seen + 1
    lines = str(first).strip().splitlines()
    text = f"{type(first).__name__}: {lines[0]}" if lines else type(first).__name__
    return text if len(text) <= 300 else text[:299] + "…"
