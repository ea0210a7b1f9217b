"""The training engine on CPU: the course's classic results, failures, cancel and determinism."""

from __future__ import annotations

import itertools
import subprocess
import sys
from typing import Any

import pytest
import torch

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from worker import training
from worker.compiler import GraphNetwork, compile_graph
from worker.datasets import load_dataset
from worker.datasets.base import Dataset, DatasetError
from worker.targets import plan_targets
from worker.training import Outcome, train


def network(name: str, seed: int = 0) -> GraphNetwork:
    torch.manual_seed(seed)
    return compile_graph(load_graph(samples.load(name)))


def fit(
    net: GraphNetwork, dataset: Dataset, events: list[dict[str, Any]] | None = None, **config: Any
) -> Outcome:
    plan = plan_targets(net, dataset)
    emit = events.append if events is not None else (lambda event: None)
    return train(net, dataset, TrainingConfig(**config), plan, emit=emit)


def test_xor_mlp_reaches_full_training_accuracy() -> None:
    outcome = fit(network("xor_mlp"), load_dataset("xor"), epochs=150, lr=0.02, batch_size=32)
    assert outcome.status == "succeeded", outcome.reason
    assert outcome.summary["train_accuracy"] == 1.0


def test_single_layer_perceptron_cannot_learn_xor() -> None:
    outcome = fit(network("perceptron"), load_dataset("xor"), epochs=150, lr=0.02, batch_size=32)
    assert outcome.status == "succeeded"
    assert outcome.summary["train_accuracy"] <= 0.8


def test_digits_cnn_reaches_95_percent_validation_accuracy() -> None:
    outcome = fit(network("digits_cnn"), load_dataset("digits"), epochs=20, batch_size=32)
    assert outcome.status == "succeeded", outcome.reason
    assert outcome.summary["val_accuracy"] >= 0.95
    evaluation = outcome.evaluation
    assert evaluation is not None and len(evaluation["confusion_matrix"]) == 10
    assert [row["class"] for row in evaluation["per_class"]] == [str(d) for d in range(10)]
    assert evaluation["accuracy"] == pytest.approx(outcome.summary["val_accuracy"])
    assert len(evaluation["predictions"][0]["top3"]) == 3


def test_lstm_forecaster_reaches_small_validation_error_on_sine() -> None:
    outcome = fit(network("lstm_sine"), load_dataset("sine"), epochs=25, lr=0.005)
    assert outcome.status == "succeeded", outcome.reason
    assert outcome.summary["val_mse"] < 0.01
    assert outcome.evaluation is not None and outcome.evaluation["task"] == "regression"
    assert outcome.evaluation["r2"] > 0.9


def test_autoencoder_halves_its_reconstruction_loss() -> None:
    net, dataset = network("conv_autoencoder"), load_dataset("mnist5k")
    with torch.no_grad():
        before = torch.nn.functional.mse_loss(net(dataset.x_val), dataset.x_val).item()
    outcome = fit(net, dataset, epochs=2, lr=0.003)
    assert outcome.status == "succeeded", outcome.reason
    assert outcome.summary["val_loss"] <= before / 2
    assert outcome.evaluation is not None and outcome.evaluation["task"] == "autoencoder"


def test_same_seed_gives_the_same_metrics() -> None:
    runs = [
        fit(network("xor_mlp", seed=7), load_dataset("xor", seed=7), epochs=5, seed=7)
        for _ in range(2)
    ]
    for run in runs:
        run.summary.pop("samples_per_s")
    assert runs[0].summary == runs[1].summary
    assert runs[0].history == runs[1].history


def test_events_follow_the_design() -> None:
    events: list[dict[str, Any]] = []
    fit(network("xor_mlp"), load_dataset("xor"), events, epochs=3)
    kinds = [event["type"] for event in events]
    assert kinds.count("epoch") == 3 and kinds[-1] == "evaluation"
    epoch = next(event for event in events if event["type"] == "epoch")
    assert {"epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr"} <= set(epoch)
    progress = next(event for event in events if event["type"] == "progress")
    assert {"epoch", "step", "samples_per_s", "eta_s"} <= set(progress)


def test_the_per_step_curve_starts_at_the_first_step_and_stays_light(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(training, "EMIT_INTERVAL_S", 0.0)  # every step may send a point
    monkeypatch.setattr(training, "CPU_POINT_INTERVAL_S", 0.0)  # on a GPU, or a CPU
    monkeypatch.setattr(training, "STEP_POINTS", 40)  # 10 an epoch over 4 epochs
    events: list[dict[str, Any]] = []
    fit(network("xor_mlp"), load_dataset("xor"), events, epochs=4, batch_size=4)
    first = next(event for event in events if event["type"] in ("metrics", "epoch"))
    assert (first["type"], first["epoch"], first["step"]) == ("metrics", 1, 1)
    for epoch in range(1, 5):
        points = [e for e in events if e["type"] == "metrics" and e["epoch"] == epoch]
        steps = points[0]["steps"]
        assert steps > 40 and 2 <= len(points) <= 11  # step 1, one every steps/10, the last
        assert points[-1]["step"] == steps
        assert [p["step"] for p in points] == sorted({p["step"] for p in points})
        # Each point's `step_loss` covers the steps since the previous one, so together they
        # make up the running mean that `train_loss` gives.
        starts = [0] + [p["step"] for p in points[:-1]]
        sizes = [p["step"] - start for p, start in zip(points, starts, strict=True)]
        weighted = sum(p["step_loss"] * n for p, n in zip(points, sizes, strict=True)) / sum(sizes)
        assert weighted == pytest.approx(points[-1]["train_loss"], rel=1e-4)
        assert all(0.0 <= p["step_accuracy"] <= 1.0 for p in points)


def test_a_cpu_run_with_batches_of_one_shows_its_steps_between_progress_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Batch size 1 on XOR: 320 steps an epoch, done in well under the progress reports'
    interval; the per-step curve still gets its points, one every 320 / 50 steps and the
    epoch's last, so the noisy steps of batch size 1 show against a full batch's one step an
    epoch; the run's last progress report is its end, not a step it passed on the way."""
    monkeypatch.setattr(training, "EMIT_INTERVAL_S", 3600.0)  # one progress report an epoch
    monkeypatch.setattr(training, "CPU_POINT_INTERVAL_S", 0.0)
    events: list[dict[str, Any]] = []
    fit(network("xor_mlp"), load_dataset("xor"), events, epochs=2, batch_size=1, lr=0.05)
    for epoch in (1, 2):
        steps = [e["step"] for e in events if e["type"] == "metrics" and e["epoch"] == epoch]
        assert steps == [1, *range(8, 321, 7), 320]  # step 1, every ceil(320 / 50) = 7, the last
    reports = [(e["epoch"], e["step"], e["steps"], e["eta_s"]) for e in events
               if e["type"] == "progress"]  # fmt: skip
    assert reports == [(1, 1, 320, reports[0][3]), (2, 1, 320, reports[1][3]), (2, 320, 320, 0.0)]
    events.clear()
    fit(network("xor_mlp"), load_dataset("xor"), events, epochs=2, batch_size=1000, lr=0.05)
    assert [(e["epoch"], e["step"], e["steps"]) for e in events if e["type"] == "metrics"] == [
        (1, 1, 1),
        (2, 1, 1),
    ]


def test_a_fast_runs_curve_and_progress_reach_its_end() -> None:
    """With the real intervals, a run whose epochs take less than a point's gap: each epoch's
    curve still ends at its last step (the epoch points sit at its end), and the last progress
    report is the last epoch's last step, with nothing left."""
    events: list[dict[str, Any]] = []
    fit(network("xor_mlp"), load_dataset("xor"), events, epochs=3, batch_size=32)
    points = [(e["epoch"], e["step"], e["steps"]) for e in events if e["type"] == "metrics"]
    for epoch in (1, 2, 3):
        mine = [(step, steps) for at, step, steps in points if at == epoch]
        assert mine[0][0] == 1 and mine[-1][0] == mine[-1][1] == 10  # 320 samples, 10 batches
    last = [e for e in events if e["type"] == "progress"][-1]
    assert (last["epoch"], last["epochs"], last["step"], last["steps"]) == (3, 3, 10, 10)
    assert last["eta_s"] == 0.0
    assert events.index(last) < [e["type"] for e in events].index("evaluation")


def test_an_early_stopped_runs_last_progress_is_its_last_epochs_end() -> None:
    events: list[dict[str, Any]] = []
    outcome = fit(
        network("xor_mlp"), flipped(load_dataset("xor")), events,
        epochs=50, lr=0.02, early_stopping=True, patience=2,
    )  # fmt: skip
    last = [e for e in events if e["type"] == "progress"][-1]
    assert (last["epoch"], last["epochs"]) == (len(outcome.history), 50)
    assert last["step"] == last["steps"] and last["eta_s"] == 0.0


def flipped(dataset: Dataset) -> Dataset:
    """Validation labels that disagree with training: validation loss rises as training works."""
    return Dataset(
        dataset.name,
        dataset.task,
        dataset.x_train,
        dataset.y_train,
        dataset.x_train,
        1 - dataset.y_train,
        dataset.class_names,
    )


def test_early_stopping_stops_when_validation_loss_rises() -> None:
    outcome = fit(
        network("xor_mlp"),
        flipped(load_dataset("xor")),
        epochs=50,
        lr=0.02,
        early_stopping=True,
        patience=2,
    )
    assert outcome.status == "succeeded"
    assert len(outcome.history) < 50


def test_keep_best_restores_the_best_validation_epoch() -> None:
    outcome = fit(
        network("xor_mlp"), flipped(load_dataset("xor")), epochs=8, lr=0.02, keep_best="val_loss"
    )
    best = min(row["val_loss"] for row in outcome.history)
    assert outcome.summary["val_loss"] == pytest.approx(best, rel=1e-5)


def test_keep_best_summarises_the_kept_epochs_training_figures() -> None:
    outcome = fit(
        network("xor_mlp"), flipped(load_dataset("xor")), epochs=8, lr=0.02, keep_best="val_loss"
    )
    kept = min(outcome.history, key=lambda row: row["val_loss"])
    assert outcome.summary["train_loss"] == kept["train_loss"]
    assert outcome.summary["train_accuracy"] == kept["train_accuracy"]
    assert outcome.summary["kept_epoch"] == kept["epoch"]  # the page says whose weights


def test_without_keep_best_the_summary_names_the_last_epoch_as_the_evaluated_one() -> None:
    outcome = fit(network("xor_mlp"), load_dataset("xor"), epochs=3, lr=0.02)
    assert outcome.summary["kept_epoch"] == outcome.history[-1]["epoch"] == 3


def logs(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [event for event in events if event["type"] == "log"]


def test_a_run_names_the_epoch_whose_weights_keep_best_kept() -> None:
    events: list[dict[str, Any]] = []
    outcome = fit(
        network("xor_mlp"), flipped(load_dataset("xor")), events, epochs=8, lr=0.02,
        keep_best="val_loss",
    )  # fmt: skip
    kept = min(outcome.history, key=lambda row: row["val_loss"])
    assert kept is not outcome.history[-1]
    [line] = [e for e in logs(events) if e["code"] == "log.kept_best_val_loss"]
    assert line["params"]["epoch"] == kept["epoch"]
    assert f"weights of epoch {kept['epoch']}," in line["message"]


def test_early_stopping_that_keeps_the_last_weights_says_which_epoch_was_best() -> None:
    events: list[dict[str, Any]] = []
    outcome = fit(
        network("xor_mlp"), flipped(load_dataset("xor")), events, epochs=50, lr=0.02,
        early_stopping=True, patience=2,
    )  # fmt: skip
    best = min(outcome.history, key=lambda row: row["val_loss"])
    [line] = [e for e in logs(events) if e["code"] == "log.kept_last"]
    assert line["params"] == {"epoch": outcome.history[-1]["epoch"], "best": best["epoch"]}


def test_the_end_of_a_run_makes_no_pass_over_the_training_set() -> None:
    """Each epoch trains on the training split and validates; the end evaluates the
    validation split once: the summary's training figures come from the epochs. (The
    decision boundary's grid, evaluated after some epochs of this 2-D classifier, is no
    pass over a split: its cells are counted apart.)"""
    net, dataset = network("xor_mlp"), load_dataset("xor")
    seen = {"train": 0, "eval": 0}
    first = next(iter(net.children()))
    first.register_forward_hook(
        lambda module, args, _: seen.__setitem__(
            "train" if module.training else "eval",
            seen["train" if module.training else "eval"] + len(args[0]),
        )
    )
    events: list[dict[str, Any]] = []
    outcome = fit(net, dataset, events, epochs=3, lr=0.02)
    assert outcome.status == "succeeded", outcome.reason
    train_size, val_size = dataset.sizes["train"], dataset.sizes["validation"]
    assert val_size > 0
    grids = sum(e["size"] ** 2 for e in events if e["type"] == "boundary")
    assert seen == {"train": 3 * train_size, "eval": (3 + 1) * val_size + grids}
    assert outcome.summary["train_loss"] == outcome.history[-1]["train_loss"]
    assert outcome.evaluation is not None
    assert outcome.summary["val_accuracy"] == pytest.approx(outcome.evaluation["accuracy"])


def test_exploding_loss_fails_with_a_readable_reason() -> None:
    sine = load_dataset("sine")
    huge = Dataset("huge", "regression", sine.x_train * 1e6, sine.y_train, sine.x_val, sine.y_val)
    outcome = fit(network("lstm_sine"), huge, epochs=3, optimizer="sgd", lr=10)
    assert outcome.status == "failed"
    assert "loss became" in outcome.reason and "learning rate" in outcome.reason


def test_cancel_stops_within_a_step_and_keeps_history() -> None:
    calls = {"n": 0}

    def should_stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 30

    net, dataset = network("xor_mlp"), load_dataset("xor")
    outcome = train(
        net,
        dataset,
        TrainingConfig(epochs=100, batch_size=32),
        plan_targets(net, dataset),
        should_stop=should_stop,
    )
    assert outcome.status == "cancelled" and "cancelled" in outcome.reason
    assert calls["n"] == 31
    assert len(outcome.history) >= 1


@pytest.mark.parametrize(
    "optimizer", ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
)
def test_every_optimizer_lowers_the_loss(optimizer: str) -> None:
    lr = {"sgd": 0.5, "momentum": 0.1, "nesterov": 0.1, "adagrad": 0.1}.get(optimizer, 0.01)
    outcome = fit(
        network("xor_mlp"),
        load_dataset("xor"),
        epochs=30,
        lr=lr,
        optimizer=optimizer,
        schedule="cosine",
    )
    assert outcome.history[-1]["train_loss"] < outcome.history[0]["train_loss"]


def test_rmsprop_momentum_changes_the_training_loss() -> None:
    """The launch form's Momentum applies to RMSProp (its help says so): on xor_mlp, 0 and
    0.9 train differently."""
    losses = [
        [
            row["train_loss"]
            for row in fit(
                network("xor_mlp"), load_dataset("xor"), epochs=3, optimizer="rmsprop", momentum=m
            ).history
        ]
        for m in (0.0, 0.9)
    ]
    assert all(a != b for a, b in zip(*losses, strict=True))


@pytest.mark.parametrize("schedule", ["step", "exponential", "cosine", "warmup"])
def test_schedules_change_the_learning_rate(schedule: str) -> None:
    outcome = fit(
        network("xor_mlp"),
        load_dataset("xor"),
        epochs=4,
        schedule=schedule,
        step_size=1,
        gamma=0.5,
        warmup_epochs=4,
    )
    rates = [row["lr"] for row in outcome.history]
    assert len(set(rates)) > 1


def test_squared_error_trains_on_one_hot_targets() -> None:
    graph = samples.load("xor_mlp")
    graph["nodes"][-1]["type"] = "MSELoss"
    torch.manual_seed(0)
    net = compile_graph(load_graph(graph))
    outcome = fit(net, load_dataset("xor"), epochs=100, lr=0.02, batch_size=32)
    assert outcome.summary["train_accuracy"] >= 0.95


def test_dataset_that_does_not_fit_the_input_is_refused_naming_both_shapes() -> None:
    with pytest.raises(DatasetError) as refused:
        plan_targets(network("lenet"), load_dataset("digits"))
    assert "[1, 8, 8]" in str(refused.value) and "[1, 28, 28]" in str(refused.value)


def test_more_classes_than_outputs_is_refused() -> None:
    x = torch.rand(22, 1, 8, 8)
    y = torch.arange(22) % 11
    eleven = Dataset("eleven", "classification", x, y, x, y, [str(i) for i in range(11)])
    with pytest.raises(DatasetError) as refused:
        plan_targets(network("digits_cnn"), eleven)
    assert "11 classes" in str(refused.value) and "[10]" in str(refused.value)


def test_classification_loss_on_regression_data_is_refused() -> None:
    graph = samples.load("lstm_sine")
    graph["nodes"][-1]["type"] = "CrossEntropyLoss"
    with pytest.raises(DatasetError, match="needs class labels"):
        plan_targets(compile_graph(load_graph(graph)), load_dataset("sine"))


def test_the_worker_parent_loads_what_a_runs_first_optimizer_imports() -> None:
    """A training child is forked from the worker's parent for each run: what the parent has
    imported, no run imports again (torch._dynamo, on the first optimizer, takes seconds)."""
    check = (
        "import sys, worker.tasks; "
        "print(all(m in sys.modules for m in ('torch', 'torch._dynamo', 'onnx', 'worker.run')))"
    )
    ran = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("samples", "last_batch", "expected"),
    [
        (10, "keep", [0, 4, 8]),  # a last batch of 2
        (10, "drop", [0, 4]),  # every step 4
        (9, "keep", [0, 4]),  # a last batch of one sample is left out either way
        (8, "drop", [0, 4]),  # nothing partial
        (3, "drop", [0]),  # the only batch stays, small as it is
    ],
)
def test_batch_starts(samples: int, last_batch: str, expected: list[int]) -> None:
    assert training.batch_starts(samples, 4, last_batch) == expected


def batch_sizes(last_batch: str) -> list[int]:
    """The batch size of every training step of 2 epochs of digits_cnn on 100 digits."""
    digits = load_dataset("digits")
    small = Dataset("digits", "classification", digits.x_train[:100], digits.y_train[:100],
                    digits.x_val[:20], digits.y_val[:20], digits.class_names)  # fmt: skip
    net, sizes = network("digits_cnn"), []
    first = next(m for m in net.modules() if isinstance(m, torch.nn.Conv2d))
    first.register_forward_pre_hook(
        lambda m, args: sizes.append(len(args[0])) if m.training else None
    )
    fit(net, small, epochs=2, batch_size=32, last_batch=last_batch)
    return sizes


def test_dropping_the_last_partial_batch_gives_every_step_one_shape() -> None:
    assert batch_sizes("keep") == [32, 32, 32, 4] * 2
    assert batch_sizes("drop") == [32, 32, 32] * 2


def test_channels_last_trains_as_the_default_format_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """A convolutional network trains channels-last (`channels_last`, on a GPU and on a CPU
    with oneDNN): the same run as in the default format, within float rounding."""
    digits = load_dataset("digits")

    def run() -> tuple[Outcome, bool]:
        net = network("digits_cnn")
        outcome = fit(net, digits, epochs=2, batch_size=32, seed=3)
        conv = next(m for m in net.modules() if isinstance(m, torch.nn.Conv2d))
        return outcome, conv.weight.is_contiguous(memory_format=torch.channels_last)

    converted, was_converted = run()
    monkeypatch.setattr(training, "channels_last", lambda network, device: False)
    plain, _ = run()
    assert converted.status == "succeeded", converted.reason
    assert was_converted == torch.backends.mkldnn.is_available()  # type: ignore[no-untyped-call]
    for a, b in zip(plain.history, converted.history, strict=True):
        assert b["train_loss"] == pytest.approx(a["train_loss"], rel=1e-3)
        assert b["val_accuracy"] == pytest.approx(a["val_accuracy"], abs=0.02)


def test_a_network_with_3d_and_2d_convolutions_trains_channels_last() -> None:
    """Only the 2-D convolutions' weights go channels-last: a Conv3d's 5-D weights cannot."""
    nodes: list[dict[str, Any]] = [
        {"id": "x", "type": "Input", "params": {"shape": [1, 4, 8, 8]}},
        {"id": "c3", "type": "Conv3d", "params": {"out_channels": 2, "kernel_size": 3}},
        {"id": "flat", "type": "Reshape", "params": {"shape": [4, 6, 6]}},
        {"id": "c2", "type": "Conv2d", "params": {"out_channels": 2, "kernel_size": 3}},
        {"id": "f", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 2}},
        {"id": "loss", "type": "CrossEntropyLoss"},
    ]
    chain = [node["id"] for node in nodes]
    edges = [{"source": a, "target": b} for a, b in itertools.pairwise(chain)]
    torch.manual_seed(0)
    net = compile_graph(load_graph({"format": "netcanvas/graph@1", "nodes": nodes, "edges": edges}))
    x, y = torch.rand(40, 1, 4, 8, 8), torch.arange(40) % 2
    volumes = Dataset("volumes", "classification", x, y, x[:8], y[:8], ["a", "b"])
    outcome = fit(net, volumes, epochs=1, batch_size=8)
    assert outcome.status == "succeeded", outcome.reason


def test_samples_per_s_is_timed_by_the_clock_given() -> None:
    """`train(clock=...)` times the throughput (bench/train_speed.py passes CPU time): here a
    clock whose every reading is 1,000 s after the last, so a few hundred samples take ages."""
    readings = itertools.count(0.0, 1000.0)
    net, dataset = network("xor_mlp"), load_dataset("xor")
    config = TrainingConfig(epochs=2, batch_size=8)
    outcome = train(net, dataset, config, plan_targets(net, dataset), clock=lambda: next(readings))
    assert outcome.status == "succeeded", outcome.reason
    assert 0 < outcome.summary["samples_per_s"] < 1
    assert fit(network("xor_mlp"), dataset, epochs=2, batch_size=8).summary["samples_per_s"] > 1
