"""Each sample's lesson (`netcanvas/samples/lessons.py`): a real training config, a built-in
dataset that fits the sample, a note in both languages that states the expected result.

Whether the sample reaches that result is `tests/torch/test_sample_lessons.py`.
"""

from __future__ import annotations

import re

import pytest

from netcanvas import samples
from netcanvas.datasets import BUILTIN_NAMES, DATASETS
from netcanvas.graph import load_graph
from netcanvas.samples.lessons import LESSONS, Bound
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse

# The final metrics `run_training` reports, by the kind of dataset.
METRICS = {
    # start_val_accuracy: the starting weights, of a run that starts from some;
    # val_auc: an autoencoder's reconstruction error as an anomaly score (`normal_class` sets);
    # epochs_run: how many epochs ran, fewer than asked when early stopping stops the run;
    # val_precision/recall/f1: of class 1 with two classes, else macro averages
    "classification": {"train_accuracy", "val_accuracy", "train_loss", "val_loss"}
    | {"start_val_accuracy", "val_auc", "epochs_run"}
    | {"val_precision", "val_recall", "val_f1"},
    "regression": {"train_loss", "val_loss", "val_mse", "val_mae"},
}


def test_every_sample_has_a_lesson_and_every_lesson_a_sample() -> None:
    assert sorted(LESSONS) == samples.names()


@pytest.mark.parametrize("name", samples.names())
def test_config_is_a_training_config_as_jobs_take_it(name: str) -> None:
    config = samples.lesson(name).config
    parsed = TrainingConfig.model_validate(config)  # extra="forbid": a typo is an error
    assert parsed.model_dump(include=set(config)) == config
    assert "seed" not in config and "device" not in config  # a job's own choice


@pytest.mark.parametrize("name", samples.names())
def test_dataset_is_built_in_and_fits_the_input(name: str) -> None:
    dataset = samples.lesson(name).dataset
    assert dataset in DATASETS and dataset in BUILTIN_NAMES  # no download: it trains offline
    analysis = analyse(load_graph(samples.load(name)))
    info = DATASETS[dataset]
    variables = {"x": info.sample_shape, **info.more_inputs}  # several Inputs: x, x2, ...
    for node in analysis.input_nodes:
        variable = getattr(analysis.params[node], "variable", "x")
        assert analysis.result.nodes[node].output_shape == list(variables[variable])


PERCENTAGES = ("accuracy", "precision", "recall", "f1")  # written as "90 %" in a note


def stated(bound: Bound) -> list[str]:
    """How each number of the bound is written in a note: 0.99 → "99 %" for accuracies
    (and precision, recall, F1)."""
    numbers = [v for v in (bound.at_least, bound.at_most) if v is not None]
    if bound.metric.split("/")[0].endswith(PERCENTAGES):
        return [f"{round(v * 100)} %" for v in numbers]
    return [f"{v:g}" for v in numbers]


@pytest.mark.parametrize("name", samples.names())
def test_note_states_the_expected_result_in_both_languages(name: str) -> None:
    lesson = samples.lesson(name)
    task = DATASETS[lesson.dataset].task
    assert lesson.expect, "a lesson without an expected result cannot be checked"
    for bound in lesson.expect:
        # a head's own figure (several heads) is `<metric>/<loss node>`
        assert bound.metric.split("/")[0] in METRICS[task], bound.metric
        assert (bound.at_least is None) != (bound.at_most is None), bound
        for text in (lesson.note.en, lesson.note.ja):
            for number in stated(bound):
                assert number in text, f"{name}: the note does not say {number!r}: {text}"
    assert re.search(r"[぀-ヿ]", lesson.note.ja), "the Japanese note is not Japanese"
    assert not re.search(r"[぀-ヿ]", lesson.note.en)


@pytest.mark.parametrize("name", samples.names())
def test_note_is_plain_text_without_markdown(name: str) -> None:
    """The UI shows a note as plain text: a Markdown backtick would show as it is."""
    note = samples.lesson(name).note
    for text in (note.en, note.ja):
        assert "`" not in text, f"{name}: the note has a Markdown backtick: {text}"


def test_lesson_is_a_fresh_copy() -> None:
    samples.lesson("xor_mlp").config["epochs"] = 1
    assert samples.lesson("xor_mlp").config["epochs"] != 1


def test_lesson_rejects_unknown_names() -> None:
    with pytest.raises(KeyError, match="unknown sample"):
        samples.lesson("nope")


def test_bound_holds_at_its_edge() -> None:
    assert Bound(metric="val_mse", at_most=0.01).holds(0.01)
    assert not Bound(metric="train_accuracy", at_least=0.99).holds(0.98)


# The course's comparisons (issue 13): samples that differ in one thing only, so that
# the result shows what that one thing does.
def graph_types(name: str) -> list[tuple[str, str]]:
    return [(node["id"], node["type"]) for node in samples.load(name)["nodes"]]


def test_activation_samples_differ_in_the_activation_only() -> None:
    sigmoid, relu = samples.lesson("activation_sigmoid"), samples.lesson("activation_relu")
    assert (sigmoid.dataset, sigmoid.config) == (relu.dataset, relu.config)

    def layers(name: str, activation: str) -> list[tuple[str, object]]:
        nodes = samples.load(name)["nodes"]
        return [("act" if n["type"] == activation else n["type"], n.get("params")) for n in nodes]

    assert layers("activation_sigmoid", "Sigmoid") == layers("activation_relu", "ReLU")
    assert sum(t == "Sigmoid" for _, t in graph_types("activation_sigmoid")) == 8


def test_loss_samples_train_alike() -> None:
    squared, cross = samples.lesson("loss_squared_error"), samples.lesson("loss_cross_entropy")
    assert (squared.dataset, squared.config) == (cross.dataset, cross.config)
    assert graph_types("loss_squared_error")[:5] == graph_types("loss_cross_entropy")[:5]
    assert graph_types("loss_squared_error")[-1] == ("loss", "MSELoss")
    assert graph_types("loss_cross_entropy")[-1] == ("loss", "CrossEntropyLoss")


def test_weight_decay_is_the_only_change_from_the_overfitting_net() -> None:
    plain, decayed = samples.lesson("overfit_mlp"), samples.lesson("overfit_weight_decay")
    assert plain.dataset == decayed.dataset
    assert decayed.config == {**plain.config, "weight_decay": decayed.config["weight_decay"]}
    assert "weight_decay" not in plain.config
    plain_graph, decayed_graph = samples.load("overfit_mlp"), samples.load("overfit_weight_decay")
    assert (plain_graph["nodes"], plain_graph["edges"]) == (
        decayed_graph["nodes"],
        decayed_graph["edges"],
    )


def test_dropout_is_the_only_change_from_the_text_classifier() -> None:
    plain, dropped = samples.lesson("text_classifier"), samples.lesson("overfit_dropout")
    assert (plain.dataset, plain.config) == (dropped.dataset, dropped.config)
    with_dropout = [t for t in graph_types("overfit_dropout") if t[1] != "Dropout"]
    assert with_dropout == graph_types("text_classifier")
    assert [t for _, t in graph_types("overfit_dropout")].count("Dropout") == 1


def test_convolution_and_pooling_samples_train_alike() -> None:
    names = ["pool_max", "pool_average", "pool_sum", "conv_no_padding", "conv_stride"]
    lessons = [samples.lesson(name) for name in names]
    assert all((x.dataset, x.config) == (lessons[0].dataset, lessons[0].config) for x in lessons)
