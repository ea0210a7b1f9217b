"""Training a network with several heads and losses (docs/GRAPH_UNITS_AND_NETWORKS.md §2).

`MultiHeadTrainer` is the `Trainer` for a graph with more than one loss. Each step runs the
network once (`GraphNetwork.head_outputs`), applies every loss to its head and its target
variable (`y`, `y2`, … or the input), and trains on the weighted sum. The epoch row keeps
today's keys for the total (`train_loss`, `val_loss`) and the primary head's accuracy, and
adds each loss's own figures as `train_loss/<loss>`, `train_accuracy/<loss>`,
`val_loss/<loss>`, `val_accuracy/<loss>`. The evaluation's top level is the primary head's
report; `heads` holds every head's, by loss id. The step is eager (never CUDA-graph captured).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

from netcanvas.heads import CONSTANTS, parse_target
from netcanvas.layers import LAYERS
from netcanvas.targets import BINARY_LOSSES, LossEnd, Targets, fit_problem

from .calibration import probability_source
from .compiler import GraphNetwork
from .datasets.base import Dataset, DatasetError
from .evaluation import classification_report, reconstruction_report, regression_report
from .inputs import variables_of
from .predictions import classification_table
from .split_evaluation import EVAL_BATCH
from .step import Split, gather, to_device
from .targets import TargetPlan, class_scores, make_targets
from .training import Trainer, batch_starts

CONSTANT_CLASSES = ("fake", "real")  # the classes of a head whose target is zeros / ones


class AllHeads(torch.nn.Module):
    """The network with every head as an output (`GraphNetwork.heads`), the primary first:
    what `model.onnx` exports when a graph has several heads."""

    def __init__(self, network: GraphNetwork) -> None:
        super().__init__()
        self.network = network

    def forward(self, *inputs: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return self.network.heads(*inputs)


def exported(network: GraphNetwork) -> torch.nn.Module:
    """What ONNX exports: the network itself with one head, else `AllHeads`."""
    return network if len(network.output_ids) == 1 else AllHeads(network)


@dataclass(frozen=True)
class Head:
    """One loss: the node it trains on, its weight, its target variable and its plan."""

    loss: str
    loss_type: str
    trains_on: str
    weight: float
    variable: str  # "y", "y2", … or "input"
    plan: TargetPlan
    source: str = ""  # a target `input:x2`: the input variable it compares with


def plan_heads(network: GraphNetwork, dataset: Dataset) -> list[Head]:
    """Each loss's plan, checked against the dataset (`DatasetError` naming the loss)."""
    heads = []
    for loss in network.loss_ids:
        loss_type, node = type(network._modules[loss]).__name__, network.trains_on[loss]
        target, weight = network.loss_targets[loss], network.loss_weights[loss]
        heads.append(_head(network, dataset, loss, loss_type, node, target, weight))
    return heads


def _head(
    network: GraphNetwork, dataset: Dataset, loss: str, loss_type: str, node: str,
    target: str, weight: float,
) -> Head:  # fmt: skip
    ref = parse_target(target)
    if ref.kind == "input":
        plan = TargetPlan("input", "autoencoder")
        return Head(loss, loss_type, node, weight, "input", plan, ref.variable)
    if ref.kind == "none":  # KLDivergenceLoss: no target variable, any dataset
        return Head(loss, loss_type, node, weight, "none", TargetPlan("none", "none"))
    shape = tuple(network.head_shapes[loss])
    if ref.kind == "constant":  # zeros / ones: a GAN's fake and real, shaped like the head
        binary = loss_type in BINARY_LOSSES and shape == (1,)
        plan = (
            TargetPlan("binary", "classification", 2)
            if binary
            else TargetPlan("values", "regression")
        )
        return Head(loss, loss_type, node, weight, ref.variable, plan)
    targets = _targets(dataset, ref.variable)
    problem = fit_problem(LossEnd(loss, loss_type, "label", node, shape), targets)
    if problem is not None:
        raise DatasetError.of(problem[0], **problem[1])
    if targets.task == "regression":
        return Head(loss, loss_type, node, weight, ref.variable, TargetPlan("values", "regression"))
    classes = targets.num_classes
    if LAYERS[loss_type].target_kind == "class_index":
        kind = "index"
    elif loss_type in BINARY_LOSSES and shape == (1,) and classes == 2:
        kind = "binary"
    else:
        kind = "one_hot"
    return Head(loss, loss_type, node, weight, ref.variable,
                TargetPlan(kind, "classification", classes))  # type: ignore[arg-type]  # fmt: skip


def _targets(dataset: Dataset, variable: str) -> Targets:
    if variable == "y":
        return Targets(dataset.name, dataset.task, dataset.num_classes, dataset.target_shape)
    if variable not in dataset.more_classes:
        variables = ", ".join(["x", "y", *dataset.more_classes])
        raise DatasetError.of("target.missing_variable", dataset=dataset.name,
                              variable=variable, variables=variables)  # fmt: skip
    return Targets(dataset.name, "classification", len(dataset.more_classes[variable]))


@dataclass
class MultiSplit(Split):
    """A split with every loss's targets (and class labels, for classification heads)."""

    by_loss: dict[str, torch.Tensor] = field(default_factory=dict)
    labels_by_loss: dict[str, torch.Tensor] = field(default_factory=dict)
    raw: dict[str, torch.Tensor] = field(default_factory=dict)  # each variable's values


def predicted(head: Head, output: torch.Tensor) -> torch.Tensor:
    if head.plan.kind == "binary":
        threshold = 0.0 if head.loss_type == "BCEWithLogitsLoss" else 0.5
        return (output[:, 0] > threshold).long()
    return output.argmax(dim=1)


class MultiStep:
    """One eager training step over every head; the running sums stay on the device."""

    def __init__(self, trainer: MultiHeadTrainer) -> None:
        self.trainer, device = trainer, trainer.device
        self.loss_sum = torch.zeros((), device=device)
        self.correct = torch.zeros((), device=device, dtype=torch.long)  # the primary head's
        self.head_loss = {h.loss: torch.zeros((), device=device) for h in trainer.heads}
        self.head_correct = {h.loss: torch.zeros((), device=device) for h in trainer.heads}

    def start_epoch(self, epoch: int) -> None:
        for tensor in [self.loss_sum, self.correct, *self.head_loss.values(),
                       *self.head_correct.values()]:  # fmt: skip
            tensor.zero_()

    def __call__(self, index: torch.Tensor) -> None:
        t = self.trainer
        split, size, fmt_ = t.train, len(index), t.memory_format
        assert isinstance(split, MultiSplit)
        x = gather(split.x, index, t.device, fmt_)  # (B, *sample)
        targets = {h.loss: gather(split.by_loss[h.loss], index, t.device, fmt_) for h in t.heads}
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=t.autocast):
            outputs = t.network.head_outputs(x)
            losses = {
                h.loss: t.network.loss_of(h.loss, outputs[h.loss], targets[h.loss])  # ()
                for h in t.heads
            }
        total = torch.zeros((), device=t.device)
        for head in t.heads:
            loss = losses[head.loss].float()
            total = total + head.weight * loss
            self.head_loss[head.loss].add_(loss.detach(), alpha=size)
            if head.loss in split.labels_by_loss:
                labels = gather(split.labels_by_loss[head.loss], index, t.device, fmt_)
                right = (predicted(head, outputs[head.loss].detach()) == labels).sum()
                self.head_correct[head.loss].add_(right)
                if head is t.heads[0]:
                    self.correct.add_(right)
        t.optimizer.zero_grad(set_to_none=True)
        total.backward()  # type: ignore[no-untyped-call]
        t.optimizer.step()
        self.loss_sum.add_(total.detach(), alpha=size)


class MultiHeadTrainer(Trainer):
    """The `Trainer` for several losses: the same loop, epochs, checkpoints and events."""

    def __init__(self, network: GraphNetwork, dataset: Dataset, *args: Any, **kwargs: Any) -> None:
        self.heads = plan_heads(network, dataset)  # before the splits are placed
        super().__init__(network, dataset, *args, **kwargs)
        self.step = MultiStep(self)  # type: ignore[assignment]
        self.runner = self.step

    def _place(self, x: torch.Tensor, y: torch.Tensor) -> Split:
        d = self.dataset
        more = d.more_train if y is d.y_train else d.more_val if y is d.y_val else d.more_test
        x = x.long() if self.tokens else x.float()
        variables = {"y": y, **more}
        split = MultiSplit(x, x, None, raw=variables)
        name = "train" if y is d.y_train else "val" if y is d.y_val else "test"
        inputs = variables_of(self.source, name)  # each input variable (x, x2, …) of the split
        for head in self.heads:
            if head.variable in CONSTANTS:
                variables[head.variable] = self._constant(head, len(x))
            values = x if head.variable in ("input", "none") else variables[head.variable]
            given = inputs.get(head.source) if head.source else None
            compared = x if given is None or len(self.network.input_ids) == 1 else given.float()
            split.by_loss[head.loss] = make_targets(head.plan, compared, values)
            if head.plan.task == "classification":
                split.labels_by_loss[head.loss] = values
        primary = self.heads[0]
        split.targets = split.by_loss[primary.loss]
        split.labels = split.labels_by_loss.get(primary.loss)
        return split

    def _constant(self, head: Head, count: int) -> torch.Tensor:
        """A `zeros` / `ones` target: class labels (N,) for a yes/no head, else values
        shaped like the head (N, *shape)."""
        value = 1 if head.variable == "ones" else 0
        if head.plan.kind == "binary":
            return torch.full((count,), value, dtype=torch.long)
        shape = tuple(self.network.head_shapes[head.loss])
        return torch.full((count, *shape), float(value))

    def _train_epoch(self, epoch: int) -> dict[str, Any]:
        row = super()._train_epoch(epoch)
        step = self.step
        assert isinstance(step, MultiStep)
        n, size = len(self.train), self.config.batch_size
        starts = batch_starts(n, size, self.config.last_batch)
        count = max(sum(min(size, n - start) for start in starts), 1)  # the epoch's samples
        for head in self.heads:
            row[f"train_loss/{head.loss}"] = step.head_loss[head.loss].item() / count  # sync
            if head.loss in self.train.labels_by_loss:  # type: ignore[attr-defined]
                row[f"train_accuracy/{head.loss}"] = step.head_correct[head.loss].item() / count
        return row

    def _outputs(self, split: Split) -> tuple[torch.Tensor, float]:
        outputs, total, _ = self._head_pass(split)
        return outputs[self.heads[0].loss], total

    def _head_pass(self, split: Split) -> tuple[dict[str, torch.Tensor], float, dict[str, float]]:
        """Every head's output over a split (eval mode, on the CPU), the weighted total loss
        and each loss's own mean."""
        assert isinstance(split, MultiSplit)
        self.network.eval()
        parts: dict[str, list[torch.Tensor]] = {h.loss: [] for h in self.heads}
        sums = {h.loss: 0.0 for h in self.heads}
        with torch.no_grad():
            for start in range(0, len(split), EVAL_BATCH):
                rows = slice(start, start + EVAL_BATCH)
                batch = to_device(split.x[rows], self.device, self.memory_format)
                with torch.autocast("cuda", dtype=torch.bfloat16, enabled=self.autocast):
                    outputs = self.network.head_outputs(batch)
                for head in self.heads:
                    target = to_device(split.by_loss[head.loss][rows], self.device,
                                       self.memory_format)  # fmt: skip
                    output = outputs[head.loss].float()
                    loss = self.network.loss_of(head.loss, output, target)
                    sums[head.loss] += float(loss) * len(batch)  # sync: per batch, eval only
                    parts[head.loss].append(output.cpu())
        n = max(len(split), 1)
        means = {loss: value / n for loss, value in sums.items()}
        total = sum(h.weight * means[h.loss] for h in self.heads)
        return {loss: torch.cat(p) for loss, p in parts.items()}, total, means

    def _validate(self) -> dict[str, Any]:
        if not len(self.val):
            return {}
        outputs, total, means = self._head_pass(self.val)
        row = self._scores(self.val, outputs[self.heads[0].loss], total, prefix="val_")
        for head in self.heads:
            row[f"val_loss/{head.loss}"] = means[head.loss]
            labels = self.val.labels_by_loss.get(head.loss)  # type: ignore[attr-defined]
            if labels is not None:
                right = predicted(head, outputs[head.loss]) == labels.cpu()
                row[f"val_accuracy/{head.loss}"] = float(right.float().mean())
        return row

    def _evaluate(self, split: Split, outputs: torch.Tensor) -> tuple[dict[str, Any], Any]:
        primary = self.heads[0]
        if primary.variable in ("y", "input"):
            report, table = super()._evaluate(split, outputs)
        else:  # the primary trains on another target (y2, ...): its own classes
            assert isinstance(split, MultiSplit)
            labels, names = split.labels_by_loss[primary.loss].cpu(), self._class_names(primary)
            report = self._head_report(primary, split, outputs)
            scores = class_scores(primary.plan, primary.loss_type, outputs)
            table = classification_table(labels, scores, names)
        every, _, _ = self._head_pass(split)
        report["heads"] = {h.loss: self._head_report(h, split, every[h.loss]) for h in self.heads}
        return report, table

    def _test_report(self) -> dict[str, Any] | None:
        """The test split evaluated as the validation split is: the primary head's report
        and every head's (`heads`), with the weighted total loss. Phases train on the
        training split only, so the test rows are the job's alone: no phase saw them."""
        d = self.dataset
        if d.x_test is None or d.y_test is None:
            return None
        split = self._place(d.x_test, d.y_test)
        outputs, loss = self._outputs(split)
        report, _ = self._evaluate(split, outputs)
        return report | {"loss": loss, "predictions_stored": 0}

    def _head_report(self, head: Head, split: Split, output: torch.Tensor) -> dict[str, Any]:
        assert isinstance(split, MultiSplit)
        report: dict[str, Any]
        if head.plan.task == "classification":
            labels = split.labels_by_loss[head.loss].cpu()
            names = self._class_names(head)
            scores = class_scores(head.plan, head.loss_type, output)
            source = probability_source(head.plan, head.loss_type, output)
            report = classification_report(labels, scores, names, source)
        elif head.plan.task == "autoencoder":  # the compared input (one of several: packed x)
            report = reconstruction_report(split.by_loss[head.loss].cpu(), output)
        elif head.plan.task == "none":  # KLDivergenceLoss: its mean over the split
            loss = self.network.loss_of(head.loss, output, output)  # ignores the target
            report = {"task": "none", "loss": float(loss)}
        else:
            report = regression_report(split.by_loss[head.loss].cpu(), output, None, "")
        report["target"] = head.variable
        report["weight"] = head.weight
        report["head"] = self.network.head_of[head.loss]
        return report

    def _class_names(self, head: Head) -> list[str]:
        if head.variable in CONSTANTS:  # a GAN's discriminator: 0 is a fake, 1 a real image
            return list(CONSTANT_CLASSES)
        if head.variable == "y":
            return list(self.dataset.class_names)
        return list(self.dataset.more_classes[head.variable])

    def _summary(self, kept: dict[str, Any] | None, final: dict[str, Any]) -> dict[str, float]:
        """Today's summary (the total loss, the primary head's figures) and each loss's own
        figures of the epoch whose weights were kept (or the last)."""
        summary = super()._summary(kept, final)
        row = kept or (self.history[-1] if self.history else {})
        summary.update({k: v for k, v in row.items() if "/" in k})
        return summary


def head_predictions(
    network: GraphNetwork, evaluation: dict[str, Any], *xs: torch.Tensor
) -> dict[str, Any]:
    """Try-it's answer for every head, by head node id (the primary first): class
    probabilities for a classification head (its evaluation's class names), else values."""
    reports: dict[str, Any] = evaluation.get("heads") or {}
    values = dict(zip(network.output_ids, network.heads(*xs), strict=True))
    trained = network.head_outputs(*xs)
    answer: dict[str, Any] = {}
    for loss in network.loss_ids:
        head, report = network.head_of[loss], reports.get(loss, {})
        if head in answer:
            continue
        if report.get("task") != "classification":
            answer[head] = {"task": report.get("task", "regression"),
                            "values": values[head].tolist()}  # fmt: skip
            continue
        names = list(report.get("class_names", []))
        loss_type = type(network._modules[loss]).__name__
        binary = loss_type in BINARY_LOSSES and tuple(network.head_shapes[loss]) == (1,)
        plan = TargetPlan("binary" if binary else "index", "classification", len(names))
        scores = class_scores(plan, loss_type, trained[loss])  # (N, C)
        best = [names[i] if i < len(names) else str(i) for i in scores.argmax(dim=1).tolist()]
        answer[head] = {"task": "classification", "class_names": names,
                        "probabilities": scores.tolist(), "predicted": best}  # fmt: skip
    return answer
