"""Every sample, trained with its own lesson's settings as a job trains it, reaches the result
its note states (`netcanvas/samples/lessons.py`): the XOR MLP at least 99 % training accuracy,
the perceptron at most 60 %, the rest as their notes say.

`run_training` is the function a job's task runs, with the config the launch panel sends
(the lesson's fields over the defaults); exports (ONNX, model.py) are left out, as a job
writes them after its results. `bench/sample_lessons.py` runs the same over several seeds.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from netcanvas import samples
from netcanvas.training_config import TrainingConfig
from worker.run import RunResult, run_training


def train_lesson(name: str, seed: int | None = None) -> RunResult:
    """Train sample `name` on its lesson's dataset with its lesson's config (and `seed`)."""
    lesson = samples.lesson(name)
    config = TrainingConfig.model_validate(lesson.config)
    if seed is not None:
        config = config.model_copy(update={"seed": seed})
    with tempfile.TemporaryDirectory() as folder:
        return run_training(
            samples.load(name), lesson.dataset, config, Path(folder), defer_exports=True
        )


@pytest.mark.parametrize("name", samples.names())
def test_sample_reaches_what_its_note_says(name: str) -> None:
    result = train_lesson(name)
    assert result.status == "succeeded", result.reason
    for bound in samples.lesson(name).expect:
        value = result.summary[bound.metric]
        assert bound.holds(value), f"{name}: {bound.metric} = {value:.4f}, expected {bound}"
