"""The training loop: plain functions around one `Trainer`, reporting through `emit(event)`.

Batches are index slices of tensors already in memory (on the GPU when they
fit), never a per-sample Python loop. Running sums of the loss stay on the
device; they are read (a GPU sync) only at the emit interval and at the end of
an epoch. `should_stop()` is asked every step, so a cancel stops within a step.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import torch

from netcanvas.datasets import DATASETS
from netcanvas.events import EpochEvent, EvaluationEvent, LogEvent, MetricsEvent, ProgressEvent
from netcanvas.training_config import TrainingConfig

from . import capture, checkpoints
from .anomaly import anomaly_flags, auc
from .boundary import Boundary
from .calibration import probability_source
from .checkpoints import KeepBest, Progress
from .compiler import GraphNetwork
from .datasets.base import Dataset
from .evaluation import (
    classification_report,
    reconstruction_errors,
    reconstruction_report,
    regression_report,
)
from .inputs import feed
from .layer_stats import HIST_EPOCHS, NORM_EPOCHS, carries, layer_stats
from .optim import finite, make_optimizer, make_schedule
from .predictions import Arrays, classification_table, reconstruction_table, regression_table
from .samples import Samples
from .split_evaluation import eval_outputs, evaluate_split, headline_scores, summarise_test
from .step import Split, TrainStep
from .targets import TargetPlan, class_scores, make_targets

Emit = Callable[[dict[str, Any]], None]
EMIT_INTERVAL_S = 0.5
# The per-step curve's points on a CPU, where reading the sums is no device sync: often enough
# that a short run with small batches shows its steps (batch size 1 against a full batch).
CPU_POINT_INTERVAL_S = 0.01
STEP_POINTS = 1000  # the per-step curve's points in a whole run, about (`points_per_epoch`)
WARM_STEPS = 5  # steps of the first epoch that `samples_per_s` leaves out (lazy state, caches)
# What `samples_per_s` is timed by unless `train(clock=...)` says otherwise: wall time.
# bench/train_speed.py's `--clock cpu` passes the process's CPU time, for both sides, where a
# loaded machine makes wall time the neighbours'.
Clock = Callable[[], float]
WALL_CLOCK: Clock = time.perf_counter


class StopTraining(Exception):
    """Ends the run early with a status and a reason a person can act on."""

    def __init__(self, status: Literal["failed", "cancelled"], reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Outcome:
    status: Literal["succeeded", "failed", "cancelled"]
    reason: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    evaluation: dict[str, Any] | None = None
    summary: dict[str, float] = field(default_factory=dict)
    evaluation_samples: dict[str, Any] | None = None  # the evaluated inputs, for the browser
    predictions: Arrays | None = None  # every evaluated prediction (`worker/predictions.py`)


def pick_device(choice: str) -> torch.device:
    if choice == "cuda" and not torch.cuda.is_available():
        raise StopTraining("failed", "device 'cuda' was asked for but this worker has no GPU")
    if choice == "auto":
        choice = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(choice)


def batch_starts(samples: int, size: int, last_batch: str) -> list[int]:
    """Where each step's batch starts in an epoch's shuffled order. A last batch of a single
    sample is left out (BatchNorm cannot train on it), and with `last_batch="drop"` any
    smaller last batch, so that every step has one shape; never the only batch."""
    starts = list(range(0, samples, size))
    partial = samples % size
    if len(starts) > 1 and (partial == 1 or (partial and last_batch == "drop")):
        starts.pop()  # its samples are others next epoch, in a new order
    return starts


CONVOLUTIONS_2D = (torch.nn.Conv2d, torch.nn.ConvTranspose2d)


def channels_last(network: torch.nn.Module, device: torch.device) -> bool:
    """Whether to train in channels-last memory format: networks with 2-D convolutions, whose
    fast kernels take it, cuDNN's on a GPU and oneDNN's on the CPU (a training step of each
    convolutional sample network took 10–20 % less time so on one thread of this project's
    2-core CPU machine)."""
    onednn: bool = torch.backends.mkldnn.is_available()  # type: ignore[no-untyped-call]
    fast = device.type == "cuda" or onednn
    return fast and any(isinstance(m, CONVOLUTIONS_2D) for m in network.modules())


def to_channels_last(network: torch.nn.Module) -> None:
    """The 2-D convolutions' weights channels-last; only theirs, since `Module.to` would refuse
    the 5-D weights of a Conv3d in the same network."""
    for module in network.modules():
        if isinstance(module, CONVOLUTIONS_2D):
            module.to(memory_format=torch.channels_last)  # type: ignore[call-overload]


def points_per_epoch(epochs: int) -> int:
    """How many points of the per-step curve an epoch sends at most: a long run stays light."""
    return max(2, min(50, STEP_POINTS // max(epochs, 1)))


@dataclass
class Window:
    """Where the per-step curve's previous point was: the loss and accuracy since it."""

    step: int = 0
    loss_sum: float = 0.0
    correct: int = 0
    seen: int = 0


class Trainer:
    def __init__(
        self,
        network: GraphNetwork,
        dataset: Dataset,
        config: TrainingConfig,
        plan: TargetPlan,
        emit: Emit,
        should_stop: Callable[[], bool],
        device: torch.device,
        checkpoint: Path | None = None,
        may_checkpoint: Callable[[], bool] = lambda: True,
    ) -> None:
        self.source = dataset  # as loaded, every input variable; `dataset` feeds the Inputs
        dataset = feed(network, dataset)  # several Inputs: x packed (worker/inputs.py)
        self.network, self.dataset, self.config, self.plan = network, dataset, config, plan
        self.emit, self.should_stop, self.device = emit, should_stop, device
        self.checkpoint = checkpoint  # written after every epoch; resumed from when it exists
        self.may_checkpoint = may_checkpoint  # asked before each save
        self.tokens = len(network.input_ids) == 1 and network.input_ids[0] in network.token_vocab
        self.memory_format = torch.contiguous_format
        if channels_last(network, device):
            self.memory_format = torch.channels_last
            to_channels_last(network)
        self.train = self._place(dataset.x_train, dataset.y_train)
        self.val = self._place(dataset.x_val, dataset.y_val)
        trainable = [p for p in network.parameters() if p.requires_grad]
        self.fast_path = capture.plan(config, device, self.train)
        capturable = self.fast_path.capture and device.type == "cuda"
        self.optimizer = make_optimizer(trainable, config, capturable=capturable)
        self.schedule = make_schedule(self.optimizer, config)
        self.generator = torch.Generator().manual_seed(config.seed)
        self.autocast = config.mixed_precision and device.type == "cuda"
        self.step = TrainStep(
            network,
            self.optimizer,
            self.train,
            device,
            predict=self._predict,
            memory_format=self.memory_format,
            autocast=self.autocast,
        )
        self.runner: TrainStep | capture.CapturedStep = self.step  # what runs each step
        if self.fast_path.capture:
            self.runner = capture.CapturedStep(self.step, config.batch_size, self._log)
        self.history: list[dict[str, Any]] = []
        self.throughput = (0, 0.0)  # (samples, seconds) of steady-state training
        self.evaluate_start = False  # evaluate the starting weights before training
        self.clock = WALL_CLOCK  # what times `samples_per_s` (`train`'s `clock`)
        self.start: dict[str, Any] = {}  # that evaluation: val_loss, val_accuracy
        self.boundary = Boundary.plan_for(network, dataset, plan, device)  # 2-D classifiers
        self.samples = Samples.plan_for(network, dataset, device)  # generative networks

    def _place(self, x: torch.Tensor, y: torch.Tensor) -> Split:
        x = x.long() if self.tokens else x.float()
        targets = make_targets(self.plan, x, y)
        labels = y if self.plan.task == "classification" else None

        home = self.device if self._fits(x, targets) else torch.device("cpu")
        moved: dict[int, torch.Tensor] = {}  # targets that are the labels (or inputs) move once

        def move(tensor: torch.Tensor) -> torch.Tensor:
            if id(tensor) not in moved:
                pinned = home.type == "cpu" and self.device.type == "cuda"
                # pinned: batches then copy to the GPU asynchronously
                moved[id(tensor)] = (
                    tensor.pin_memory() if pinned else tensor.to(home, non_blocking=True)
                )
            return moved[id(tensor)]

        return Split(move(x), move(targets), move(labels) if labels is not None else None)

    def _fits(self, *tensors: torch.Tensor) -> bool:
        """Whether a split can live on the training device: half of the free GPU memory at most."""
        if self.device.type != "cuda":
            return True
        free, _ = torch.cuda.mem_get_info(self.device)
        return sum(t.numel() * t.element_size() for t in tensors) < free // 2

    # ------------------------------------------------------------ the loop

    def _log(self, code: str, **params: Any) -> None:
        self.emit(LogEvent.of(code, **params).wire())

    def run(self) -> Outcome:
        if self.fast_path.reason is not None:
            self._log("log.capture_fallback", reason=self.fast_path.reason)
        if self.evaluate_start:  # before a checkpoint's weights replace the starting ones
            self._evaluate_start()
        progress = self._resume() if self.checkpoint and self.checkpoint.exists() else None
        best = progress.best if progress else KeepBest()
        first = progress.epoch + 1 if progress else 1
        for epoch in range(first, self.config.epochs + 1):
            if best.stopped:
                break
            row = self._train_epoch(epoch)
            row.update(self._validate())
            self.history.append(row)
            self.emit(EpochEvent.model_validate(row).wire())
            self._follow(epoch, self._score(row), best)
            self._draw_boundary(epoch, best.stopped)
            self._draw_samples(epoch, best.stopped)
            if self.checkpoint is not None and self.may_checkpoint():
                self._save(epoch, best)
        self._report_done()
        kept = None
        if best.state is not None:
            self.network.load_state_dict(best.state)
            kept = self._best_row()
        self._say_which_weights(kept, best.stopped)
        return self._finish(kept)

    def _report_done(self) -> None:
        """The last progress: the last epoch's last step, nothing left. Reports come at most
        every EMIT_INTERVAL_S, so without it a fast run's last one is somewhere before the end."""
        if not self.history:
            return
        steps = len(batch_starts(len(self.train), self.config.batch_size, self.config.last_batch))
        samples, seconds = self.throughput
        done = ProgressEvent(
            epoch=int(self.history[-1]["epoch"]),
            epochs=self.config.epochs,
            step=steps,
            steps=steps,
            samples_per_s=samples / seconds if seconds else 0.0,
            eta_s=0.0,
        )
        self.emit(done.wire())

    def _say_which_weights(self, kept: dict[str, Any] | None, stopped: bool) -> None:
        """Name the epoch whose weights the run ends with, when keep-best chose one or early
        stopping ended a run that keeps the last epoch's (which is then not the best one)."""
        if kept is not None:
            accuracy = self.config.keep_best == "val_accuracy" and "val_accuracy" in kept
            metric = "val_accuracy" if accuracy else "val_loss"
            value = f"{kept[metric]:.1%}" if accuracy else f"{kept[metric]:.4g}"
            self._log(f"log.kept_best_{metric}", epoch=kept["epoch"], value=value)
        elif stopped and self.history:
            scored = [row for row in self.history if "val_loss" in row]
            lowest = min(scored, key=lambda row: row["val_loss"]) if scored else None
            if lowest is not None and lowest is not self.history[-1]:
                self._log("log.kept_last", epoch=self.history[-1]["epoch"], best=lowest["epoch"])

    def _draw_boundary(self, epoch: int, stopped: bool) -> None:
        """The decision boundary over the plane after the epoch, when it is due (`boundary.py`)."""
        if self.boundary is not None:
            event = self.boundary.after_epoch(epoch, self.config.epochs, stopped)
            if event is not None:
                self.emit(event)

    def _draw_samples(self, epoch: int, stopped: bool) -> None:
        """Generated images after the epoch, when they are due (`worker/samples.py`)."""
        if self.samples is not None:
            event = self.samples.after_epoch(epoch, self.config.epochs, stopped)
            if event is not None:
                self.emit(event)

    def _evaluate_start(self) -> None:
        """The starting weights on the validation split, before any step: how well earlier or
        pretrained weights do on this data as they come (domain adaptation's "before")."""
        self.start = self._validate()
        if "val_accuracy" in self.start:
            self._log("log.start_accuracy", accuracy=f"{self.start['val_accuracy']:.1%}")
        elif "val_loss" in self.start:
            self._log("log.start_loss", loss=f"{self.start['val_loss']:.4g}")

    def _best_row(self) -> dict[str, Any] | None:
        """The epoch whose weights keep-best kept: the first with the best score."""
        scored = [(score, n) for n, row in enumerate(self.history) if (score := self._score(row))
                  is not None]  # fmt: skip
        return self.history[min(scored)[1]] if scored else None

    def _follow(self, epoch: int, score: float | None, best: KeepBest) -> None:
        """Keep-best and early stopping after one epoch."""
        if score is not None and score < best.score:
            best.score, best.stale = score, 0
            if self.config.keep_best != "last":
                best.state = copy.deepcopy(self.network.state_dict())
        else:
            best.stale += 1
        if self.config.early_stopping and len(self.val) and best.stale >= self.config.patience:
            self.emit(LogEvent.of("log.early_stopping", epoch=epoch, stale=best.stale).wire())
            best.stopped = True

    def _resume(self) -> Progress:
        assert self.checkpoint is not None
        parts = self.network, self.optimizer, self.schedule, self.generator
        try:
            state = checkpoints.load(self.checkpoint)
            progress = checkpoints.restore(state, *parts, more=self._more_optimizers())
        except checkpoints.CheckpointError as error:
            raise StopTraining("failed", str(error)) from None
        self.history, self.throughput = progress.history, progress.throughput
        code = "log.resumed_stopped" if progress.best.stopped else "log.resumed"
        self.emit(LogEvent.of(code, epoch=progress.epoch).wire())
        return progress

    def _save(self, epoch: int, best: KeepBest) -> None:
        assert self.checkpoint is not None
        progress = Progress(epoch, best, self.history, self.throughput)
        try:
            checkpoints.save(
                self.checkpoint,
                progress,
                self.network,
                self.optimizer,
                self.schedule,
                self.generator,
                self.device,
                more=self._more_optimizers(),
            )
        except OSError as error:
            raise StopTraining(
                "failed", f"cannot write the checkpoint after epoch {epoch}: {error}"
            ) from None

    def _more_optimizers(self) -> list[tuple[Any, Any]]:
        """Optimizers and schedules besides the run's own, kept in its checkpoint (phases)."""
        return []

    def _score(self, row: dict[str, Any]) -> float | None:
        """Lower is better: the metric that early stopping and keep-best follow."""
        if "val_loss" not in row:
            return None
        if self.config.keep_best == "val_accuracy" and "val_accuracy" in row:
            return -float(row["val_accuracy"])
        return float(row["val_loss"])

    def _train_epoch(self, epoch: int) -> dict[str, Any]:
        split, size, step_fn = self.train, self.config.batch_size, self.runner
        self.network.train()
        order = torch.randperm(len(split), generator=self.generator).to(split.x.device)
        starts = batch_starts(len(split), size, self.config.last_batch)
        step_fn.start_epoch(epoch)
        seen, warm_steps = 0, min(WARM_STEPS, len(starts) // 2) if epoch == 1 else 0
        clock, next_emit, steady_from = self.clock(), time.monotonic(), 0
        spacing, window = -(-len(starts) // points_per_epoch(self.config.epochs)), Window()
        next_point, point_gap = next_emit, self._point_interval()
        for step, start in enumerate(starts, 1):
            if self.should_stop():
                raise StopTraining("cancelled", f"cancelled during epoch {epoch}, step {step}")
            index = order[start : start + size]  # (B,) on the split's device
            step_fn(index)
            seen += len(index)
            if step == warm_steps:
                clock, steady_from = self._sync_clock(), seen
            if time.monotonic() >= next_emit:
                next_emit = time.monotonic() + EMIT_INTERVAL_S
                self._report(epoch, step, len(starts), seen, clock, steady_from)
            if step == len(starts) and window.step != step:
                # The epoch's last step always ends its curve (a fast epoch is over before
                # the gap since its first point has passed); its sums are read below anyway.
                window = self._point(epoch, step, len(starts), seen, window)
            elif (step == 1 or step - window.step >= spacing) and time.monotonic() >= next_point:
                next_point = time.monotonic() + point_gap
                window = self._point(epoch, step, len(starts), seen, window)
        train_loss = (self.step.loss_sum / max(seen, 1)).item()  # sync point: once per epoch
        self._count_throughput(seen - steady_from, self.clock() - clock)
        self._check_finite(train_loss, epoch, len(starts))
        lr = self.optimizer.param_groups[0]["lr"]
        self.schedule.step()
        row: dict[str, Any] = {"epoch": epoch, "train_loss": train_loss, "lr": lr}
        if split.labels is not None:
            row["train_accuracy"] = self.step.correct.item() / max(seen, 1)  # sync: once an epoch
        if carries(epoch, self.config.epochs, NORM_EPOCHS):  # the last step's gradients
            histograms = carries(epoch, self.config.epochs, HIST_EPOCHS)
            row["layers"] = layer_stats(self.network, histograms)  # sync: once an epoch
        return row

    def _predict(self, output: torch.Tensor) -> torch.Tensor:
        if self.plan.kind == "binary":
            threshold = 0.0 if self.network.loss_type == "BCEWithLogitsLoss" else 0.5
            return (output[:, 0] > threshold).long()
        return output.argmax(dim=1)

    def _sync_clock(self) -> float:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        return self.clock()

    def _count_throughput(self, samples: int, seconds: float) -> None:
        total_samples, total_seconds = self.throughput
        if samples > 0 and seconds > 0:
            self.throughput = (total_samples + samples, total_seconds + seconds)

    def _report(
        self, epoch: int, step: int, steps: int, seen: int, clock: float, steady_from: int
    ) -> None:
        elapsed = self.clock() - clock
        rate = (seen - steady_from) / elapsed if elapsed > 0 and seen > steady_from else 0.0
        remaining = (self.config.epochs - epoch) * len(self.train) + len(self.train) - seen
        progress = ProgressEvent(
            epoch=epoch,
            epochs=self.config.epochs,
            step=step,
            steps=steps,
            samples_per_s=rate,
            eta_s=remaining / rate if rate else None,
        )
        self.emit(progress.wire())

    def _point_interval(self) -> float:
        """The least time between two points of the per-step curve: each reads the device's
        sums, a sync on a GPU, which a CPU run does not pay."""
        return EMIT_INTERVAL_S if self.device.type == "cuda" else CPU_POINT_INTERVAL_S

    def _point(
        self,
        epoch: int,
        step: int,
        steps: int,
        seen: int,
        previous: Window,
    ) -> Window:
        """Send a point of the per-step curve; returns where it was, for the next one."""
        total = self.step.loss_sum.item()  # sync point: at most every EMIT_INTERVAL_S on a GPU
        self._check_finite(total / seen, epoch, step)
        right = int(self.step.correct.item()) if self.train.labels is not None else 0
        since = max(seen - previous.seen, 1)
        labelled = self.train.labels is not None
        metrics = MetricsEvent(
            epoch=epoch,
            step=step,
            steps=steps,
            train_loss=total / seen,
            lr=self.optimizer.param_groups[0]["lr"],
            train_accuracy=right / seen if labelled else None,
            step_loss=(total - previous.loss_sum) / since,
            step_accuracy=(right - previous.correct) / since if labelled else None,
        )
        self.emit(metrics.wire())
        return Window(step, total, right, seen)

    def _check_finite(self, loss: float, epoch: int, step: int) -> None:
        if not finite(loss):
            raise StopTraining(
                "failed",
                f"the training loss became {loss} in epoch {epoch} "
                f"(by step {step}): try a lower learning rate",
            )

    # ------------------------------------------------------------ validation and the end

    def _outputs(self, split: Split) -> tuple[torch.Tensor, float]:
        """The loss's view of every sample (eval mode), and the mean loss."""
        return eval_outputs(
            self.network, split.x, split.targets, self.device,
            memory_format=self.memory_format, autocast=self.autocast, out_device=split.x.device,
        )  # fmt: skip

    def _validate(self) -> dict[str, Any]:
        if not len(self.val):
            return {}
        return self._scores(self.val, *self._outputs(self.val), prefix="val_")

    def _scores(
        self, split: Split, outputs: torch.Tensor, loss: float, prefix: str
    ) -> dict[str, Any]:
        """The loss and the task's metrics of a split's outputs, named `<prefix><metric>`."""
        row: dict[str, Any] = {f"{prefix}loss": loss}
        if split.labels is not None:
            right = self._predict(outputs) == split.labels
            row[f"{prefix}accuracy"] = float(right.float().mean())
        elif self.plan.task == "autoencoder" and (flags := self._anomaly_flags(split)) is not None:
            area = auc(reconstruction_errors(split.x, outputs), flags)
            if area is not None:
                row[f"{prefix}auc"] = area  # the reconstruction error as an anomaly score
        elif self.plan.task == "regression":
            row[f"{prefix}mse"] = float(((outputs - split.targets.float()) ** 2).mean())
            row[f"{prefix}mae"] = float((outputs - split.targets.float()).abs().mean())
        return row

    def _finish(self, kept: dict[str, Any] | None) -> Outcome:
        """The evaluation, from one pass over the validation split (the training split when
        there is none) with the final or kept-best weights, and the summary beside it."""
        split = self.val if len(self.val) else self.train
        outputs, loss = self._outputs(split)
        evaluation, table = self._evaluate(split, outputs)
        evaluation["split"] = "validation" if len(self.val) else "training"
        test = self._test_report()
        if test is not None:
            evaluation["test"] = test
        self.emit(EvaluationEvent.model_validate(evaluation).wire())
        final = self._scores(split, outputs, loss, prefix="")
        summary = self._summary(kept, final | headline_scores(evaluation))
        summary.update(summarise_test(evaluation.get("test")))
        outcome = Outcome("succeeded", "", self.history, evaluation, summary)
        outcome.predictions = table
        return outcome

    def _test_report(self) -> dict[str, Any] | None:
        """The test split's report, as the validation's, with its mean loss; None without."""
        d = self.dataset
        if d.x_test is None or d.y_test is None:
            return None
        return evaluate_split(self.network, self.plan, d.x_test, d.y_test, d.class_names,
                              device=self.device, autocast=self.autocast)  # fmt: skip

    def _evaluate(self, split: Split, outputs: torch.Tensor) -> tuple[dict[str, Any], Arrays]:
        """The report (a short list of predictions) and the table of every prediction."""
        if self.plan.task == "classification":
            assert split.labels is not None
            scores = class_scores(self.plan, self.network.loss_type, outputs)
            names = self.dataset.class_names
            source = probability_source(self.plan, self.network.loss_type, outputs)
            report = classification_report(split.labels, scores, names, source)
            return report, classification_table(split.labels, scores, names)
        if self.plan.task == "autoencoder":
            table = reconstruction_table(split.x, outputs)
            labels = self._raw_labels(split)
            names = self.dataset.class_names
            return reconstruction_report(split.x, outputs, labels, names), table
        table = regression_table(split.targets, outputs)
        steps = self.dataset.val_steps if split is self.val else None
        info = DATASETS.get(self.dataset.name)
        return regression_report(split.targets, outputs, steps, info.unit if info else ""), table

    def _raw_labels(self, split: Split) -> torch.Tensor | None:
        """The dataset's class labels of a split, which an autoencoder does not train on."""
        if self.dataset.task != "classification":
            return None
        if split is self.val:
            return self.dataset.y_val
        return self.dataset.y_train if split is self.train else self.dataset.y_test

    def _anomaly_flags(self, split: Split) -> torch.Tensor | None:
        return anomaly_flags(self._raw_labels(split), self.dataset.class_names)

    def _summary(self, kept: dict[str, Any] | None, final: dict[str, Any]) -> dict[str, float]:
        """Final metrics, with no further pass over the data: the evaluated split's (`final`,
        eval mode, the weights kept) and the training figures of the epoch whose weights were
        kept, as it measured them while it trained (the training split's own, in eval mode,
        when it was the split evaluated)."""
        row = kept or (self.history[-1] if self.history else {})
        summary: dict[str, float] = {}
        if len(self.val):
            summary.update({k: row[k] for k in ("train_loss", "train_accuracy") if k in row})
            summary.update({f"val_{k}": v for k, v in final.items()})
        else:
            summary.update({f"train_{k}": v for k, v in final.items()})
        samples, seconds = self.throughput
        summary["samples_per_s"] = samples / seconds if seconds else 0.0
        summary["epochs_run"] = len(self.history)
        if "epoch" in row:  # whose weights were evaluated: keep-best's pick, else the last
            summary["kept_epoch"] = row["epoch"]
        summary.update({f"start_{k}": v for k, v in self.start.items()})
        return summary


def train(
    network: GraphNetwork,
    dataset: Dataset,
    config: TrainingConfig,
    plan: TargetPlan,
    *,
    emit: Emit = lambda event: None,
    should_stop: Callable[[], bool] = lambda: False,
    checkpoint: Path | None = None,
    may_checkpoint: Callable[[], bool] = lambda: True,
    evaluate_start: bool = False,
    clock: Clock = WALL_CLOCK,
) -> Outcome:
    """Train in place; failures and cancellation come back as an `Outcome`, not an exception.

    With `evaluate_start` (a run that starts from earlier or pretrained weights), the
    validation split is evaluated once before training, and the summary carries those
    figures as `start_val_loss` and `start_val_accuracy` beside the final ones.

    With `checkpoint`, the run's state is written there after every epoch, and a
    run that finds one there continues after its epoch (`worker/checkpoints.py`);
    `may_checkpoint()` is asked before each save.

    `clock` times the steady-state training that `samples_per_s` reports (wall time).
    """
    trainer: Trainer | None = None
    try:
        device = pick_device(config.device)
        if device.type == "cuda":  # TF32 tensor cores for float32 matmuls and convolutions
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.allow_tf32 = True
        network.to(device)
        kind = Trainer
        if network.several_heads:  # several heads: worker/heads.py
            from .heads import MultiHeadTrainer

            kind = MultiHeadTrainer
        if network.phases:  # several networks trained in phases: worker/phases.py
            from .phases import PhasedTrainer

            kind = PhasedTrainer
        trainer = kind(
            network, dataset, config, plan, emit, should_stop, device, checkpoint, may_checkpoint
        )
        trainer.evaluate_start, trainer.clock = evaluate_start, clock
        return trainer.run()
    except StopTraining as stop:
        return Outcome(stop.status, stop.reason, trainer.history if trainer else [])
    except torch.OutOfMemoryError:
        return Outcome("failed", "the GPU ran out of memory: try a smaller batch size or network")
    except MemoryError:
        return Outcome("failed", "the worker ran out of memory: try a smaller batch size")
