"""A subset of the shipped samples that between them use every kind of node any sample uses.

For tests whose cost grows with each network (an ONNX export, a fresh Python process):
the samples repeat a few layer families (a dozen are small convolutional networks on
digits), so one network per family checks the same code paths as all thirty. A "kind of
node" is its layer type with the names of the parameters it sets (`Conv2d` with a
`padding`, `GRU` with `bidirectional`), so a parameter that only some samples set still
appears. `uncovered` says what a subset misses; the tests that use one assert it is empty,
so a new sample with a new kind of node fails there until it is added here.
"""

from __future__ import annotations

from collections.abc import Iterable

from netcanvas import samples

NodeKind = tuple[str, tuple[str, ...]]  # (layer type, names of the params it sets)

# Each sample, with what it brings that the ones before it do not.
COVERING = (
    "lenet",  # Conv2d, MaxPool2d, Flatten, Linear, ReLU; what the download tests run
    "resnet_block",  # Add (a skip connection), BatchNorm2d
    "small_vgg",  # Dropout beside BatchNorm2d (no kind of its own): eval mode matters
    "digits_few_augmented",  # ImageAugmentation, RandomShift: identity in eval mode
    "conv_autoencoder",  # ConvTranspose2d, Sigmoid, MSELoss on the input
    "pool_average",  # AvgPool2d
    "pool_sum",  # SumPool2d (its own module and ONNX path)
    "bigru_classifier",  # a bidirectional GRU
    "lstm_temperature",  # Reshape into an LSTM, L1Loss
    "overfit_dropout",  # Embedding (token ids) into an LSTM
    "logistic_regression",  # BCEWithLogitsLoss
    "loss_squared_error",  # Softmax before MSELoss
    "xor_mlp",  # Tanh
    "digits_multitask",  # two heads: CrossEntropyLoss with a target and a weight
    "resnet_units",  # Unit: a unit's body (with a skip inside) repeated, model.py classes
    "vae_digits",  # GaussianSample, KLDivergenceLoss with a weight, BCELoss on the input
    "dcgan_digits",  # RandomNoise, Unlink, shared_as, zeros/ones targets, training phases
    "digits_siamese",  # two Inputs with a variable (x, x2), Multiply, Concat with a dim
    "perceptron_step",  # Step (its straight-through module)
)


def node_kinds(name: str) -> set[NodeKind]:
    """The kinds of node sample `name` uses."""
    nodes = samples.load(name)["nodes"]
    return {(node["type"], tuple(sorted(node.get("params") or {}))) for node in nodes}


def uncovered(chosen: Iterable[str]) -> set[NodeKind]:
    """The kinds of node some sample uses and none of `chosen` does."""
    every = set().union(*(node_kinds(name) for name in samples.names()))
    return every.difference(*(node_kinds(name) for name in chosen))
