"""Views that read a job's dataset rows again show only the rows the job may show: its own
split, its test rows held out (`backend/held_out.py`). The inside views of a network of
several Inputs read the job's validation rows; layer previews with a job's weights its
training rows; an augmentation preview of an upload never shows the upload's test rows."""

from __future__ import annotations

from pathlib import Path

import torch

from backend.db.models import Job
from backend.inside import _feed
from backend.layer_preview import preview_split
from netcanvas.training_config import CONFIG_TEST_SEED
from tests.datasets.helpers import image_csv_zip, png
from worker.augment_preview import first_images
from worker.datasets import Dataset, TestSplit, load_dataset
from worker.datasets.holdout import MAX_TEST_FRACTION, held_out_indices
from worker.inside import Feed, validation_variables
from worker.layer_preview import CACHED_SAMPLES, first_variables, split_key

CONFIG = {"seed": 3, "validation_split": 0.2, "test_fraction": 0.3}


def as_the_job_loaded(dataset: str, cache: Path | None = None) -> Dataset:
    """The dataset as `run_training` loads it for a job with `CONFIG`."""
    test = TestSplit(fraction=CONFIG["test_fraction"], seed=CONFIG_TEST_SEED)
    return load_dataset(dataset, validation_split=0.2, seed=3, test=test, cache_dir=cache)


def test_inside_views_of_several_inputs_read_the_job_s_validation_rows_not_its_test_rows() -> None:
    job = Job(dataset="digits_pairs", config=CONFIG, owner_id=1)
    feed = Feed.of(_feed(None, job, "x", 0))
    assert feed is not None
    shown = validation_variables(feed.dataset, feed.seed, feed.validation_split, feed.test)
    loaded = as_the_job_loaded("digits_pairs")
    assert loaded.x_test is not None
    assert torch.equal(shown["x"], loaded.x_val)
    assert torch.equal(shown["x2"], loaded.more_x_val["x2"])


def test_layer_previews_with_a_job_s_weights_show_its_training_rows_only(tmp_path: Path) -> None:
    job = Job(dataset="digits", config=CONFIG, owner_id=1)
    split = preview_split(job, None, "digits")
    variables, y = first_variables("digits", tmp_path, split_key(split))
    loaded = as_the_job_loaded("digits", tmp_path)
    assert torch.equal(variables["x"], loaded.x_train[:CACHED_SAMPLES])
    assert torch.equal(y, loaded.y_train[:CACHED_SAMPLES])


def test_a_preview_on_another_dataset_than_the_job_s_takes_the_defaults() -> None:
    job = Job(dataset="digits", config=CONFIG, owner_id=1)
    avoid = {"fraction": MAX_TEST_FRACTION, "seed": CONFIG_TEST_SEED}
    assert preview_split(job, None, "iris") == {
        "seed": 0, "validation_split": 0.2, "test": None, "avoid": avoid}  # fmt: skip
    assert preview_split(None, None, "digits")["test"] is None
    assert "avoid" not in preview_split(None, None, "seattle_temperature")  # time order


def test_an_augmentation_preview_of_an_upload_leaves_its_test_rows_out(tmp_path: Path) -> None:
    shades = [20 * i for i in range(10)]  # image i is one grey, shade 20·i
    images = {f"{i}.png": png(shade) for i, shade in enumerate(shades)}
    upload = image_csv_zip(tmp_path / "greys.zip", [(f"{i}.png", str(i % 2)) for i in range(10)],
                           images)  # fmt: skip
    _, held = held_out_indices(10, 0.5, 7)
    tested = {shades[i] for i in held}
    shown = first_images(str(upload), 4, tmp_path, {"fraction": 0.5, "seed": 7})
    seen = {round(float(x.mean()) * 255) for x in shown}
    assert seen and not seen & tested, (seen, tested)
