"""worker/update.py: a CPU fused Adam's update called as its kernels gives the weights and
the optimizer state of `optimizer.step()` bit for bit, and anything else is step()'s."""

from __future__ import annotations

import types
from collections.abc import Callable

import pytest
import torch

import worker.update
from netcanvas.training_config import TrainingConfig
from worker.optim import make_optimizer
from worker.update import FusedUpdate, Update, update_of

State = tuple[dict[str, torch.Tensor], dict[str, object]]
STEP_CALLS: list[int] = []  # the calls of `optimizer.step()` in the last `train`


def network() -> torch.nn.Sequential:
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.Tanh(), torch.nn.Linear(7, 2))


def train(
    optimizer_of: Callable[[torch.nn.Module], torch.optim.Optimizer],
    fast: bool,
    steps: int = 12,
    between: Callable[[int, torch.nn.Sequential, torch.optim.Optimizer], None] = lambda *_: None,
) -> State:
    """`steps` steps on fixed batches, with a step schedule, through `update_of` or the
    optimizer itself; the weights and the optimizer's state after them."""
    net = network()
    optimizer = optimizer_of(net)
    update = update_of(optimizer) if fast else Update(optimizer)
    wrapped = optimizer.step
    STEP_CALLS.clear()

    def counted_step(self: torch.optim.Optimizer) -> None:
        STEP_CALLS.append(1)
        wrapped()

    optimizer.step = types.MethodType(counted_step, optimizer)  # type: ignore[method-assign]
    schedule = torch.optim.lr_scheduler.StepLR(optimizer, 3, 0.5)
    batches = torch.Generator().manual_seed(1)
    for step in range(steps):
        loss = net(torch.randn(8, 5, generator=batches)).pow(2).mean()
        update.zero_grad()
        loss.backward()
        update.step()
        if step % 4 == 3:
            schedule.step()
        between(step, net, optimizer)
    return net.state_dict(), optimizer.state_dict()


def assert_same(a: State, b: State) -> None:
    (weights_a, opt_a), (weights_b, opt_b) = a, b
    assert weights_a.keys() == weights_b.keys()
    assert all(torch.equal(weights_a[k], weights_b[k]) for k in weights_a)
    states_a, states_b = opt_a["state"], opt_b["state"]
    assert isinstance(states_a, dict) and isinstance(states_b, dict)
    assert states_a.keys() == states_b.keys()
    for key, state in states_a.items():
        assert state.keys() == states_b[key].keys()
        assert all(torch.equal(state[name], states_b[key][name]) for name in state)
    assert opt_a["param_groups"] == opt_b["param_groups"]


@pytest.mark.parametrize("name", ["adam", "adamw"])
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_the_engines_adam_updates_bit_for_bit_as_step(name: str, weight_decay: float) -> None:
    config = TrainingConfig(optimizer=name, lr=1e-2, weight_decay=weight_decay)

    def optimizer_of(net: torch.nn.Module) -> torch.optim.Optimizer:
        return make_optimizer(net.parameters(), config)

    assert isinstance(update_of(optimizer_of(network())), FusedUpdate)
    fast = train(optimizer_of, fast=True)
    assert len(STEP_CALLS) == 1  # the first update makes the state; the kernels do the rest
    assert_same(fast, train(optimizer_of, fast=False))


def test_amsgrad_updates_bit_for_bit_as_step() -> None:
    def optimizer_of(net: torch.nn.Module) -> torch.optim.Optimizer:
        return torch.optim.Adam(net.parameters(), lr=1e-2, amsgrad=True, fused=True)

    assert_same(train(optimizer_of, fast=True), train(optimizer_of, fast=False))


def test_a_state_loaded_midway_is_read_again() -> None:
    """A checkpoint's `load_state_dict` replaces the state tensors the update had read."""

    def optimizer_of(net: torch.nn.Module) -> torch.optim.Optimizer:
        return torch.optim.Adam(net.parameters(), lr=1e-2, fused=True)

    def reload(step: int, net: torch.nn.Module, optimizer: torch.optim.Optimizer) -> None:
        if step == 5:
            saved = {
                k: v.clone() if torch.is_tensor(v) else v for k, v in optimizer.state_dict().items()
            }
            optimizer.load_state_dict(saved)

    assert_same(
        train(optimizer_of, fast=True, between=reload),
        train(optimizer_of, fast=False, between=reload),
    )


def test_a_parameter_without_a_gradient_is_left_out_as_step_does() -> None:
    def optimizer_of(net: torch.nn.Module) -> torch.optim.Optimizer:
        return torch.optim.Adam(net.parameters(), lr=1e-2, fused=True)

    def freeze(step: int, net: torch.nn.Sequential, optimizer: torch.optim.Optimizer) -> None:
        net[0].bias.requires_grad_(step < 4)  # from step 5 on it gets no gradient

    fast, plain = (train(optimizer_of, fast=f, between=freeze) for f in (True, False))
    assert_same(fast, plain)


def test_step_hooks_still_run() -> None:
    calls: list[str] = []
    net = network()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2, fused=True)
    optimizer.register_step_post_hook(lambda *_: calls.append("post"))
    update = update_of(optimizer)
    for _ in range(3):
        update.zero_grad()
        net(torch.ones(2, 5)).sum().backward()
        update.step()
    assert calls == ["post"] * 3


def test_a_rate_given_as_a_tensor_goes_through_step() -> None:
    """capture.py's static step sets each group's rate to a tensor while it runs."""
    net = network()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-2, fused=True)
    update = update_of(optimizer)
    twin = network()
    plain = torch.optim.Adam(twin.parameters(), lr=1e-2, fused=True)
    for step in range(4):
        for model, opt, run in ((net, optimizer, update.step), (twin, plain, plain.step)):
            opt.param_groups[0]["lr"] = torch.tensor(1e-2) if step == 2 else 1e-2
            opt.zero_grad(set_to_none=True)
            model(torch.full((2, 5), float(step))).sum().backward()
            run()
    assert all(torch.equal(a, b) for a, b in zip(net.parameters(), twin.parameters(), strict=True))


def rmsprop(momentum: float) -> Callable[[torch.nn.Module], torch.optim.Optimizer]:
    """The engine's RMSprop for a config with `momentum` (and a rate and ρ of its own)."""
    config = TrainingConfig(optimizer="rmsprop", lr=1e-2, rho=0.9, eps=1e-6, momentum=momentum)
    return lambda net: make_optimizer(net.parameters(), config)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_the_engines_rmsprop_updates_as_torchs_with_the_configs_momentum(
    momentum: float,
) -> None:
    def public(net: torch.nn.Module) -> torch.optim.Optimizer:
        return torch.optim.RMSprop(
            net.parameters(), lr=1e-2, alpha=0.9, eps=1e-6, momentum=momentum
        )

    for steps in range(1, 7):  # the weights and state after every step, not just the last
        assert_same(train(rmsprop(momentum), fast=True, steps=steps), train(public, False, steps))


def test_rmsprop_momentum_changes_the_weights_trajectory() -> None:
    (plain, plain_state), (heavy, heavy_state) = (train(rmsprop(m), True) for m in (0, 0.9))
    assert all(not torch.equal(plain[k], heavy[k]) for k in plain)
    plain_states, heavy_states = plain_state["state"], heavy_state["state"]
    assert isinstance(plain_states, dict) and isinstance(heavy_states, dict)
    assert all("momentum_buffer" in s for s in heavy_states.values())
    assert all("momentum_buffer" not in s for s in plain_states.values())


def test_other_optimizers_update_through_step() -> None:
    params = list(network().parameters())
    for name in ("sgd", "momentum", "rmsprop", "adagrad"):
        update = update_of(make_optimizer(params, TrainingConfig(optimizer=name)))
        assert type(update) is Update, name
    unfused = torch.optim.Adam(params, fused=False)
    assert type(update_of(unfused)) is Update
    doubles = [torch.nn.Parameter(torch.zeros(3, dtype=torch.float64))]
    assert type(update_of(torch.optim.Adam(doubles, fused=True))) is Update


def test_a_capturable_optimizer_as_a_gpu_run_makes_it_updates_through_step() -> None:
    """A run that captures its step on a GPU makes its optimizer `capturable`: the graph
    then holds `step()`'s own capturable update, never the direct kernel call (whose step
    counts and rate a replay could not keep), and no group is left uncapturable, which
    `step()` refuses while a stream is capturing."""
    from worker.optim import CAPTURABLE

    params = list(network().parameters())
    for name in CAPTURABLE:
        optimizer = make_optimizer(params, TrainingConfig(optimizer=name), capturable=True)
        assert type(update_of(optimizer)) is Update, name
        assert all(group.get("capturable", True) for group in optimizer.param_groups), name


class TorchWithout:
    """`torch` as worker/update.py sees it, with some of its names gone or replaced: a
    PyTorch that renamed or changed the private kernels while its optimizers still work."""

    def __init__(self, **replaced: object) -> None:
        self.replaced = replaced

    def __getattr__(self, name: str) -> object:
        if name not in self.replaced:
            return getattr(torch, name)
        if self.replaced[name] is None:
            raise AttributeError(name)
        return self.replaced[name]


def changed_arguments(*args: object, **kwargs: object) -> None:
    raise TypeError("_fused_adam_() got an unexpected keyword argument 'lr'")


def no_update(*args: object, **kwargs: object) -> None:
    """A kernel that runs without complaint but leaves the weights as they were."""


FALLBACKS = {
    "no _foreach_add_": {"_foreach_add_": None},
    "no _fused_adam_": {"_fused_adam_": None},
    "no _fused_adamw_": {"_fused_adamw_": None},
    "_fused_adam_ takes other arguments": {"_fused_adam_": changed_arguments},
    "_fused_adamw_ computes something else": {"_fused_adamw_": no_update},
}


@pytest.mark.parametrize("name", ["adam", "adamw"])
@pytest.mark.parametrize("replaced", FALLBACKS.values(), ids=FALLBACKS.keys())
def test_without_the_kernels_every_update_is_the_public_optimizers(
    name: str, replaced: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kernels missing, raising or wrong: `update_of` gives `step()` from the first update,
    and the weights come out as the public optimizer's."""
    monkeypatch.setattr(worker.update, "torch", TorchWithout(**replaced))
    worker.update.kernels_agree.cache_clear()  # checked again with this `torch`
    config = TrainingConfig(optimizer=name, lr=1e-2, weight_decay=0.1)

    def optimizer_of(net: torch.nn.Module) -> torch.optim.Optimizer:
        return make_optimizer(net.parameters(), config)

    try:
        assert type(update_of(optimizer_of(network()))) is Update
        fallback = train(optimizer_of, fast=True)
        assert len(STEP_CALLS) == 12  # every update through step()
    finally:
        worker.update.kernels_agree.cache_clear()  # the real torch's answer for later tests
    assert_same(fallback, train(optimizer_of, fast=False))


def test_this_pytorchs_kernels_agree_with_step() -> None:
    """On the PyTorch the engine ships with, the check passes: CPU Adam takes the kernels."""
    worker.update.kernels_agree.cache_clear()
    assert worker.update.kernels_agree()
