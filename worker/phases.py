"""Training several networks together: `training.phases` (docs/GRAPH_UNITS_AND_NETWORKS.md §3).

`PhasedTrainer` is the `MultiHeadTrainer` of a graph with phases. Every step runs the phases
in order; each zeroes the gradients, runs the network as far as its losses need (a plan of
its own, so a phase computes only its heads), backs up the weighted sum of its losses and
steps its own optimizer, which holds only the parameters of the nodes (or `shared_as`
names) it `updates`: a GAN's discriminator phase changes only the discriminator. Noise is
drawn afresh in each phase. The epoch row adds each phase's loss (`train_loss/phase:<name>`),
its learning rate (`lr/phase:<name>`) and, where a phase's losses compare yes/no outputs
with `zeros`/`ones`, its accuracy (`train_accuracy/phase:<name>`): for a GAN the
discriminator's accuracy on real and fake, which moves off 50 % once it learns anything.
The first phase's optimizer stands for the job's (its learning rate in the row); the
checkpoint keeps every phase's optimizer and schedule, so a resumed run goes on with each
phase's moments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch

from netcanvas.heads import CONSTANTS

from .compiler import GraphNetwork
from .heads import Head, MultiHeadTrainer, MultiSplit, MultiStep, predicted
from .optim import make_optimizer, make_schedule
from .step import gather


@dataclass
class PhaseRun:
    """One phase as the trainer runs it."""

    name: str
    key: str  # the network's plan for this phase's heads
    heads: list[Head]
    optimizer: torch.optim.Optimizer
    schedule: Any
    parameters: int  # how many parameter values it updates


def phase_parameters(network: GraphNetwork, updates: list[str]) -> list[torch.nn.Parameter]:
    """The trainable parameters of the named nodes or `shared_as` names, each once."""
    seen: dict[int, torch.nn.Parameter] = {}
    for name in updates:
        module = network._modules.get(name) if name in network._modules else None
        if module is None and name in network.node_inputs:
            module = network._modules.get(network.shared.get(name, name))
        for parameter in module.parameters() if module is not None else ():
            if parameter.requires_grad:
                seen.setdefault(id(parameter), parameter)
    return list(seen.values())


class PhasedStep(MultiStep):
    """One step: every phase in order, each with its own backward and optimizer step."""

    def __init__(self, trainer: PhasedTrainer) -> None:
        super().__init__(trainer)
        device = trainer.device
        self.phase_loss = {p.name: torch.zeros((), device=device) for p in trainer.phases}
        self.phase_correct = {p.name: torch.zeros((), device=device) for p in trainer.phases}
        # a `zeros`/`ones` head's targets and labels are the same every step: kept on the
        # device per batch size (the full batch and the last, shorter one) and not gathered
        self.constant: dict[tuple[str, int], tuple[torch.Tensor, torch.Tensor | None]] = {}

    def _targets(self, head: Head, index: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """A head's targets (and class labels, for a yes/no head) for the batch `index`."""
        t, split = self.trainer, self.trainer.train
        assert isinstance(split, MultiSplit)
        key = (head.loss, len(index))
        if key in self.constant:
            return self.constant[key]
        labels = split.labels_by_loss.get(head.loss)
        found = (
            gather(split.by_loss[head.loss], index, t.device, t.memory_format),
            None if labels is None else gather(labels, index, t.device, t.memory_format),
        )
        if head.variable in CONSTANTS:  # every row alike: any rows of this count will do
            self.constant[key] = found
        return found

    def start_epoch(self, epoch: int) -> None:
        super().start_epoch(epoch)
        for tensor in [*self.phase_loss.values(), *self.phase_correct.values()]:
            tensor.zero_()

    def __call__(self, index: torch.Tensor) -> None:
        t = self.trainer
        assert isinstance(t, PhasedTrainer)
        split, size = t.train, len(index)
        assert isinstance(split, MultiSplit)
        x = gather(split.x, index, t.device, t.memory_format)  # (B, *sample)
        counted: set[str] = set()
        step_total = torch.zeros((), device=t.device)
        for phase in t.phases:
            values = t.network.outputs_of(phase.key, x)
            total = torch.zeros((), device=t.device)
            for head in phase.heads:
                output = values[head.trains_on]
                target, labels = self._targets(head, index)
                loss = t.network.loss_of(head.loss, output, target)  # ()
                total = total + head.weight * loss
                if labels is not None:
                    right = (predicted(head, output.detach()) == labels).sum()
                    self.phase_correct[phase.name].add_(right)
                    if head.loss not in counted:
                        self.head_correct[head.loss].add_(right)
                        if head is t.heads[0]:
                            self.correct.add_(right)
                if head.loss not in counted:
                    self.head_loss[head.loss].add_(loss.detach(), alpha=size)
                    counted.add(head.loss)
            t.network.zero_grad(set_to_none=True)
            total.backward()  # type: ignore[no-untyped-call]
            phase.optimizer.step()
            self.phase_loss[phase.name].add_(total.detach(), alpha=size)
            step_total = step_total + total.detach()
        self.loss_sum.add_(step_total, alpha=size)


class PhasedTrainer(MultiHeadTrainer):
    """Several losses trained in phases, each with its own optimizer over its own nodes."""

    def __init__(self, network: GraphNetwork, *args: Any, **kwargs: Any) -> None:
        super().__init__(network, *args, **kwargs)
        by_loss = {h.loss: h for h in self.heads}
        self.phases: list[PhaseRun] = []
        for phase in network.phases:
            key = f"_phase:{phase.name}"
            heads = [by_loss[loss] for loss in phase.losses]
            network.add_plan(key, *{h.trains_on for h in heads})
            params = phase_parameters(network, list(phase.updates))
            overrides = phase.optimizer.model_dump(exclude_none=True) if phase.optimizer else {}
            config = self.config.model_copy(update=overrides)
            optimizer = make_optimizer(params, config)
            run = PhaseRun(phase.name, key, heads, optimizer, make_schedule(optimizer, config),
                           sum(p.numel() for p in params))  # fmt: skip
            self.phases.append(run)
            self._log("log.phase", phase=phase.name, losses=", ".join(phase.losses),
                      updates=", ".join(phase.updates), parameters=run.parameters,
                      optimizer=config.optimizer, lr=f"{config.lr:g}")  # fmt: skip
        # the first phase's optimizer and schedule stand for the job's own (the row's lr,
        # the checkpoint); the job-wide optimizer over every parameter never steps
        self.optimizer, self.schedule = self.phases[0].optimizer, self.phases[0].schedule
        self.step = PhasedStep(self)  # type: ignore[assignment]
        self.runner = self.step

    def _more_optimizers(self) -> list[tuple[Any, Any]]:
        """Every later phase's optimizer and schedule: the checkpoint keeps them all."""
        return [(phase.optimizer, phase.schedule) for phase in self.phases[1:]]

    def _train_epoch(self, epoch: int) -> dict[str, Any]:
        row = super()._train_epoch(epoch)
        step = self.step
        assert isinstance(step, PhasedStep)
        count = max(self._epoch_samples(), 1)
        for phase in self.phases:
            # each phase's own learning rate this epoch (the row's `lr` is the first's), read
            # before its schedule steps, as the base loop reads the first's
            if phase is self.phases[0]:
                row[f"lr/phase:{phase.name}"] = row["lr"]
            else:  # the base loop stepped the first's schedule
                row[f"lr/phase:{phase.name}"] = phase.optimizer.param_groups[0]["lr"]
                phase.schedule.step()
            row[f"train_loss/phase:{phase.name}"] = step.phase_loss[phase.name].item() / count
            labelled = [h for h in phase.heads if h.loss in self.train.labels_by_loss]  # type: ignore[attr-defined]
            if labelled:
                right = step.phase_correct[phase.name].item()  # sync: once an epoch
                row[f"train_accuracy/phase:{phase.name}"] = right / (count * len(labelled))
        return row

    def _epoch_samples(self) -> int:
        from .training import batch_starts

        n, size = len(self.train), self.config.batch_size
        return sum(min(size, n - s) for s in batch_starts(n, size, self.config.last_batch))

    def _validate(self) -> dict[str, Any]:
        row = super()._validate()
        for phase in self.phases:
            labelled = [f"val_accuracy/{h.loss}" for h in phase.heads]
            found = [row[k] for k in labelled if k in row]
            if found:
                row[f"val_accuracy/phase:{phase.name}"] = sum(found) / len(found)
        return row
