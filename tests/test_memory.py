"""The memory estimate's parts, torch-free: parameters with their gradients and optimizer
state, activations, the dataset, the CUDA context (`netcanvas.memory`). What autograd
really saves is checked against it in tests/torch/test_memory.py."""

from __future__ import annotations

import math
from typing import Any

import pytest

from netcanvas.graph import load_graph
from netcanvas.memory import (
    ACTIVATION_FACTOR,
    CONTEXT_MB,
    FLOAT_BYTES,
    MIB,
    OPTIMIZER_STATE,
    estimate,
    kept_values,
)
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import Analysis, analyse
from tests.graphs import chain, lenet


def mlp() -> Analysis:
    """2 → 8 → 2: 24 + 18 = 42 parameters; outputs 2 + 8 + 2 + 1 (the loss)."""
    graph = chain(
        ("x", "Input", {"shape": [2]}),
        ("hidden", "Linear", {"out_features": 8}),
        ("out", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    return analyse(load_graph(graph))


def config(**fields: Any) -> TrainingConfig:
    return TrainingConfig.model_validate(fields)


def test_parameters_count_weights_gradients_and_each_optimizers_state() -> None:
    analysis = mlp()
    assert analysis.result.total_params == 42
    for optimizer, copies in OPTIMIZER_STATE.items():
        found = estimate(analysis, config(optimizer=optimizer, momentum=0)).parameters_mb
        assert found == pytest.approx(42 * (2 + copies) * FLOAT_BYTES / MIB), optimizer
    assert OPTIMIZER_STATE["adam"] == 2 and OPTIMIZER_STATE["sgd"] == 0
    # RMSprop with momentum keeps a momentum buffer beside its running squares
    found = estimate(analysis, config(optimizer="rmsprop", momentum=0.9)).parameters_mb
    assert found == pytest.approx(42 * 4 * FLOAT_BYTES / MIB)


def test_frozen_nodes_have_no_gradients_or_state_and_keep_best_copies_the_weights() -> None:
    analysis = mlp()
    frozen = estimate(analysis, config(optimizer="adam", freeze=["hidden"])).parameters_mb
    assert frozen == pytest.approx((42 + 18 * 3) * FLOAT_BYTES / MIB)  # 24 frozen weights
    kept = estimate(analysis, config(optimizer="sgd", keep_best="val_loss")).parameters_mb
    assert kept == pytest.approx((42 * 2 + 42) * FLOAT_BYTES / MIB)


def test_activations_grow_with_the_batch_by_the_stated_factor() -> None:
    analysis = analyse(load_graph(lenet()))
    per_sample = sum(math.prod(shape) for shape in analysis.shapes.values())
    assert kept_values(analysis) == per_sample  # no layer here keeps more than its output
    small = estimate(analysis, config(batch_size=32)).activations_mb
    large = estimate(analysis, config(batch_size=256)).activations_mb
    assert small == pytest.approx(per_sample * 32 * FLOAT_BYTES * ACTIVATION_FACTOR / MIB)
    assert large == pytest.approx(small * 8)


def test_a_recurrent_layer_keeps_more_than_it_outputs() -> None:
    graph = chain(
        ("x", "Input", {"shape": [50, 1]}),
        ("lstm", "LSTM", {"hidden_size": 32}),
        ("out", "Linear", {"out_features": 1}),
        ("loss", "MSELoss"),
    )
    analysis = analyse(load_graph(graph))
    outputs = sum(math.prod(shape) for shape in analysis.shapes.values())
    assert kept_values(analysis) > 100 * outputs  # every step's gates, not the last output


def test_the_dataset_counts_when_its_size_is_known_and_the_context_always() -> None:
    analysis = mlp()
    unknown = estimate(analysis, config())
    known = estimate(analysis, config(), samples=1_000_000)
    assert unknown.data_mb == 0 and unknown.context_mb == CONTEXT_MB
    assert known.data_mb == pytest.approx(1_000_000 * (2 * 4 + 2 * 4 + 8) / MIB)
    assert known.total_mb == math.ceil(
        CONTEXT_MB + known.parameters_mb + known.activations_mb + known.data_mb
    )
    assert known.total_mb > unknown.total_mb > CONTEXT_MB


def test_token_ids_count_as_64_bit_integers() -> None:
    graph = chain(
        ("x", "Input", {"shape": [40]}),
        ("embed", "Embedding", {"num_embeddings": 100, "embedding_dim": 8}),
        ("flat", "Flatten", {}),
        ("out", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    data = estimate(analyse(load_graph(graph)), config(), samples=1024).data_mb
    assert data == pytest.approx(1024 * (40 * 8 + 2 * 4 + 8) / MIB)
