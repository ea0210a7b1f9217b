"""Train the pretrained weights that ship in `netcanvas/pretrained/` and write their catalogue.

Each recipe trains one sample graph on part of the built-in 8×8 digits, measures its
accuracy on images it did not train on, and writes the weights as safetensors (no
pickle; a few tens of KB) beside `catalogue.json`, which records the sample, the data,
the accuracy and the file's sha256 that the worker checks before it reads the file
(`worker/pretrained.py`):

- `digits_clean`: the `digits_cnn` sample on the first 1,000 clean digits, all ten
  classes; measured on the other 797, the ones `digits_inverted` turns dark on light.
- `mnist_0to4`: the `mnist_finetune` sample (a small LeNet, a head of 5 classes) on the
  MNIST 5k digits 0 to 4 (80 % of them; measured on the rest); only its convolutions ship,
  as features for `mnist5k_5to9`, the classes they never saw.

    .venv/bin/python scripts/pretrain.py

Seeded and single-threaded, so a rerun with the same torch writes the same weights.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

from netcanvas import samples  # noqa: E402
from netcanvas.graph import load_graph  # noqa: E402
from worker.atomic import replacing  # noqa: E402
from worker.compiler import compile_graph  # noqa: E402
from worker.datasets.builtin import PRETRAIN_DIGITS, digits, mnist5k  # noqa: E402
from worker.pretrained import sha256_of  # noqa: E402

FOLDER = ROOT / "netcanvas" / "pretrained"
BATCH, LR, SEED = 32, 0.002, 0


@dataclass
class Recipe:
    name: str
    sample: str
    title: tuple[str, str]
    description: tuple[str, str]
    trained_on: tuple[str, str]
    nodes: tuple[str, ...] | None = None  # the nodes shipped; None: all of them
    epochs: int = 20


RECIPES = (
    Recipe(
        "digits_clean",
        "digits_cnn",
        ("Clean 8×8 digits", "手書き数字 8×8（通常）"),
        (
            "The Digits CNN trained on light digits on a dark ground, all ten classes.",
            "暗い背景に明るい数字の画像で、10 クラスすべてを学習した Digits CNN。",
        ),
        (
            "the first 1,000 of the 8×8 digits (all classes)",
            "8×8 の手書き数字の最初の 1,000 枚（全クラス）",
        ),
    ),
    Recipe(
        "mnist_0to4",
        "mnist_finetune",
        ("MNIST 0–4 convolutions", "MNIST 0〜4 の畳み込み"),
        (
            "The convolutions of a small LeNet trained on the MNIST digits 0 to 4 only: "
            "features to reuse for the digits 5 to 9.",
            "0〜4 の MNIST 数字だけで学習した小さな LeNet の畳み込み。5〜9 の数字の特徴として"
            "再利用できる。",
        ),
        ("80 % of the MNIST 5k digits 0 to 4", "MNIST 5k の数字 0〜4 の 80 %"),
        nodes=("conv1", "conv2"),  # the features; fc1 and the head of classes 0-4 stay behind
        epochs=5,
    ),
)


def split(recipe: Recipe) -> tuple[torch.Tensor, ...]:
    """(x_train, y_train, x_held, y_held) of the recipe's part of the digits."""
    if recipe.name == "digits_clean":
        data = digits(SEED)
        x, y = torch.from_numpy(data.x), torch.from_numpy(data.y)
        return x[:PRETRAIN_DIGITS], y[:PRETRAIN_DIGITS], x[PRETRAIN_DIGITS:], y[PRETRAIN_DIGITS:]
    data = mnist5k(SEED)
    x = torch.from_numpy(data.x).float() / 255  # as `prepare.finish` scales it for a run
    y = torch.from_numpy(data.y)
    keep = torch.from_numpy(np.flatnonzero(data.y < 5))
    order = keep[torch.randperm(len(keep), generator=torch.Generator().manual_seed(SEED))]
    cut = int(len(order) * 0.8)
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


def train(recipe: Recipe) -> tuple[dict[str, torch.Tensor], float]:
    """The trained weights and their accuracy on the held-out images."""
    torch.manual_seed(SEED)
    network = compile_graph(load_graph(samples.load(recipe.sample)))
    x, y, x_held, y_held = split(recipe)
    optimizer = torch.optim.Adam(network.parameters(), lr=LR)
    order = torch.Generator().manual_seed(SEED)
    for _ in range(recipe.epochs):
        network.train()
        for batch in torch.randperm(len(x), generator=order).split(BATCH):
            optimizer.zero_grad()
            network.loss(network.training_output(x[batch]), y[batch]).backward()
            optimizer.step()
    network.eval()
    with torch.no_grad():
        accuracy = float((network(x_held).argmax(1) == y_held).float().mean())
    state = {
        key: tensor.detach().contiguous()
        for key, tensor in network.state_dict().items()
        if recipe.nodes is None or key.split(".")[0] in recipe.nodes
    }
    return state, accuracy


def write(recipe: Recipe) -> dict[str, Any]:
    state, accuracy = train(recipe)
    path = FOLDER / f"{recipe.name}.safetensors"
    with replacing(path) as temporary:
        save_file(state, str(temporary), metadata={"sample": recipe.sample})
    print(f"{recipe.name}: accuracy {accuracy:.4f} on held-out images, {path.stat().st_size} B")
    return {
        "name": recipe.name,
        "title": recipe.title[0],
        "title_ja": recipe.title[1],
        "description": recipe.description[0],
        "description_ja": recipe.description[1],
        "sample": recipe.sample,
        "trained_on": recipe.trained_on[0],
        "trained_on_ja": recipe.trained_on[1],
        "accuracy": round(accuracy, 4),
        "nodes": {k: list(v.shape) for k, v in state.items()},
        "file": path.name,
        "sha256": sha256_of(path),
        "size": path.stat().st_size,
    }


def main() -> None:
    torch.set_num_threads(1)
    entries = [write(recipe) for recipe in RECIPES]
    with replacing(FOLDER / "catalogue.json") as temporary:
        text = json.dumps(entries, indent=2, ensure_ascii=False) + "\n"
        temporary.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
