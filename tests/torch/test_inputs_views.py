"""The views of a network with several Inputs (issue 15): layer previews feed each Input its
dataset variable's sample of one index (a pair stays a pair), the unit bodies included."""

from __future__ import annotations

from pathlib import Path

import pytest

from netcanvas import samples
from worker.layer_preview import LayerPreviewError, first_variables, layer_preview, summary


def test_previews_of_the_siamese_feed_each_input_the_same_pair(tmp_path: Path) -> None:
    graph = samples.load("digits_siamese")
    answer = layer_preview(graph, "digits_pairs", None, index=5, cache_dir=tmp_path)
    variables, y = first_variables("digits_pairs", tmp_path)
    assert answer["nodes"]["x"] == summary(variables["x"][5])
    assert answer["nodes"]["x2"] == summary(variables["x2"][5])  # the same sample's partner
    assert answer["nodes"]["x"] != answer["nodes"]["x2"]  # two images, not one twice
    assert answer["label"] == int(y[5])
    assert answer["nodes"]["fc2"]["shape"] == [2] and "loss" not in answer["nodes"]
    assert answer["nodes"]["a"]["shape"] == answer["nodes"]["b"]["shape"]
    body = answer["units"]["embed"]
    assert body["use"] == "a"  # the first use, fed by x
    assert body["nodes"]["in"] == answer["nodes"]["x"]
    assert body["nodes"]["out"] == answer["nodes"]["a"]


def test_a_preview_over_a_dataset_lacking_an_input_s_variable_names_the_input(
    tmp_path: Path,
) -> None:
    with pytest.raises(LayerPreviewError, match="'x2'"):
        layer_preview(samples.load("digits_siamese"), "digits", None, cache_dir=tmp_path)
