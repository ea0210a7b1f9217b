"""Prediction from images and numbers, a job's evaluated predictions page by page, and
readiness, on SQLite, a real Redis and a real worker."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from backend import heartbeat
from netcanvas import samples
from tests.service.flow import follow
from tests.service.stack import Stack, stack, wait_for
from tests.service.test_datasets import digits_zip
from tests.service.test_datasets_hostile import claimed_png


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    folder = tmp_path_factory.mktemp("predict")
    with stack(folder, f"sqlite:///{folder / 'netcanvas.db'}") as running:
        yield running


def trained(served: Stack, sample: str, dataset: str, epochs: int) -> int:
    body = {"graph": samples.load(sample), "dataset": dataset, "config": {"epochs": epochs}}
    created = served.client.post("/api/jobs", json=body, headers=served.users["alice"])
    assert created.status_code == 201, created.text
    job_id = int(created.json()["id"])
    assert follow(served, job_id)[-1]["event"]["status"] == "succeeded"
    return job_id


@pytest.fixture(scope="module")
def digits_job(served: Stack) -> int:
    return trained(served, "digits_cnn", "digits", epochs=2)


def digit_png() -> bytes:
    drawing = Image.new("RGBA", (280, 280), (0, 0, 0, 0))  # a clear canvas, as a browser's
    drawing.paste((255, 255, 255, 255), (120, 40, 160, 240))  # a "1"
    out = io.BytesIO()
    drawing.save(out, format="PNG")
    return out.getvalue()


def test_predict_an_uploaded_image_file(served: Stack, digits_job: int) -> None:
    answer = served.client.post(
        f"/api/jobs/{digits_job}/predict",
        files={"file": ("digit.png", digit_png(), "image/png")},
        headers=served.users["alice"],
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["class_names"] == [str(i) for i in range(10)]
    assert len(result["probabilities"]) == 1 and abs(sum(result["probabilities"][0]) - 1) < 1e-4


def test_the_evaluated_samples_match_the_predictions(served: Stack, digits_job: int) -> None:
    auth = served.users["alice"]
    shown = served.client.get(f"/api/jobs/{digits_job}/samples", headers=auth)
    assert shown.status_code == 200, shown.text
    evaluation = served.client.get(f"/api/jobs/{digits_job}/evaluation", headers=auth).json()
    indices = [s["index"] for s in shown.json()["samples"]]
    assert {p["index"] for p in evaluation["predictions"]} <= set(indices)
    assert indices == sorted(set(indices))  # and the first samples of each cell
    assert shown.json()["samples"][0]["image"].startswith("data:image/png;base64,")
    other = served.client.get(f"/api/jobs/{digits_job}/samples", headers=served.users["bob"])
    assert other.status_code == 404


def test_predict_a_drawn_image_as_a_data_url_gives_the_same_answer(
    served: Stack, digits_job: int
) -> None:
    url = "data:image/png;base64," + base64.b64encode(digit_png()).decode()
    auth = served.users["alice"]
    as_json = served.client.post(
        f"/api/jobs/{digits_job}/predict", json={"image": url}, headers=auth
    )
    as_file = served.client.post(
        f"/api/jobs/{digits_job}/predict", files={"file": ("d.png", digit_png())}, headers=auth
    )
    assert as_json.status_code == 200, as_json.text
    assert as_json.json() == as_file.json()


def test_predict_refuses_what_is_not_an_image_naming_it(served: Stack, digits_job: int) -> None:
    auth = served.users["alice"]
    url = f"/api/jobs/{digits_job}/predict"
    not_image = served.client.post(url, files={"file": ("a.txt", b"hello")}, headers=auth)
    assert not_image.status_code == 422 and "not an image" in not_image.text
    bad_base64 = served.client.post(url, json={"image": "%%%"}, headers=auth)
    assert bad_base64.status_code == 422 and "base64" in bad_base64.text
    two = served.client.post(url, json={"image": "AAAA", "input": [1]}, headers=auth)
    assert two.status_code == 422 and "exactly one" in two.text
    wrong_shape = served.client.post(url, json={"input": [1.0, 2.0]}, headers=auth)
    assert wrong_shape.status_code == 422 and "[1, 8, 8]" in wrong_shape.text


def test_an_image_for_a_vector_network_is_refused(served: Stack) -> None:
    job_id = trained(served, "xor_mlp", "xor", epochs=1)
    answer = served.client.post(
        f"/api/jobs/{job_id}/predict",
        files={"file": ("digit.png", digit_png(), "image/png")},
        headers=served.users["alice"],
    )
    assert answer.status_code == 422 and "[2]" in answer.text


def test_health_is_ready_with_a_worker_and_503_without(served: Stack) -> None:
    ready = served.client.get("/api/health")
    assert ready.status_code == 200, ready.text
    assert ready.json()["workers"][0]["queues"] == ["cpu", "predict"]

    def without_heartbeats() -> Any:
        """The answer with every heartbeat gone, as if the worker had died a while ago (asked
        again should the worker's next beat come in between)."""
        for key in served.redis.scan_iter(match=heartbeat.PREFIX + "*"):
            served.redis.delete(key)
        answer = served.client.get("/api/health")
        return answer if answer.status_code != 200 else None

    waiting = wait_for(without_heartbeats, 60, "an answer without heartbeats")
    assert waiting.status_code == 503 and "no training worker" in waiting.json()["status"]
    wait_for(
        lambda: served.client.get("/api/health").status_code == 200,
        3 * heartbeat.INTERVAL_S,  # its next beat, late on a loaded machine
        "the worker's next heartbeat",
    )


def predictions(served: Stack, job_id: int, user: str = "alice", **query: Any) -> Any:
    return served.client.get(
        f"/api/jobs/{job_id}/predictions", params=query, headers=served.users[user]
    )


def test_a_confusion_cell_lists_exactly_its_count_page_by_page(
    served: Stack, digits_job: int
) -> None:
    auth = served.users["alice"]
    evaluation = served.client.get(f"/api/jobs/{digits_job}/evaluation", headers=auth).json()
    matrix, names = evaluation["confusion_matrix"], evaluation["class_names"]
    everything = predictions(served, digits_job, limit=500).json()
    assert everything["total"] == sum(map(sum, matrix)) == evaluation["predictions_total"]
    assert everything["total"] > len(evaluation["predictions"])  # more than the kept 300
    assert len(everything["rows"]) == everything["total"] == everything["stored"]
    for actual, row in enumerate(matrix):
        for predicted, count in enumerate(row):
            cell = predictions(served, digits_job, actual=actual, predicted=predicted, limit=500)
            assert cell.status_code == 200, cell.text
            answer = cell.json()
            assert answer["total"] == len(answer["rows"]) == count, (actual, predicted)
            assert {(r["label"], r["predicted"]) for r in answer["rows"]} <= {
                (names[actual], names[predicted])
            }
    # Pages of 7 of the largest cell: every row once, in index order.
    actual, predicted = max(
        ((r, c) for r in range(len(matrix)) for c in range(len(matrix))),
        key=lambda cell: matrix[cell[0]][cell[1]],
    )
    count = matrix[actual][predicted]
    assert count > 7
    seen: list[int] = []
    for offset in range(0, count + 7, 7):
        page = predictions(
            served, digits_job, actual=actual, predicted=predicted, offset=offset, limit=7
        ).json()
        assert (page["total"], page["offset"], page["limit"]) == (count, offset, 7)
        assert len(page["rows"]) == max(0, min(7, count - offset))
        seen += [row["index"] for row in page["rows"]]
    assert len(seen) == count and seen == sorted(set(seen))


def test_predictions_refuse_bad_parameters_naming_each(served: Stack, digits_job: int) -> None:
    refused: list[tuple[dict[str, Any], str]] = [
        ({"offset": -1}, "offset"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"actual": -2}, "actual"),
        ({"actaul": 1}, "actaul"),
    ]
    for query, field in refused:
        answer = predictions(served, digits_job, **query)
        assert answer.status_code == 422, (query, answer.text)
        detail = answer.json()["detail"]
        assert detail["code"] == "job.predictions_query"
        assert [error["field"] for error in detail["errors"]] == [field], detail
    typo = predictions(served, digits_job, actaul=1).json()["detail"]["errors"][0]
    assert "did you mean actual?" in typo["message"]
    for param in ("actual", "predicted"):
        too_high: dict[str, Any] = {param: 10}
        answer = predictions(served, digits_job, **too_high)
        assert answer.status_code == 422
        detail = answer.json()["detail"]
        assert detail["code"] == "job.predictions_class" and detail["params"]["param"] == param
        assert detail["message"] == f"{param} must be a class index from 0 to 9, not 10"
    japanese = served.client.get(
        f"/api/jobs/{digits_job}/predictions",
        params={"offset": -1},
        headers={**served.users["alice"], "Accept-Language": "ja"},
    ).json()["detail"]
    assert japanese["message"] == "クエリが正しくありません"
    assert "0 以上" in japanese["errors"][0]["message"]


def test_predictions_are_only_the_owners_and_only_where_kept(
    served: Stack, digits_job: int
) -> None:
    assert predictions(served, digits_job, user="bob").status_code == 404
    assert predictions(served, digits_job, user="bob", actual=0, predicted=0).status_code == 404
    assert predictions(served, 10**6).status_code == 404
    kept = served.data_dir / "artifacts" / str(digits_job) / "predictions.npz"
    moved = kept.with_name("elsewhere.npz")
    kept.rename(moved)  # as for a job that ran before the file existed
    try:
        answer = predictions(served, digits_job)
        assert answer.status_code == 404
        assert answer.json()["detail"]["code"] == "job.no_predictions"
    finally:
        moved.rename(kept)
    assert predictions(served, digits_job).status_code == 200


# ---------------------------------------------------------------- the augmentation preview


def test_augmentation_preview_shows_copies_of_a_few_images(served: Stack) -> None:
    body = {"type": "ImageAugmentation", "params": {"angle": 30.0}, "images": 2, "copies": 3}
    answer = served.client.post("/api/layers/preview", json=body, headers=served.users["alice"])
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    assert shown["shape"] == [1, 8, 8]  # no dataset named: the built-in digits
    assert len(shown["originals"]) == 2 and [len(row) for row in shown["augmented"]] == [3, 3]
    originals = [png_pixels(url) for url in shown["originals"]]
    copies = [png_pixels(url) for url in shown["augmented"][0]]
    assert all(pixels.size == (8, 8) for pixels in originals + copies)
    assert any(copy.tobytes() != originals[0].tobytes() for copy in copies)
    again = served.client.post("/api/layers/preview", json=body, headers=served.users["alice"])
    assert again.json() == shown  # the same seed, the same copies


def png_pixels(url: str) -> Image.Image:
    assert url.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))


@pytest.mark.parametrize(
    ("body", "status", "named"),
    [
        ({"type": "Conv2d"}, 422, "Conv2d"),
        ({"type": "ImageAugmentation", "params": {"angle": 500.0}}, 422, "angle"),
        ({"type": "RandomShift", "params": {"shift": 8}}, 422, "shift 8"),
        ({"type": "RandomShift", "dataset": "iris"}, 422, "iris"),
        ({"type": "RandomShift", "dataset": 999999}, 404, "999999"),
        ({"type": "RandomShift", "images": 50}, 422, "images"),
    ],
)
def test_augmentation_preview_refuses_naming_what_is_wrong(
    served: Stack, body: dict[str, Any], status: int, named: str
) -> None:
    answer = served.client.post("/api/layers/preview", json=body, headers=served.users["alice"])
    assert answer.status_code == status, answer.text
    assert named in answer.text


def test_augmentation_preview_of_an_upload_is_its_owner_s_only(
    served: Stack, tmp_path: Path
) -> None:
    zipped = digits_zip(tmp_path)
    with zipped.open("rb") as file:
        sent = served.client.post(
            "/api/datasets",
            files={"file": (zipped.name, file, "application/zip")},
            headers=served.users["alice"],
        )
    assert sent.status_code == 201, sent.text
    body = {"type": "RandomErase", "params": {"prob": 1.0}, "dataset": sent.json()["id"]}
    mine = served.client.post("/api/layers/preview", json=body, headers=served.users["alice"])
    assert mine.status_code == 200, mine.text
    assert mine.json()["shape"] == [1, 8, 8] and len(mine.json()["originals"]) == 4
    theirs = served.client.post("/api/layers/preview", json=body, headers=served.users["bob"])
    assert theirs.status_code == 404, theirs.text


# ---------------------------------------------------------------- the layer previews


def test_layer_previews_of_a_graph_with_random_or_a_job_s_weights(
    served: Stack, digits_job: int
) -> None:
    alice, bob = served.users["alice"], served.users["bob"]
    body: dict[str, Any] = {"graph": samples.load("digits_cnn"), "dataset": "digits"}
    answer = served.client.post("/api/graphs/preview", json=body, headers=alice)
    assert answer.status_code == 200, answer.text
    random = answer.json()
    assert random["weights"] == "random" and random["dataset"] == "digits"
    nodes = random["nodes"]
    assert "loss" not in nodes and nodes["x"]["shape"] == [1, 8, 8]
    assert nodes["conv1"]["kind"] == "image" and len(nodes["conv1"]["channels"]) == 8
    assert nodes["fc2"]["kind"] == "vector" and len(nodes["fc2"]["values"]) == 10
    with_job = served.client.post(
        "/api/graphs/preview", json={**body, "job": digits_job}, headers=alice
    )
    assert with_job.status_code == 200, with_job.text
    assert with_job.json()["weights"] == "job" and "fc2" in with_job.json()["loaded"]
    assert with_job.json()["nodes"]["fc2"] != nodes["fc2"]
    theirs = served.client.post(
        "/api/graphs/preview", json={**body, "job": digits_job}, headers=bob
    )
    assert theirs.status_code == 404, theirs.text
    broken = {**body, "graph": {**body["graph"], "edges": []}}
    assert served.client.post("/api/graphs/preview", json=broken, headers=alice).status_code == 422
    wide = samples.load("digits_cnn")
    wide["nodes"][8]["params"] = {"out_features": 60_000}  # fc1: over the parameter cap
    large = served.client.post("/api/graphs/preview", json={**body, "graph": wide}, headers=alice)
    assert large.status_code == 422 and "too large" in large.text
    mismatch = served.client.post(
        "/api/graphs/preview", json={**body, "dataset": "iris"}, headers=alice
    )
    assert mismatch.status_code == 422 and "iris" in mismatch.text


def test_inside_the_network_answers_its_owner_and_names_each_refusal(
    served: Stack, digits_job: int
) -> None:
    auth = served.users["alice"]
    kept = served.client.get(f"/api/jobs/{digits_job}/samples", headers=auth).json()["samples"]
    url, first = f"/api/jobs/{digits_job}", kept[0]["index"]
    maps = served.client.post(f"{url}/feature-maps", json={"sample": first}, headers=auth)
    assert maps.status_code == 200, maps.text
    assert [(m["node"], m["shape"]) for m in maps.json()["layers"]] == [
        ("conv1", [16, 8, 8]),
        ("conv2", [32, 4, 4]),
    ]
    drawn = "data:image/png;base64," + base64.b64encode(digit_png()).decode()
    cam = served.client.post(f"{url}/gradcam", json={"image": drawn, "class": 7}, headers=auth)
    assert cam.status_code == 200, cam.text
    assert (cam.json()["class"], cam.json()["layer"]) == (7, "conv2")
    other = served.client.post(
        f"{url}/gradcam", json={"sample": first}, headers=served.users["bob"]
    )
    assert other.status_code == 404
    for body, words in [
        ({"sample": first, "class": 10}, "class 10 is not one of the classes 0 to 9"),
        ({"sample": first, "layer": "fc1"}, "the Conv2d layers: conv1, conv2"),
        ({"sample": first, "image": drawn}, "exactly one of sample"),
        ({"sample": 10**6}, "is not among the job's"),
        ({"image": "%%%"}, "base64"),
    ]:
        answer = served.client.post(f"{url}/gradcam", json=body, headers=auth)
        assert answer.status_code == 422 and words in answer.json()["detail"]["message"], body
    japanese = served.client.post(
        f"{url}/gradcam",
        json={"sample": first, "class": 10},
        headers={**auth, "Accept-Language": "ja"},
    )
    assert japanese.json()["detail"]["message"] == "クラス 10 はクラス 0〜9 のどれでもありません"


def test_a_workers_refusal_has_a_code_and_comes_in_the_requests_language(
    served: Stack, digits_job: int
) -> None:
    auth = served.users["alice"]
    url = f"/api/jobs/{digits_job}/predict"
    english = served.client.post(url, json={"input": [1.0, 2.0]}, headers=auth)
    assert english.status_code == 422, english.text
    detail = english.json()["detail"]
    assert detail["code"] == "predict.sample_shape"
    assert detail["message"] == "each sample must have shape [1, 8, 8], got [1, 2] for the batch"
    japanese = served.client.post(
        url, json={"input": [1.0, 2.0]}, headers={**auth, "Accept-Language": "ja"}
    )
    assert japanese.status_code == 422
    worded = japanese.json()["detail"]
    assert worded["code"] == "predict.sample_shape" and worded["params"] == detail["params"]
    assert (
        worded["message"]
        == "各サンプルの形は [1, 8, 8] にしてください（バッチ全体の形は [1, 2] でした）"
    )
    not_image = served.client.post(
        url, files={"file": ("a.txt", b"hello")}, headers={**auth, "Accept-Language": "ja"}
    )
    assert not_image.status_code == 422
    refused = not_image.json()["detail"]
    assert refused["code"] == "predict.not_an_image"
    assert refused["message"].startswith(
        "アップロードされたファイルは NetCanvas で読める画像ではありません: "
    )


def test_an_image_pillow_cannot_read_is_refused_saying_why_in_both_languages(
    served: Stack, digits_job: int
) -> None:
    def refusal(data: bytes, lang: str) -> dict[str, Any]:
        answer = served.client.post(
            f"/api/jobs/{digits_job}/predict",
            files={"file": ("drawing.png", data, "image/png")},
            headers={**served.users["alice"], "Accept-Language": lang},
        )
        assert answer.status_code == 422, answer.text
        detail: dict[str, Any] = answer.json()["detail"]
        return detail

    cut = digit_png()[:200]
    en, ja = refusal(cut, "en"), refusal(cut, "ja")
    assert en["code"] == ja["code"] == "predict.not_an_image"
    assert (
        en["params"]
        == ja["params"]
        == {"text": {"code": "image.truncated", "params": {"format": "PNG"}}}
    )
    assert en["message"] == (
        "the upload is not an image NetCanvas can read: the PNG file is cut short: its picture "
        "data ends early"
    )
    assert ja["message"] == (
        "アップロードされたファイルは NetCanvas で読める画像ではありません: PNG ファイルが途中で"
        "切れていて、画像のデータが最後までありません"
    )
    unknown = refusal(b"hello", "en")
    assert unknown["params"] == {"text": {"code": "image.unknown_format", "params": {}}}
    assert "cannot identify" not in unknown["message"] and "BytesIO" not in unknown["message"]
    en, ja = refusal(claimed_png(10_000, 10_000), "en"), refusal(claimed_png(10_000, 10_000), "ja")
    assert en["code"] == ja["code"] == "predict.image_too_many_pixels"
    limit = Image.MAX_IMAGE_PIXELS
    assert (
        en["params"]
        == ja["params"]
        == {"text": {"code": "image.too_many_pixels", "params": {"pixels": 10**8, "limit": limit}}}
    )
    assert en["message"] == (
        f"the image is too large: it has 100000000 pixels, more than the {limit} an image may have"
    )
    assert ja["message"] == (
        f"画像が大きすぎます: 100000000 ピクセルあり、画像の上限の {limit} ピクセルを超えています"
    )
