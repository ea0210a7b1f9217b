"""The GPU fast path (`worker/capture.py`) on a CPU: everything but `torch.cuda.graph`.

`wants_capture` is forced on, so a CPU run takes the captured path: the static index,
the learning rate in a tensor, the warm-up steps, the capture (`Uncaptured`, whose
replay runs the static step) and the eager partial batch. The runs must match the eager
engine's; a recorder or warm-up that fails must leave the run eager and say why.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import torch

from netcanvas import samples
from netcanvas.events import LogEvent
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker import capture, checkpoints, training
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets import load_dataset
from worker.datasets.base import Dataset
from worker.optim import CAPTURABLE
from worker.step import Split
from worker.targets import plan_targets
from worker.training import Outcome, train

DATASETS = {name: load_dataset(name) for name in ("digits", "sine", "xor")}


class Run:
    def __init__(self, outcome: Outcome, network: GraphNetwork, events: list[dict[str, Any]]):
        self.outcome, self.network, self.events = outcome, network, events

    def logs(self) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] == "log"]

    def codes(self) -> list[str | None]:
        return [event.get("code") for event in self.logs()]


def fit(
    sample: str,
    dataset: str | Dataset,
    *,
    captured: bool,
    monkeypatch: pytest.MonkeyPatch,
    should_stop: Any = lambda: False,
    checkpoint: Path | None = None,
    **config: Any,
) -> Run:
    monkeypatch.setattr(capture, "wants_capture", lambda device: captured)
    if torch.cuda.is_available():  # these runs train on the GPU (device auto): really captured
        # cuDNN's fastest backward kernels add in any order; the same seed must give the
        # same run, as on a CPU, so that the comparisons below stay exact.
        monkeypatch.setattr(torch.backends.cudnn, "deterministic", True)
        monkeypatch.setattr(torch.backends.cudnn, "benchmark", False)
    torch.manual_seed(0)
    network = compile_graph(load_graph(samples.load(sample)))
    data = DATASETS[dataset] if isinstance(dataset, str) else dataset
    events: list[dict[str, Any]] = []
    settings = {"epochs": 3, "batch_size": 32, "schedule": "cosine"} | config
    outcome = train(
        network,
        data,
        TrainingConfig(**settings),
        plan_targets(network, data),
        emit=events.append,
        should_stop=should_stop,
        checkpoint=checkpoint,
    )
    return Run(outcome, network, events)


def flat_row(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """An epoch row with its nested figures (`layers`: per-layer norms and histograms, the
    gradients the captured backward left) as `layers.fc1.grad_norm`-like keys."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flat_row(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            flat.update({f"{prefix}{key}.{i}": item for i, item in enumerate(value)})
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def assert_same_training(a: Run, b: Run, rel: float = 1e-5) -> None:
    assert a.outcome.status == b.outcome.status == "succeeded", b.outcome.reason
    assert len(a.outcome.history) == len(b.outcome.history)
    for row_a, row_b in zip(a.outcome.history, b.outcome.history, strict=True):
        assert row_b.keys() == row_a.keys()
        for key, value in flat_row(row_a).items():
            assert flat_row(row_b)[key] == pytest.approx(value, rel=rel, abs=1e-7), key
    for (name, p), q in zip(a.network.named_parameters(), b.network.parameters(), strict=True):
        assert torch.allclose(p, q, rtol=1e-4, atol=1e-6), name


@pytest.mark.parametrize(
    ("sample", "dataset", "optimizer", "last_batch"),
    [
        ("digits_cnn", "digits", "adam", "keep"),  # channels-last, a partial last batch
        ("lstm_sine", "sine", "momentum", "drop"),
        ("xor_mlp", "xor", "sgd", "keep"),
    ],
)
def test_the_captured_step_trains_as_the_eager_step(
    sample: str, dataset: str, optimizer: str, last_batch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same seed, same losses and weights; the cosine schedule changes the rate each epoch,
    which the graph must read from its tensor, not from the capture."""
    common: dict[str, Any] = {
        "optimizer": optimizer,
        "last_batch": last_batch,
        "monkeypatch": monkeypatch,
    }
    eager = fit(sample, dataset, captured=False, **common)
    fast = fit(sample, dataset, captured=True, **common)
    assert_same_training(eager, fast)
    assert eager.codes() == []
    captured = fast.logs()[0]
    assert captured["code"] == "log.captured"
    assert captured["params"] == {"epoch": 1, "step": capture.WARMUP + 1}


def test_augmentation_layers_train_the_same_in_the_captured_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Their random draws happen inside the step, in the same order either way: the seed
    gives the same run, captured or not."""
    common: dict[str, Any] = {
        "optimizer": "adam",
        "last_batch": "drop",
        "monkeypatch": monkeypatch,
        "epochs": 1,
    }
    eager = fit("digits_few_augmented", "digits", captured=False, **common)
    fast = fit("digits_few_augmented", "digits", captured=True, **common)
    assert_same_training(eager, fast)
    assert fast.codes()[0] == "log.captured"


def test_every_full_batch_after_the_warm_up_replays_the_graph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replays = {"n": 0}

    def counting(body: capture.Body) -> capture.Graph:
        def replay() -> None:
            replays["n"] += 1
            body()

        graph = capture.Uncaptured(body)
        graph.replay = replay  # type: ignore[method-assign]
        return graph

    monkeypatch.setattr(capture, "recorder", lambda device: counting)
    run = fit("digits_cnn", "digits", captured=True, monkeypatch=monkeypatch)
    full_steps = training.batch_starts(DATASETS["digits"].sizes["train"], 32, "keep")[:-1]
    assert DATASETS["digits"].sizes["train"] % 32  # so the last batch of each epoch is eager
    assert replays["n"] == 3 * len(full_steps) - capture.WARMUP
    assert run.outcome.status == "succeeded"


def refusing(body: capture.Body) -> capture.Graph:
    raise RuntimeError("CUDA error: operation not permitted when stream is capturing\nmore")


def failing_warm_up(body: capture.Body, device: torch.device) -> None:
    raise RuntimeError("lr as a Tensor is not supported")


@pytest.mark.parametrize(
    ("stage", "step", "error"),
    [
        (
            "capture",
            capture.WARMUP + 1,
            "CUDA error: operation not permitted when stream is capturing",
        ),
        ("warm-up", 1, "lr as a Tensor is not supported"),
    ],
)
def test_a_failed_capture_falls_back_to_the_eager_step_and_says_why(
    stage: str, step: int, error: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    eager = fit("digits_cnn", "digits", captured=False, monkeypatch=monkeypatch)
    if stage == "capture":
        monkeypatch.setattr(capture, "recorder", lambda device: refusing)
    else:
        monkeypatch.setattr(capture, "warm", failing_warm_up)
    fell_back = fit("digits_cnn", "digits", captured=True, monkeypatch=monkeypatch)
    assert_same_training(eager, fell_back)  # the batch being captured was trained eagerly
    assert fell_back.codes() == ["log.capture_fallback"]  # once, and never captured
    line = fell_back.logs()[0]
    assert line["params"]["reason"]["code"] == "capture.error"
    assert line["params"]["reason"]["params"]["step"] == step
    assert line["message"] == (
        "the training step runs eagerly, not as a CUDA graph: capturing it failed at step "
        f"{step} of epoch 1 (RuntimeError: {error})"
    )
    japanese = LogEvent.model_validate(line).localised("ja").message
    assert "CUDA グラフ" in japanese and error in japanese


def test_an_optimizer_pytorch_cannot_capture_runs_eagerly_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = fit("xor_mlp", "xor", captured=True, monkeypatch=monkeypatch, optimizer="adagrad")
    assert run.outcome.status == "succeeded"
    assert [line["message"] for line in run.logs()] == [
        "the training step runs eagerly, not as a CUDA graph: "
        "PyTorch cannot capture the update of adagrad"
    ]


def test_a_split_left_in_host_memory_is_not_captured() -> None:
    """A split too large for the GPU stays pinned on the host: the gather cannot be in a graph."""
    data = DATASETS["xor"]
    split = Split(data.x_train, data.y_train, data.y_train)
    decided = capture.plan(TrainingConfig(), torch.device("cuda"), split)
    assert not decided.capture and decided.reason == {"code": "capture.host_split", "params": {}}
    assert capture.plan(TrainingConfig(), torch.device("cpu"), split) == capture.Plan(False)


def test_the_per_step_curve_is_the_same_with_the_captured_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(training, "EMIT_INTERVAL_S", 0.0)  # every step may send a point
    monkeypatch.setattr(training, "CPU_POINT_INTERVAL_S", 0.0)  # on a GPU, or a CPU

    def points(run: Run) -> list[dict[str, Any]]:
        return [e for e in run.events if e["type"] == "metrics"]

    eager = fit("xor_mlp", "xor", captured=False, monkeypatch=monkeypatch, batch_size=8)
    fast = fit("xor_mlp", "xor", captured=True, monkeypatch=monkeypatch, batch_size=8)
    assert [(p["epoch"], p["step"]) for p in points(fast)] == [
        (p["epoch"], p["step"]) for p in points(eager)
    ]
    for a, b in zip(points(eager), points(fast), strict=True):
        assert b["step_loss"] == pytest.approx(a["step_loss"], rel=1e-5)
        assert b["step_accuracy"] == a["step_accuracy"]


def test_cancel_and_resume_with_the_captured_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled within a step of epoch 2 (after its checkpoint of epoch 1), then resumed:
    the run warms up and captures again, and ends where an uninterrupted one does."""
    calls = {"n": 0}
    steps = len(training.batch_starts(DATASETS["digits"].sizes["train"], 32, "keep"))

    def stop_in_epoch_2() -> bool:
        calls["n"] += 1
        return calls["n"] > steps + 7

    path = tmp_path / "checkpoint.pt"
    whole = fit("digits_cnn", "digits", captured=True, monkeypatch=monkeypatch)
    first = fit(
        "digits_cnn",
        "digits",
        captured=True,
        monkeypatch=monkeypatch,
        should_stop=stop_in_epoch_2,
        checkpoint=path,
    )
    assert first.outcome.status == "cancelled"
    assert first.outcome.reason == "cancelled during epoch 2, step 8"
    assert calls["n"] == steps + 8  # asked before every step, the graph's included
    resumed = fit("digits_cnn", "digits", captured=True, monkeypatch=monkeypatch, checkpoint=path)
    assert resumed.codes() == ["log.resumed", "log.captured"]
    assert resumed.logs()[1]["params"] == {"epoch": 2, "step": capture.WARMUP + 1}
    assert_same_training(whole, resumed, rel=0)


def test_a_resumed_run_keeps_its_own_optimizer_implementation() -> None:
    """A GPU run that captured saves `capturable=True`; a CPU run resuming it must not take it
    (RMSprop would refuse to step), nor a GPU run the CPU's `False`."""
    weight = torch.nn.Parameter(torch.ones(3))
    saved_by = torch.optim.RMSprop([weight], lr=0.1)
    weight.grad = torch.ones(3)
    saved_by.step()
    state = saved_by.state_dict()
    state["param_groups"][0]["capturable"] = True  # as a capturing GPU run saves it

    resuming = torch.optim.RMSprop([weight], lr=0.5)
    checkpoints.load_optimizer(resuming, state)
    assert resuming.param_groups[0]["capturable"] is False
    assert resuming.param_groups[0]["lr"] == 0.1  # the hyper-parameters are the checkpoint's
    resuming.step()
    assert resuming.state[weight]["step"].item() == 2


def test_a_run_with_no_full_batch_never_captures(monkeypatch: pytest.MonkeyPatch) -> None:
    xor = DATASETS["xor"]
    few = Dataset("few", xor.task, xor.x_train[:20], xor.y_train[:20], xor.x_val[:20],
                  xor.y_val[:20], xor.class_names)  # fmt: skip
    run = fit("xor_mlp", few, captured=True, monkeypatch=monkeypatch)  # one batch of 20 < 32
    assert run.outcome.status == "succeeded" and run.codes() == []


def test_on_a_gpu_a_split_on_the_device_is_captured_with_any_capturable_optimizer() -> None:
    """The decision a CUDA run takes, with only the split's device faked (there is no GPU
    here): every optimizer PyTorch can capture is captured, Adagrad says why not."""
    on_gpu = cast(Split, SimpleNamespace(x=SimpleNamespace(device=torch.device("cuda"))))
    cuda = torch.device("cuda")
    for name in CAPTURABLE:
        assert capture.plan(TrainingConfig(optimizer=name), cuda, on_gpu) == capture.Plan(True)
    refused = capture.plan(TrainingConfig(optimizer="adagrad"), cuda, on_gpu)
    assert not refused.capture
    assert refused.reason == {"code": "capture.optimizer", "params": {"optimizer": "adagrad"}}
