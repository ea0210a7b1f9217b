"""One training step as a plain callable: `TrainStep(index)`.

It gathers a batch by its indices into a split, runs the forward pass and the loss,
the backward pass and the optimizer's update, and adds the batch's loss (times its
size) and its count of right predictions to two running sums on the training device.
The engine calls it eagerly on every step; on a GPU, `worker/capture.py` captures the
very same call once as a CUDA graph and replays it. So the step must stay capturable:

- it never reads a value back to the host (no `.item()`, no branch on a tensor);
- every tensor it keeps between steps is updated in place (`loss_sum`, `correct`), and
  those are allocated once, here, never inside the step;
- what may differ from step to step is the content of `index`, never its shape.

The gathers use `index_select`, which on the CPU copies whole rows (a quarter of the
time of `tensor[index]` for a batch of images), and a split's targets that are its
class labels (cross-entropy) are gathered once for the loss and the accuracy.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from .compiler import GraphNetwork
from .update import update_of

Predict = Callable[[torch.Tensor], torch.Tensor]


@dataclass
class Split:
    """One split on the training device: inputs, loss targets, and class labels if any."""

    x: torch.Tensor
    targets: torch.Tensor
    labels: torch.Tensor | None

    def __len__(self) -> int:
        return len(self.x)


def to_device(
    tensor: torch.Tensor, device: torch.device, memory_format: torch.memory_format
) -> torch.Tensor:
    """On the training device (a no-op when already there), images channels-last when the
    network trains so."""
    if tensor.dim() == 4 and memory_format == torch.channels_last:
        return tensor.to(device, non_blocking=True, memory_format=memory_format)
    return tensor.to(device, non_blocking=True)


def gather(
    tensor: torch.Tensor,
    index: torch.Tensor,
    device: torch.device,
    memory_format: torch.memory_format,
) -> torch.Tensor:
    """The rows `index` of a split's tensor, on the training device. From a split left on
    the CPU for a GPU they are gathered into page-locked memory, whose copy to the GPU is
    asynchronous (a gathered tensor is pageable: its copy would block)."""
    if tensor.device.type == "cpu" and device.type == "cuda":
        shape = (len(index), *tensor.shape[1:])
        staged = torch.empty(shape, dtype=tensor.dtype, pin_memory=True)
        torch.index_select(tensor, 0, index, out=staged)
        return to_device(staged, device, memory_format)
    rows = torch.index_select(tensor, 0, index)  # (B, *sample), contiguous
    return to_device(rows, device, memory_format)


class TrainStep:
    """Train on the batch `index` of `split` (a 1-D int64 tensor on the split's device) and
    add its loss and right predictions to `loss_sum` and `correct`, never syncing."""

    def __init__(
        self,
        network: GraphNetwork,
        optimizer: torch.optim.Optimizer,
        split: Split,
        device: torch.device,
        *,
        predict: Predict,
        memory_format: torch.memory_format = torch.contiguous_format,
        autocast: bool = False,
    ) -> None:
        self.network, self.optimizer, self.split, self.device = network, optimizer, split, device
        self.predict, self.memory_format, self.autocast = predict, memory_format, autocast
        self.loss_sum = torch.zeros((), device=device)  # () the epoch's per-sample losses, summed
        self.correct = torch.zeros((), device=device, dtype=torch.long)  # () right predictions
        # Cross-entropy trains on the labels themselves and an autoencoder on its inputs:
        # then one gather serves both.
        self.targets_are_labels = split.labels is split.targets
        self.targets_are_inputs = split.x is split.targets
        self.cache_casts = True  # autocast's weight-cast cache; a captured step turns it off
        self.update = update_of(optimizer)  # zero_grad and step (worker/update.py)

    def start_epoch(self, epoch: int) -> None:
        """Zero the running sums (in place: a captured step keeps adding to these tensors)."""
        self.loss_sum.zero_()
        self.correct.zero_()

    def __call__(self, index: torch.Tensor) -> None:
        split, size = self.split, len(index)
        x = gather(split.x, index, self.device, self.memory_format)  # (B, *sample)
        target = (
            x
            if self.targets_are_inputs
            else gather(split.targets, index, self.device, self.memory_format)
        )  # (B, ...)
        with self._precision():
            output = self.network.training_output(x)  # (B, *out)
            loss = self.network.loss(output, target)  # () mean over the batch
        self.update.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        self.update.step()
        self.loss_sum.add_(loss.detach(), alpha=size)  # stays on the device: no sync here
        if split.labels is not None:
            labels = (
                target
                if self.targets_are_labels
                else gather(split.labels, index, self.device, self.memory_format)
            )  # (B,)
            self.correct.add_((self.predict(output.detach()) == labels).sum())

    def _precision(self) -> contextlib.AbstractContextManager[Any]:
        """bf16 autocast when mixed precision is on (CUDA only), else nothing to enter."""
        if not self.autocast:
            return contextlib.nullcontext()
        return torch.autocast("cuda", dtype=torch.bfloat16, cache_enabled=self.cache_casts)
