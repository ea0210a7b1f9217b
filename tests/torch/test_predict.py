"""Inference from a run's artifacts: raw inputs get training's preprocessing; images fit."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import torch
from PIL import Image

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.messages import render
from netcanvas.training_config import TrainingConfig
from worker.batches import predict_batches
from worker.compiler import compile_graph
from worker.datasets import load_dataset
from worker.predict import PredictError, as_tensor, image_tensor, predict
from worker.run import run_training


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def breast_cancer_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("logistic")
    config = TrainingConfig(epochs=15, batch_size=32, lr=0.01, seed=0)
    result = run_training(samples.load("logistic_regression"), "breast_cancer", config, folder)
    assert result.status == "succeeded", result.reason
    return folder


def test_evaluation_keeps_the_standardisation_of_tabular_features(breast_cancer_run: Path) -> None:
    evaluation = json.loads((breast_cancer_run / "evaluation.json").read_text())
    scaling = evaluation["preprocessing"]["standardised"]
    assert len(scaling["mean"]) == 30 and len(scaling["std"]) == 30
    assert scaling["mean"][0] > 10  # mean radius, in the file's own units
    shown = json.loads((breast_cancer_run / "samples.json").read_text())
    assert len(shown["samples"]) == len(evaluation["predictions"])


def test_predict_takes_raw_tabular_values_and_standardises_them(breast_cancer_run: Path) -> None:
    dataset = load_dataset("breast_cancer", validation_split=0.2, seed=0)
    assert dataset.x_mean is not None and dataset.x_std is not None
    raw = dataset.x_val * dataset.x_std + dataset.x_mean  # (N, 30) as in the original file
    answer = predict(breast_cancer_run, raw.tolist())
    names = answer["class_names"]
    truth = [names[i] for i in dataset.y_val.tolist()]
    correct = sum(p == t for p, t in zip(answer["predicted"], truth, strict=True))
    assert correct / len(truth) > 0.9


def test_a_batch_runs_in_chunks_with_the_same_answer(breast_cancer_run: Path) -> None:
    """A request of many samples runs `chunk` at a time (the job's batch size): its
    activations stay what the launch allowed, however many samples the body holds."""
    dataset = load_dataset("breast_cancer", validation_split=0.2, seed=0)
    assert dataset.x_mean is not None and dataset.x_std is not None
    raw = (dataset.x_val * dataset.x_std + dataset.x_mean).tolist()
    whole = predict(breast_cancer_run, raw, chunk=len(raw))
    chunked = predict(breast_cancer_run, raw, chunk=7)  # the last chunk is a short one
    assert chunked["predicted"] == whole["predicted"] and len(chunked["predicted"]) == len(raw)
    torch.testing.assert_close(
        torch.tensor(chunked["probabilities"]), torch.tensor(whole["probabilities"])
    )
    assert chunked["class_names"] == whole["class_names"]


def test_an_image_is_resized_and_scaled_to_the_input() -> None:
    picture = Image.new("L", (32, 32), 0)
    picture.paste(255, (0, 0, 16, 32))  # left half white
    x = image_tensor(png(picture), (1, 8, 8))
    assert x.shape == (1, 1, 8, 8)
    assert torch.allclose(x[0, 0, :, :4], torch.ones(8, 4))
    assert torch.allclose(x[0, 0, :, 4:], torch.zeros(8, 4))


def test_a_transparent_drawing_becomes_white_ink_on_black() -> None:
    drawing = Image.new("RGBA", (16, 16), (0, 0, 0, 0))
    drawing.paste((255, 255, 255, 255), (4, 4, 12, 12))
    x = image_tensor(png(drawing), (1, 16, 16))
    assert x[0, 0, 0, 0] == 0.0 and x[0, 0, 8, 8] == 1.0


def test_a_gray_image_fills_three_channels_for_a_colour_input() -> None:
    x = image_tensor(png(Image.new("L", (4, 4), 255)), (3, 4, 4))
    assert x.shape == (1, 3, 4, 4) and bool((x == 1).all())


def test_an_image_for_a_vector_input_is_refused_naming_the_shape() -> None:
    with pytest.raises(PredictError, match=r"\[30\]"):
        image_tensor(png(Image.new("L", (4, 4))), (30,))


def test_a_file_that_is_not_an_image_is_refused() -> None:
    with pytest.raises(PredictError, match="not an image") as refused:
        image_tensor(b"x,y\n1,2\n", (1, 8, 8))
    # Pillow's "<_io.BytesIO object at 0x7f...>" said nothing to the user
    assert str(refused.value) == (
        "the upload is not an image NetCanvas can read: its contents are in no image format "
        "it reads (PNG, JPEG, GIF, BMP, TIFF, WebP, ...)"
    )  # not Pillow's "cannot identify image file"


@pytest.mark.parametrize("value", [10**400, -(10**400)])
def test_a_number_no_float_holds_is_refused_not_raised(value: int) -> None:
    network = compile_graph(load_graph(samples.load("xor_mlp")))
    with pytest.raises(PredictError) as refused:
        as_tensor(network, [value, 1])  # JSON reads 1e400 as inf, but 10**400 as an int
    assert refused.value.code == "predict.not_finite"
    assert refused.value.params["where"] == "[0]"


@pytest.mark.parametrize(
    ("inputs", "where", "value"),
    [(["a", 1], "[0]", '"a"'), ([[0, 1], [0, None]], "[1, 1]", "null"),
     ([[0, 1], [1, "2"]], "[1, 1]", '"2"'), ([[0, {"v": 1}]], "[0, 1]", '{"v": 1}')],
)  # fmt: skip
def test_a_value_that_is_no_number_is_named_with_its_place_in_our_words(
    inputs: list[object], where: str, value: str
) -> None:
    """torch's "too many dimensions 'str'" was the message, English in Japanese too."""
    network = compile_graph(load_graph(samples.load("xor_mlp")))
    with pytest.raises(PredictError) as refused:
        as_tensor(network, inputs)
    assert refused.value.code == "predict.not_numeric"
    assert refused.value.params == {"node": "x", "where": where, "value": value}
    assert str(refused.value) == f"Input x takes numbers: the value at {where} is {value}"
    assert render("predict.not_numeric", refused.value.params, "ja") == (
        f"Input x が受け取るのは数値です: {where} の値が {value} でした"
    )


@pytest.mark.parametrize(
    ("inputs", "where", "got", "expected"),
    [([[0, 1], [0, 1, 2]], "[1]", "a list of 3", "a list of 2"),
     ([[0, 1], 3], "[1]", "a number", "a list of 2"), ([0, [1, 2]], "[1]", "a list of 2",
                                                      "a number")],
)  # fmt: skip
def test_rows_of_different_lengths_are_named_in_our_words(
    inputs: list[object], where: str, got: str, expected: str
) -> None:
    network = compile_graph(load_graph(samples.load("xor_mlp")))
    with pytest.raises(PredictError) as refused:
        as_tensor(network, inputs)
    assert refused.value.code == "predict.ragged"
    assert str(refused.value) == (
        f"Input x takes an array of numbers with rows of one length: {where} is {got}, but the "
        f"first value at that depth is {expected}"
    )
    assert "リスト" in render("predict.ragged", refused.value.params, "ja")


def test_an_answer_and_the_stored_evaluation_are_what_the_api_declares(
    breast_cancer_run: Path,
) -> None:
    from netcanvas.reports import Evaluation, PredictAnswer, Samples
    from tests.torch.test_reports import declared

    declared(PredictAnswer, predict(breast_cancer_run, [[0.0] * 30]))
    for model, name in ((Evaluation, "evaluation.json"), (Samples, "samples.json")):
        declared(model, json.loads((breast_cancer_run / name).read_text()))


def test_a_16_bit_image_is_scaled_as_training_scales_it_not_clipped() -> None:
    """Pillow's convert("L") clips 16-bit values at 255: a dark 16-bit PNG came out white,
    where training (`worker/datasets/images.py`) divides by 65535."""
    import numpy as np

    dark = Image.fromarray(np.full((16, 16), 1000, dtype=np.uint16))
    assert dark.mode == "I;16"
    for shape in [(1, 8, 8), (3, 8, 8)]:
        x = image_tensor(png(dark), shape)
        assert x.shape == (1, *shape)
        torch.testing.assert_close(x, torch.full((1, *shape), 1000 / 65535))


@pytest.mark.parametrize(
    ("values", "shown"),
    [([1.0, float("nan")], "nan"), ([float("inf"), 0.0], "inf"), ([1.0, 1e39], "inf")],
)
def test_a_value_that_is_not_a_finite_number_is_refused_naming_where(
    values: list[float], shown: str
) -> None:
    """NaN (Python's JSON reads it), infinity or beyond float32 answered NaN or a saturated
    class as if it were an answer."""
    network = compile_graph(load_graph(samples.load("xor_mlp")))
    with pytest.raises(PredictError) as refused:
        as_tensor(network, [[0.0, 0.0], values])
    where = "[1, 1]" if values[1] != 0.0 else "[1, 0]"
    assert refused.value.code == "predict.not_finite"
    assert refused.value.params == {"value": shown, "where": where}


@pytest.mark.parametrize(("wrong", "shown"), [(1000, "1000"), (-1, "-1"), (2.5, "2.5")])
def test_a_token_id_the_embedding_has_no_row_for_is_refused_naming_it(
    wrong: float, shown: str
) -> None:
    """Ids were clamped into range and fractions cut: try-it answered where model.py fails."""
    network = compile_graph(load_graph(samples.load("text_classifier")))
    (node,) = network.input_ids
    vocab = network.token_vocab[node]
    ids: list[float] = [3] * 40
    assert as_tensor(network, ids).dtype == torch.int64  # whole ids in range are taken
    assert as_tensor(network, [0] * 39 + [vocab - 1]).tolist() == [[0] * 39 + [vocab - 1]]
    ids[5] = wrong
    with pytest.raises(PredictError) as refused:
        as_tensor(network, ids)
    assert refused.value.code == "predict.token_ids"
    assert refused.value.params == {
        "node": node,
        "last": vocab - 1,
        "value": shown,
        "where": "[0, 5]",
    }


@pytest.mark.parametrize(("wrong", "shown"), [(1000.0, "1000"), (-1.0, "-1"), (2.5, "2.5")])
def test_inference_over_a_dataset_refuses_a_token_id_naming_its_sample(
    wrong: float, shown: str
) -> None:
    """Inference over a dataset clamped such ids and cut fractions (answering where model.py
    fails); it refuses them as try-it does, naming the sample (its CSV row id) and value."""
    network = compile_graph(load_graph(samples.load("text_classifier")))
    (node,) = network.input_ids
    vocab = network.token_vocab[node]
    evaluation = {"task": "classification", "class_names": ["a", "b"]}
    ids = torch.full((6, 40), 3.0)
    ids[1, 0] = vocab - 1
    assert len(list(predict_batches(network, evaluation, ids, 4))) == 2  # in range: taken
    ids[4, 7] = wrong
    with pytest.raises(PredictError) as refused:
        next(predict_batches(network, evaluation, ids, 4))
    assert refused.value.code == "predict.dataset_token_ids"
    assert refused.value.params == {
        "node": node,
        "variable": "'x'",
        "last": vocab - 1,
        "value": shown,
        "sample": 4,
        "where": "[7]",
    }
    assert f"holds {shown} in sample 4" in str(refused.value)
    japanese = render(refused.value.code, refused.value.params, "ja")
    assert f"サンプル 4（行の id）の [7] が {shown} でした" in japanese
    longs = torch.full((6, 40), 3, dtype=torch.int64)
    longs[5, 0] = vocab  # the dataset's own int64 ids: one past the vocabulary
    with pytest.raises(PredictError, match=f"holds {vocab} in sample 5"):
        next(predict_batches(network, evaluation, longs, 4))
