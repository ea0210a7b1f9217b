"""Optimizers and learning-rate schedules by the names the training config uses."""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch
from torch.optim import lr_scheduler

from netcanvas.training_config import TrainingConfig

CAPTURABLE = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw")
"""The optimizers whose update a CUDA graph can replay (`worker/capture.py`): SGD's fused
update keeps its state on the GPU; RMSprop, Adam and AdamW take `capturable=True`.
Adagrad counts its steps on the host."""


def make_optimizer(
    parameters: Iterable[torch.nn.Parameter], config: TrainingConfig, *, capturable: bool = False
) -> torch.optim.Optimizer:
    """SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam or AdamW, with the config's settings.

    `capturable` (CUDA only) keeps every part of the update on the GPU, the step counts
    and a learning rate given as a tensor included, so that a CUDA graph can replay it."""
    params = list(parameters)
    c = config
    # Fused kernels update every parameter in one pass (CPU and CUDA): fewer launches per step.
    fused = bool(params)
    if c.optimizer == "sgd":
        return torch.optim.SGD(params, lr=c.lr, weight_decay=c.weight_decay, fused=fused)
    if c.optimizer in ("momentum", "nesterov"):
        return torch.optim.SGD(
            params,
            lr=c.lr,
            momentum=c.momentum,
            nesterov=c.optimizer == "nesterov",
            weight_decay=c.weight_decay,
            fused=fused,
        )
    if c.optimizer == "adagrad":
        return torch.optim.Adagrad(
            params, lr=c.lr, eps=c.eps, weight_decay=c.weight_decay, fused=fused
        )
    if c.optimizer == "rmsprop":
        return torch.optim.RMSprop(
            params,
            lr=c.lr,
            alpha=c.rho,
            eps=c.eps,
            momentum=c.momentum,
            weight_decay=c.weight_decay,
            capturable=capturable,
        )
    adam = torch.optim.AdamW if c.optimizer == "adamw" else torch.optim.Adam
    return adam(
        params,
        lr=c.lr,
        betas=(c.beta1, c.beta2),
        eps=c.eps,
        weight_decay=c.weight_decay,
        fused=fused,
        capturable=capturable,
    )


def make_schedule(
    optimizer: torch.optim.Optimizer, config: TrainingConfig
) -> lr_scheduler.LRScheduler:
    """A per-epoch schedule: none, step, exponential, cosine, or linear warm-up."""
    if config.schedule == "step":
        return lr_scheduler.StepLR(optimizer, step_size=config.step_size, gamma=config.gamma)
    if config.schedule == "exponential":
        return lr_scheduler.ExponentialLR(optimizer, gamma=config.gamma)
    if config.schedule == "cosine":
        return lr_scheduler.CosineAnnealingLR(optimizer, T_max=max(1, config.epochs))
    if config.schedule == "warmup":
        warmup = config.warmup_epochs
        return lr_scheduler.LambdaLR(optimizer, lambda epoch: min(1.0, (epoch + 1) / warmup))
    return lr_scheduler.LambdaLR(optimizer, lambda epoch: 1.0)


def finite(value: float) -> bool:
    return math.isfinite(value)
