"""An estimate of the GPU memory one training job takes at its peak, from its validated
graph and config alone: torch-free, so the API computes it at launch (`jobs.memory_mb`)
and the scheduler packs jobs onto a GPU worker's memory by it (`backend.scheduler`).

It errs high, since a job sent to a full GPU fails where one kept waiting only waits:

    peak ≈ CONTEXT_MB                                the CUDA context of the run's process,
                                                      cuBLAS and cuDNN workspaces
         + parameters × 4 B × (weights + gradients    only trainable ones have gradients
                               + optimizer state       and state (`OPTIMIZER_STATE`)
                               + keep-best copy)       with `keep_best` other than `last`
         + batch × Σ kept values × 4 B × ACTIVATION_FACTOR
                                                      what autograd saves for the backward
                                                      pass: each node's output (a layer's
                                                      `kept` where it saves more, as
                                                      recurrent layers do), then as much
                                                      again for the gradients flowing back
                                                      and the allocator's rounding
         + the dataset, both splits                  the trainer keeps them on the device
                                                      (`worker/training.py`), when the
                                                      launch knows how many samples there are

Every value is counted as a 32-bit float (token ids as 64-bit integers), so bf16 autocast
only lowers the real figure. `tests/torch/test_memory.py` compares the saved part with
what autograd saves for the sample networks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .layers import LAYERS
from .training_config import TrainingConfig
from .validation import Analysis

MIB = 2**20
FLOAT_BYTES = 4
TOKEN_BYTES = 8  # token ids (Embedding's input) are int64
LABEL_BYTES = 8  # a class label is int64
# A process's CUDA context with PyTorch's kernels loaded lazily, cuBLAS's and cuDNN's
# workspaces and the caching allocator's first blocks. An allowance, not a measurement:
# commonly a few hundred MiB with CUDA 12's lazy loading; `bench/job_memory.py` measures
# it on a GPU.
CONTEXT_MB = 640
# Copies of the trainable parameters each optimizer keeps (`worker/optim.py`): momentum
# buffers, Adagrad's and RMSprop's running squares, Adam's two moments. RMSprop with a
# momentum above 0 keeps a momentum buffer too (`state_copies`).
OPTIMIZER_STATE = {
    "sgd": 0,
    "momentum": 1,
    "nesterov": 1,
    "adagrad": 1,
    "rmsprop": 1,
    "adam": 2,
    "adamw": 2,
}
# The peak of a step over what autograd saves: the gradients of the saved values while
# the backward pass runs, the loss's own buffers, and blocks rounded up by the allocator.
ACTIVATION_FACTOR = 2.0


def state_copies(config: TrainingConfig) -> int:
    """Copies of the trainable parameters `config`'s optimizer keeps as its state."""
    momentum_buffer = config.optimizer == "rmsprop" and config.momentum > 0
    return OPTIMIZER_STATE[config.optimizer] + momentum_buffer


@dataclass(frozen=True)
class MemoryEstimate:
    """One job's peak GPU memory in MiB, in its parts (see the module's docstring)."""

    context_mb: float
    parameters_mb: float
    activations_mb: float
    data_mb: float

    @property
    def total_mb(self) -> int:
        """The whole, rounded up to a MiB: what a job takes of a GPU worker's budget."""
        parts = self.context_mb + self.parameters_mb + self.activations_mb + self.data_mb
        return math.ceil(parts)


def kept_values(analysis: Analysis) -> int:
    """Values per sample that a training step's backward pass keeps: each node's
    output, or what its layer says it keeps (`Layer.kept`)."""
    total = 0
    for node, shape in analysis.shapes.items():
        if node in analysis.uses:  # a unit's use keeps what its copies' bodies keep
            total += sum(kept_values(body) for body in analysis.uses[node].copies)
            continue
        layer = LAYERS[analysis.types[node]]
        if layer.kept is None or node not in analysis.params:
            total += math.prod(shape)
            continue
        inputs = [analysis.shapes[source] for source in analysis.inputs[node]]
        total += layer.kept(analysis.params[node], inputs, shape)
    return total


def saved_mb(analysis: Analysis, batch_size: int) -> float:
    """What autograd saves for one batch's backward pass, in MiB (before the factor)."""
    return kept_values(analysis) * batch_size * FLOAT_BYTES / MIB


def estimate(
    analysis: Analysis, config: TrainingConfig, samples: int | None = None
) -> MemoryEstimate:
    """The peak GPU memory of training `analysis`'s network with `config`, on a dataset of
    `samples` samples in all (None when the launch cannot tell: the data is not counted)."""
    total = analysis.result.total_params
    nodes = analysis.result.nodes
    frozen = sum(nodes[n].params or 0 for n in set(config.freeze) if n in nodes)
    trainable = max(0, total - frozen)
    weights = total * (2 if config.keep_best != "last" else 1)  # keep-best copies them all
    state = trainable * (1 + state_copies(config))  # gradients, optimizer
    parameters = (weights + state) * FLOAT_BYTES / MIB
    activations = saved_mb(analysis, config.batch_size) * ACTIVATION_FACTOR
    data = samples * _sample_bytes(analysis) / MIB if samples else 0.0
    return MemoryEstimate(CONTEXT_MB, parameters, activations, data)


def _sample_bytes(analysis: Analysis) -> int:
    """One sample as the trainer keeps it on the device: its input, its target (as
    large as the output, an upper bound for a label) and a label."""
    size = 0
    for node in analysis.input_nodes:
        tokens = any(
            LAYERS[analysis.types[user]].integer_input
            for user, sources in analysis.inputs.items()
            if node in sources
        )
        size += math.prod(analysis.shapes[node]) * (TOKEN_BYTES if tokens else FLOAT_BYTES)
    if analysis.output is not None and analysis.output in analysis.shapes:
        size += math.prod(analysis.shapes[analysis.output]) * FLOAT_BYTES
    return size + LABEL_BYTES
