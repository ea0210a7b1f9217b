"""How many inputs a node takes, worded in Japanese with a space before the count, as
every count in the messages is ("'relu' が受け取る入力は 1 個までですが"), not
"取るのは1 個の入力"."""

from __future__ import annotations

from netcanvas.graph import load_graph
from netcanvas.validation import validate
from tests.graphs import chain


def test_too_many_inputs_reads_well_in_japanese() -> None:
    graph = chain(("x", "Input", {"shape": [2]}), ("fc", "Linear", {"out_features": 2}),
                  ("relu", "ReLU"), ("loss", "CrossEntropyLoss"))  # fmt: skip
    graph["edges"].append({"source": "x", "target": "relu"})
    [error] = [e for e in validate(load_graph(graph)).localised("ja").errors if e.node == "relu"]
    assert error.message == "'relu' が受け取る入力は 1 個までですが、2 個接続されています"
    [english] = [e for e in validate(load_graph(graph)).errors if e.node == "relu"]
    assert english.message == "'relu' takes 1 input; 2 connected"


def test_too_few_inputs_reads_well_in_japanese() -> None:
    graph = chain(("a", "Input", {"shape": [2]}), ("sum", "Add"), ("loss", "MSELoss"))
    [error] = [e for e in validate(load_graph(graph)).localised("ja").errors if e.node == "sum"]
    assert error.message == "'sum' には入力が 2 個以上必要ですが、接続は 1 個です"
