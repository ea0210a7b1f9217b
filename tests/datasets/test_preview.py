"""The reader's preview (`worker/datasets/inspect.py` `preview`): a classification's samples
come from each class in turn, so every class shows; a regression's are its first rows."""

from __future__ import annotations

from pathlib import Path

from worker.datasets import load_split
from worker.datasets.inspect import Shown, features, png_data_url, preview, shown

from .helpers import png, write_zip


def test_a_folder_per_class_zip_previews_every_class_in_turn(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {f"pets/cat/{i:02}.png": png(i) for i in range(30)}
    members |= {f"pets/dog/{i}.png": png(200 + i) for i in range(2)}
    dataset = shown(load_split(str(write_zip(tmp_path / "pets.zip", members)), validation_split=0))
    assert dataset.y_train[:16].tolist() == [0] * 16  # the zip lists every cat first

    samples = preview(dataset)["samples"]

    names = [sample["label"]["name"] for sample in samples]
    assert names == ["cat", "dog", "cat", "dog"] + ["cat"] * 12
    cats = [i for i, y in enumerate(dataset.y_train.tolist()) if y == 0]
    images = [sample["image"] for sample in samples if sample["label"]["name"] == "cat"]
    assert images == [preview_of(dataset, row) for row in cats[:14]]  # in the split's order


def test_a_regression_previews_its_first_rows(tmp_path: Path) -> None:
    table = tmp_path / "r.csv"
    table.write_text("a,y__0\n" + "".join(f"{i},{i % 3}.5\n" for i in range(40)))
    dataset = shown(load_split(str(table), validation_split=0))

    samples = preview(dataset, count=5)["samples"]

    assert [sample["values"] for sample in samples] == dataset.x_train[:5].tolist()


def preview_of(dataset: Shown, row: int) -> str:
    """The picture the preview draws of one training row."""
    return png_data_url(features(dataset.x_train[row : row + 1])[0])
