"""Which nodes can take an earlier network's weights (`netcanvas.weight_fit`), told without
torch as the worker copies them: by node id and each key's shape."""

from __future__ import annotations

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.validation import analyse
from netcanvas.weight_fit import fit, signatures


def weights_of(name: str) -> dict[str, str]:
    return signatures(analyse(load_graph(samples.load(name))))


def test_signatures_tell_each_key_s_shape_and_fall_back_to_type_and_count() -> None:
    cnn = weights_of("digits_cnn")
    assert cnn["conv1"] == "weight 16×1×3×3, bias 16"
    assert cnn["fc1"] == "weight 64×128, bias 64"
    assert "relu1" not in cnn and "pool1" not in cnn  # no weights, nothing to compare
    units = weights_of("resnet_units")
    assert units["blocks"].startswith("Unit (") and units["blocks"].endswith(" parameters)")


def test_a_node_that_shares_one_key_s_shape_takes_weights_as_the_worker_copies_them() -> None:
    found = fit({"fc1": "weight 5×32, bias 64", "conv1": "weight 8×1×5×5, bias 8"},
                weights_of("digits_cnn"))  # fmt: skip
    assert found.shared == ["fc1"] and found.reshaped == ["conv1"] and found.fits


def test_networks_with_no_node_in_common_do_not_fit() -> None:
    found = fit(weights_of("xor_mlp"), weights_of("digits_cnn"))
    assert not found.fits and found.reshaped == ["fc1", "fc2"]
    apart = fit({"head": "weight 2×2"}, weights_of("digits_cnn"))
    assert not apart.fits and apart.reshaped == [] and apart.theirs == ["head"]
