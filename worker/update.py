"""The optimizer's part of a training step: clearing the gradients, then the update.

`Update(optimizer)` does what `optimizer.zero_grad(set_to_none=True)` and
`optimizer.step()` do. For a fused Adam or AdamW on the CPU (what `worker/optim.py`
makes for every CPU run with Adam), `FusedUpdate` calls the very kernels `step()` ends
in (`torch._foreach_add_` on the step counts, then `torch._fused_adam_` or
`torch._fused_adamw_`) with the same tensors and arguments, so the weights and the
optimizer's state come out bit for bit the same (tests/torch/test_update.py checks it),
without the Python that `step()` wraps around them on every call: the profiler's
`record_function`, the hook lists, the grad-mode decorator, rebuilding six lists of the
parameters' state and grouping them by device. On one thread of the 2-core development
machine that was about 70 µs of `step()`'s 80 µs for the LSTM forecaster's six
parameters, some 5 % of its training step (`bench/train_speed.py`).

The direct call is taken only when `step()` would do nothing else: plain numbers for the
rate and betas, every parameter with a gradient and its state (the first update goes
through `step()`, which creates the state), the state not replaced since (a checkpoint's
`load_state_dict`), no step hooks, no gradient scaler. Any other update is `step()`'s.

The kernels are private, so a later PyTorch may rename, remove or change them while
`step()` keeps working. `kernels_agree()` checks, once per process, that this PyTorch has
all three and that calling them as `FusedUpdate` does gives `step()`'s weights and state
bit for bit on a tiny Adam and AdamW; where it does not (a kernel missing, raising, or
computing something else), every update is `step()`'s and the log says why. On torch 2.13
the public API is no substitute: for LeNet's and the LSTM's parameters one
`Adam(fused=True).step()` takes 2–3 times the kernels' time, `foreach=True` 5–8 times
(`bench/optimizer_step.py`).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import torch
from torch.optim import optimizer as optim_module

log = logging.getLogger(__name__)

KERNELS = ("_foreach_add_", "_fused_adam_", "_fused_adamw_")
"""The private ops a CPU fused Adam's or AdamW's `step()` ends in, which `FusedUpdate` calls."""


class Update:
    """`zero_grad(set_to_none=True)` and `step()` of any optimizer."""

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer

    def zero_grad(self) -> None:
        self.optimizer.zero_grad(set_to_none=True)

    def step(self) -> None:
        self.optimizer.step()


class FusedUpdate(Update):
    """A CPU fused Adam's or AdamW's update as its two kernels (the module's docstring)."""

    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        super().__init__(optimizer)
        self.params = [p for group in optimizer.param_groups for p in group["params"]]
        # Looked up once: a PyTorch without them never gets this far (`kernels_agree`).
        self.add, self.adam, self.adamw = (getattr(torch, name) for name in KERNELS)
        self.state: Any = None  # the optimizer's state the lists below were read from
        self.groups: list[tuple[dict[str, Any], list[torch.Tensor], list[list[torch.Tensor]]]]
        self.groups = []  # (group, its parameters, [exp_avgs, exp_avg_sqs, max, steps])

    def zero_grad(self) -> None:
        for p in self.params:  # what zero_grad(set_to_none=True) does, less its profiler scope
            p.grad = None

    def step(self) -> None:
        if not self._ready():
            self.optimizer.step()
            self._read_state()
            return
        with torch.no_grad():  # step() runs with grad mode off too (in-place on leaf weights)
            for group, params, (exp_avgs, exp_avg_sqs, maxes, steps) in self.groups:
                beta1, beta2 = group["betas"]
                self.add(steps, 1)
                kernel = self.adamw if group["decoupled_weight_decay"] else self.adam
                kernel(
                    params,
                    [p.grad for p in params],
                    exp_avgs,
                    exp_avg_sqs,
                    maxes,
                    steps,
                    amsgrad=group["amsgrad"],
                    lr=group["lr"],
                    beta1=beta1,
                    beta2=beta2,
                    weight_decay=group["weight_decay"],
                    eps=group["eps"],
                    maximize=group["maximize"],
                    grad_scale=None,
                    found_inf=None,
                )

    def _ready(self) -> bool:
        """Whether the kernels' call is exactly what `step()` would make now."""
        opt = self.optimizer
        if opt.state is not self.state or not self.groups:
            return False  # no state yet, or a checkpoint's replaced it: step() reads it again
        if opt._optimizer_step_pre_hooks or opt._optimizer_step_post_hooks:
            return False
        if optim_module._global_optimizer_pre_hooks or optim_module._global_optimizer_post_hooks:
            return False
        for group, params, _ in self.groups:
            if type(group["lr"]) is not float or any(type(b) is not float for b in group["betas"]):
                return False  # a rate as a tensor (capture.py's static step), step() converts
            if any(p.grad is None for p in params):
                return False  # step() leaves that parameter out
        return True

    def _read_state(self) -> None:
        """The state tensors `step()` passes, in its order, once every parameter has them."""
        opt, self.groups = self.optimizer, []
        for group in opt.param_groups:
            params = list(group["params"])
            if not params:
                continue  # step() passes an empty group's lists to no kernel
            states = [opt.state.get(p) for p in params]
            if any(not s for s in states):
                self.state = None
                self.groups = []
                return
            lists: list[list[torch.Tensor]] = [
                [s["exp_avg"] for s in states],  # type: ignore[index]
                [s["exp_avg_sq"] for s in states],  # type: ignore[index]
                [s["max_exp_avg_sq"] for s in states] if group["amsgrad"] else [],  # type: ignore[index]
                [s["step"] for s in states],  # type: ignore[index]
            ]
            self.groups.append((group, params, lists))
        self.state = opt.state


def update_of(optimizer: torch.optim.Optimizer) -> Update:
    """A `FusedUpdate` for a fused Adam or AdamW whose parameters are all float32 on the CPU
    (its kernels take one device and dtype at once); an `Update` for any other."""
    if type(optimizer) not in (torch.optim.Adam, torch.optim.AdamW):
        return Update(optimizer)
    if getattr(optimizer, "grad_scale", None) is not None:
        return Update(optimizer)
    if getattr(optimizer, "found_inf", None) is not None:
        return Update(optimizer)
    for group in optimizer.param_groups:
        if not group["fused"] or group["capturable"] or group["differentiable"]:
            return Update(optimizer)
        if group["foreach"] or "decoupled_weight_decay" not in group:
            return Update(optimizer)
        for p in group["params"]:
            if p.device.type != "cpu" or p.dtype != torch.float32 or p.is_complex():
                return Update(optimizer)
    if not kernels_agree():
        return Update(optimizer)  # a PyTorch whose kernels differ: step() knows its own
    return FusedUpdate(optimizer)


@functools.cache
def kernels_agree() -> bool:
    """Whether this PyTorch has `KERNELS` and `FusedUpdate`'s calls of them update a tiny
    Adam and AdamW (with weight decay, over a few steps) bit for bit as `step()` does."""
    missing = [name for name in KERNELS if not hasattr(torch, name)]
    if missing:
        log.warning("Adam updates through step(): this PyTorch lacks torch.%s", missing[0])
        return False
    try:
        return all(_agrees(adam) for adam in (torch.optim.Adam, torch.optim.AdamW))
    except Exception as error:  # a kernel whose arguments changed: whatever it raises
        log.warning("Adam updates through step(): its kernels failed (%r)", error)
        return False


def _agrees(adam: type[torch.optim.Adam] | type[torch.optim.AdamW]) -> bool:
    weights = [torch.nn.Parameter(torch.linspace(-1, 1, 5)) for _ in range(2)]
    optimizers = [adam([w], lr=0.1, weight_decay=0.1, fused=True) for w in weights]
    updates = [FusedUpdate(optimizers[0]), Update(optimizers[1])]
    for step in range(3):  # the first through step() (it makes the state), then the kernels
        for weight, update in zip(weights, updates, strict=True):
            update.zero_grad()
            weight.grad = weight.detach() * (step + 1) - 0.5
            update.step()
    (fast, *_), (plain, *_) = (list(o.state.values()) for o in optimizers)
    agree = torch.equal(weights[0], weights[1]) and fast.keys() == plain.keys()
    agree = agree and all(torch.equal(fast[key], plain[key]) for key in fast)
    if not agree:
        log.warning("Adam updates through step(): its kernels' results differ from step()'s")
    return agree
