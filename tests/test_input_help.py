"""The Input layer's shape help names the layouts the layers after it want."""

from __future__ import annotations

from netcanvas.layers.io import InputParams


def test_the_input_shape_help_names_sequences_for_rnns_and_signals_for_conv1d() -> None:
    schema = InputParams.model_json_schema()["properties"]["shape"]
    assert "[T, F] sequences for RNNs" in schema["description"]
    assert "[C, L] signals for Conv1d" in schema["description"]
    assert "RNN への系列は [T, F]" in schema["description_ja"]
    assert "Conv1d への信号は [C, L]" in schema["description_ja"]
