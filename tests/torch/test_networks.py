"""Several networks with PyTorch (docs/GRAPH_UNITS_AND_NETWORKS.md section 3): RandomNoise
and Unlink behave, `shared_as` is one set of parameters, a phase's optimizer changes only
its own nodes, and the DCGAN sample trains on the CPU."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse
from worker.compiler import compile_graph
from worker.datasets import load_dataset
from worker.phases import PhasedTrainer
from worker.run import run_training
from worker.targets import plan_targets
from worker.training import train


@pytest.fixture(autouse=True)
def one_thread() -> Any:
    """One CPU thread: these small networks train fastest so on a shared machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def dcgan() -> dict[str, Any]:
    return samples.load("dcgan_digits")


def network() -> Any:
    torch.manual_seed(0)
    return compile_graph(load_graph(dcgan()))


def test_random_noise_has_the_batch_size_and_is_fresh_each_call() -> None:
    net = network()
    x = torch.rand(5, 1, 8, 8)
    net.add_plan("_noise", "noise")
    first, second = (net.outputs_of("_noise", x)["noise"] for _ in range(2))
    assert first.shape == (5, 16)
    assert not torch.equal(first, second)
    assert net.generate("G", 7, torch.device("cpu")).shape == (7, 1, 8, 8)


def test_uniform_noise_lies_between_minus_one_and_one() -> None:
    graph = dcgan()
    graph["nodes"][1]["params"]["distribution"] = "uniform"
    net = compile_graph(load_graph(graph))
    noise = net.generate("noise", 4000, torch.device("cpu"))
    assert noise.min() >= -1 and noise.max() <= 1 and noise.min() < -0.9 and noise.max() > 0.9


def has_gradient(parameter: torch.nn.Parameter) -> bool:
    return parameter.grad is not None and bool(parameter.grad.abs().sum() > 0)


def test_unlink_gives_zero_gradient_upstream() -> None:
    net = network()
    net.add_plan("_fake", "d_fake", "d_gen")
    values = net.outputs_of("_fake", torch.rand(4, 1, 8, 8))
    values["d_fake"].sum().backward()
    assert all(p.grad is None for p in net._modules["G"].parameters())
    assert any(
        p.grad is not None and p.grad.abs().sum() > 0 for p in net._modules["D"].parameters()
    )
    net.zero_grad()
    values = net.outputs_of("_fake", torch.rand(4, 1, 8, 8))
    values["d_gen"].sum().backward()  # without Unlink the generator gets a gradient
    assert any(
        p.grad is not None and p.grad.abs().sum() > 0 for p in net._modules["G"].parameters()
    )


def test_shared_as_makes_one_parameter_set() -> None:
    net = network()
    keys = list(net.state_dict())
    assert "D.conv1.weight" in keys and keys.count("D.conv1.weight") == 1
    assert not any(k.startswith(("d_real.", "d_fake.", "d_gen.")) for k in keys)
    analysis = analyse(load_graph(dcgan()))
    assert analysis.result.total_params == sum(p.numel() for p in net.parameters())
    image = torch.rand(3, 1, 8, 8)
    assert torch.equal(net.module_of("d_real")(image), net.module_of("d_fake")(image))
    assert net.module_of("d_real") is net.module_of("d_gen")


def trainer(epochs: int = 1, **overrides: Any) -> PhasedTrainer:
    net = network()
    dataset = load_dataset("digits", validation_split=0.2, seed=0)
    config = TrainingConfig(epochs=epochs, batch_size=64, device="cpu", **overrides)
    args = (config, plan_targets(net, dataset), lambda e: None, lambda: False)
    return PhasedTrainer(net, dataset, *args, torch.device("cpu"))


def parameters(net: Any) -> dict[str, torch.Tensor]:
    """Every parameter's value (BatchNorm's running statistics are buffers, not parameters:
    any forward pass in training mode moves them, whichever phase it is for)."""
    return {k: v.detach().clone() for k, v in net.named_parameters()}


def changed(before: dict[str, torch.Tensor], after: dict[str, torch.Tensor]) -> set[str]:
    return {k.split(".")[0] for k, v in after.items() if not torch.equal(v, before[k])}


def test_each_phase_optimizer_changes_only_its_nodes() -> None:
    t = trainer()
    d_phase, g_phase = t.phases
    t.phases = [d_phase]
    before = parameters(t.network)
    t.step(torch.arange(64))
    after = parameters(t.network)
    assert changed(before, after) == {"D"}
    t.phases = [g_phase]
    t.step(torch.arange(64))
    assert changed(after, parameters(t.network)) == {"G"}
    assert d_phase.optimizer.defaults["betas"] == (0.5, 0.999)
    assert d_phase.optimizer.defaults["lr"] == 0.001 and g_phase.optimizer.defaults["lr"] == 0.002


def test_a_phase_step_builds_constant_targets_once_per_batch_size() -> None:
    """zeros/ones targets are kept per batch size, equal to what gathering them gives, and
    a step trains exactly as with the targets gathered every time."""
    from worker.heads import MultiSplit
    from worker.step import gather

    cached, gathered = trainer(), trainer()
    step = cached.step
    for batch in (torch.arange(64), torch.arange(64, 128), torch.arange(10)):
        for head in cached.heads:
            target, labels = step._targets(head, batch)  # type: ignore[attr-defined]
            split = cached.train
            assert isinstance(split, MultiSplit)  # a split with every loss's targets
            expected = gather(split.by_loss[head.loss], batch, cached.device, cached.memory_format)
            assert torch.equal(target, expected), head.loss
            assert labels is not None
            assert torch.equal(labels, split.labels_by_loss[head.loss][batch])
    assert sorted(step.constant) == sorted(  # type: ignore[attr-defined]
        (h.loss, n) for h in cached.heads for n in (64, 10)
    )
    first = step._targets(cached.heads[0], torch.arange(5, 69))  # type: ignore[attr-defined]
    assert first is step._targets(cached.heads[0], torch.arange(64))  # type: ignore[attr-defined]

    train = gathered.train
    assert isinstance(train, MultiSplit)
    gathered.step._targets = lambda head, index: (  # type: ignore[attr-defined]
        gather(train.by_loss[head.loss], index, gathered.device, gathered.memory_format),
        gather(train.labels_by_loss[head.loss], index, gathered.device, gathered.memory_format),
    )
    for t in (cached, gathered):
        torch.manual_seed(1)
        t.step(torch.arange(64))
        t.step(torch.arange(64, 74))
    assert parameters(cached.network).keys() == parameters(gathered.network).keys()
    for name, value in parameters(cached.network).items():
        assert torch.equal(value, parameters(gathered.network)[name]), name


def test_dcgan_trains_and_the_discriminator_moves_off_chance(tmp_path: Path) -> None:
    events: list[dict[str, Any]] = []
    config = TrainingConfig(epochs=3, batch_size=64, device="cpu")
    result = run_training(dcgan(), "digits", config, tmp_path, emit=events.append)
    assert result.status == "succeeded", result.reason
    epochs = [e for e in events if e["type"] == "epoch"]
    assert len(epochs) == 3
    last = epochs[-1]
    for key in ("train_loss/phase:discriminator", "train_loss/phase:generator",
                "train_loss/d_real_loss", "train_loss/g_loss"):  # fmt: skip
        assert key in last, key
    # each phase's own learning rate (the sample's overrides), the row's lr the first's
    assert last["lr/phase:discriminator"] == last["lr"] == pytest.approx(0.001)
    assert last["lr/phase:generator"] == pytest.approx(0.002)
    # the discriminator tells real from generated better than chance in some epoch
    accuracies = [e["train_accuracy/phase:discriminator"] for e in epochs]
    assert max(abs(a - 0.5) for a in accuracies) > 0.1, accuracies
    drawn = [e for e in events if e["type"] == "samples"]  # the generator's images (G)
    assert drawn and drawn[-1]["epoch"] == 3 and drawn[-1]["head"] == "G"
    assert drawn[-1]["shape"] == [1, 8, 8] and drawn[-1]["grid"].startswith("data:image/png")
    logs = " ".join(e.get("message", "") for e in events if e["type"] == "log")
    assert "phase discriminator" in logs and "phase generator" in logs
    # the discriminator's heads compare with zeros/ones: their classes read fake and real
    assert result.evaluation is not None
    assert result.evaluation["class_names"] == ["fake", "real"]
    for loss in ("d_real_loss", "d_fake_loss", "g_loss"):
        assert result.evaluation["heads"][loss]["class_names"] == ["fake", "real"], loss


def test_a_phased_job_holds_its_test_rows_out_of_every_phase_and_scores_them_as_validation(
    tmp_path: Path,
) -> None:
    events: list[dict[str, Any]] = []
    config = TrainingConfig(epochs=1, batch_size=64, device="cpu", test_fraction=0.2)
    result = run_training(dcgan(), "digits", config, tmp_path, emit=events.append,
                          defer_exports=True)  # fmt: skip
    assert result.status == "succeeded", result.reason
    (started,) = [e for e in events if e["type"] == "started"]
    sizes = started["sizes"]  # every phase steps over the training rows only
    assert sizes["test"] == round(1797 * 0.2) and sum(sizes.values()) == 1797
    assert result.evaluation is not None
    test = result.evaluation["test"]
    # the same evaluation as the validation's: the primary head (the discriminator on real
    # digits, fake/real) and every head, not the digits' ten classes
    assert test["class_names"] == result.evaluation["class_names"] == ["fake", "real"]
    assert sorted(test["heads"]) == sorted(result.evaluation["heads"])
    assert test["predictions_total"] == sizes["test"] and test["loss"] > 0
    assert result.summary["test_accuracy"] == test["accuracy"]


def test_plain_training_still_uses_every_loss_without_phases() -> None:
    graph = dcgan()
    del graph["training"]
    net = compile_graph(load_graph(graph))
    dataset = load_dataset("digits", validation_split=0.2, seed=0)
    config = TrainingConfig(epochs=1, batch_size=128, device="cpu")
    outcome = train(net, dataset, config, plan_targets(net, dataset))
    assert outcome.status == "succeeded", outcome.reason
