"""`README.md` inside `bundle.zip`: what each file is and how to use the trained network
without NetCanvas, in English and Japanese.

A zip downloaded and opened weeks later has to say what it holds: which file to run,
what each Input takes (shape, type, the scaling training applied), what the output
means (the class names), the ONNX file's input and output names, and why a file is
missing when an export failed. Everything here is read from the network and the run's
`evaluation.json`; nothing needs torch beyond the compiled network's attributes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from netcanvas.artifacts import CODE, ONNX

from .compiler import GraphNetwork
from .data_codegen import standardised_inputs

README = "README.md"

_FILES = {  # name: (English, Japanese)
    "model.safetensors": ("the trained weights", "学習済みの重み"),
    "model.onnx": (
        "the network for ONNX Runtime and other ONNX tools",
        "ONNX Runtime などで使えるネットワーク",
    ),
    "model.py": (
        "PyTorch code that rebuilds the network and loads the weights",
        "ネットワークを組み立てて重みを読み込む PyTorch のコード",
    ),
    "graph.json": (
        "the network as NetCanvas draws it (open it in the editor)",
        "NetCanvas のネットワーク（エディタで開けます）",
    ),
    "evaluation.json": ("the final evaluation", "最終評価"),
    "metrics.csv": ("the metrics of each epoch", "エポックごとの指標"),
    "generator.onnx": ("the generator alone: noise in, images out", "生成器だけ（ノイズから画像）"),
    "discriminator.onnx": ("the discriminator alone", "識別器だけ"),
}


def bundle_readme(
    network: GraphNetwork,
    graph_name: str,
    evaluation: Mapping[str, Any] | None,
    files: Sequence[str],
    missing: Mapping[str, str],
) -> str:
    """The README for a bundle of `files`; `missing` names each artifact that could not be
    written and why (an ONNX export PyTorch cannot make)."""
    inputs = _inputs(network, evaluation)
    output = _output(network, evaluation)
    onnx = ONNX in files
    call = ", ".join(network.input_ids)
    feeds = ", ".join(f'"{node}": {node}' for node in network.input_ids)
    en = [
        f"# {graph_name or 'Untitled'}",
        "",
        "Trained with NetCanvas. The files:",
        "",
        *(f"- `{name}`: {_FILES[name][0]}" for name in files if name in _FILES),
        *(f"- `{name}` is not here: {reason}" for name, reason in missing.items()),
        "",
        "## Use it in Python",
        "",
        "```sh",
        "pip install torch safetensors",
        f"python {CODE}    # runs the network on a random batch",
        "```",
        "",
        "```python",
        "from model import load",
        "network = load()  # finds model.safetensors beside model.py",
        f"output = network({call})",
        "```",
        "",
        "Inputs (a batch axis first):",
        "",
        *(f"- `{node}`: {english}" for node, english, _ in inputs),
        "",
        f"Output: {output[0]}",
    ]
    if onnx:
        en += [
            "",
            "## Use it with ONNX Runtime",
            "",
            "```python",
            "import onnxruntime",
            f'session = onnxruntime.InferenceSession("{ONNX}")',
            f"outputs = session.run(None, {{{feeds}}})  # numpy arrays, as above",
            "```",
            "",
            _output_names(network.output_ids),
        ]
    ja = [
        "",
        "## 日本語",
        "",
        "NetCanvas で学習したネットワークです。ファイル:",
        "",
        *(f"- `{name}`: {_FILES[name][1]}" for name in files if name in _FILES),
        *(f"- `{name}` はありません: {reason}" for name, reason in missing.items()),
        "",
        f"Python では `pip install torch safetensors` のあと `python {CODE}` で"
        "ランダムなバッチを試せます。`from model import load` の `load()` が重みを読み込みます。",
        "",
        "入力（先頭にバッチの軸）:",
        "",
        *(f"- `{node}`: {japanese}" for node, _, japanese in inputs),
        "",
        f"出力: {output[1]}",
    ]
    if onnx:
        ja += [
            "",
            f'ONNX Runtime では `onnxruntime.InferenceSession("{ONNX}")` の `run` に'
            "入力の名前ごとの numpy 配列を渡します。",
        ]
    return "\n".join(en + ja) + "\n"


def _inputs(
    network: GraphNetwork, evaluation: Mapping[str, Any] | None
) -> list[tuple[str, str, str]]:
    """Per Input: its node id, and what it takes in English and in Japanese."""
    preprocessing = (evaluation or {}).get("preprocessing") or {}
    images = bool(preprocessing.get("images_scaled_to_0_1"))
    scaled = standardised_inputs(evaluation)
    found = []
    for node, variable, shape in zip(
        network.input_ids, network.input_variables, network.input_shapes, strict=True
    ):
        size = "[N, " + ", ".join(str(d) for d in shape) + "]"
        if node in network.token_vocab:
            last = network.token_vocab[node] - 1
            en, ja = (
                f"{size} int64 token ids, 0 to {last}",
                f"{size} int64 のトークン ID（0〜{last}）",
            )
        elif variable in scaled:
            en = f"{size} float32, standardised: `standardise(x, {variable!r})` in model.py"
            ja = f"{size} float32。標準化します: model.py の `standardise(x, {variable!r})`"
        elif images and len(shape) == 3:
            en = f"{size} float32 images, channels first, pixel values / 255 (0 to 1)"
            ja = f"{size} float32 の画像（チャネルが先、画素値 / 255 で 0〜1）"
        else:
            en, ja = f"{size} float32", f"{size} float32"
        found.append((node, en, ja))
    return found


def _output(network: GraphNetwork, evaluation: Mapping[str, Any] | None) -> tuple[str, str]:
    size = "[N, " + ", ".join(str(d) for d in network.output_shape) + "]"
    names = [str(name) for name in (evaluation or {}).get("class_names") or []]
    if (evaluation or {}).get("task") != "classification" or not names:
        return f"{size}", f"{size}"
    listed = ", ".join(names)
    if tuple(network.output_shape) == (1,):
        return (
            f"{size}, one score: a sigmoid gives the probability of {names[-1]!r} "
            f"(classes: {listed}; `CLASS_NAMES` in model.py)",
            f"{size}、スコア 1 つ: シグモイドで {names[-1]!r} の確率（クラス: {listed}）",
        )
    if network.node_types.get(network.output_id) == "Softmax":
        return (
            f"{size}, a probability per class in this order: {listed} (`CLASS_NAMES` in model.py)",
            f"{size}、クラスごとの確率（順に {listed}）",
        )
    return (
        f"{size}, a score per class in this order: {listed} "
        "(`CLASS_NAMES` in model.py; a softmax gives probabilities)",
        f"{size}、クラスごとのスコア（順に {listed}。ソフトマックスで確率）",
    )


def _output_names(outputs: Sequence[str]) -> str:
    if len(outputs) == 1:
        return f"The output is named `{outputs[0]}`."
    named = ", ".join(f"`{output}`" for output in outputs)
    return f"The outputs are named {named}; the first is the output above."
