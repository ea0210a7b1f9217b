"""Dataset upload problems in the language of Accept-Language, row by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.datasets.helpers import image_csv_zip, png
from tests.service.conftest import SQLITE_ONLY, Service


def broken_rows_zip(folder: Path) -> Path:
    """Rows 3 and 6 have a column too many."""
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(8)]
    rows[2] = ("img/2.png,7", "0")
    rows[5] = ("img/5.png,7", "1")
    images = {f"img/{i}.png": png(30 * i) for i in range(8)}
    return image_csv_zip(folder / "rows.zip", rows, images)


def labelled_zip(folder: Path, labels: list[str], name: str) -> Path:
    """One 8×8 PNG per label, NNC's `x:image,y:label` CSV."""
    rows = [(f"img/{i}.png", label) for i, label in enumerate(labels)]
    images = {f"img/{i}.png": png(30 * i) for i in range(len(labels))}
    return image_csv_zip(folder / name, rows, images)


def send(service: Service, path: Path, lang: str) -> Any:
    with path.open("rb") as file:
        return service.client.post(
            "/api/datasets",
            files={"file": (path.name, file, "application/zip")},
            headers={**service.alice, "Accept-Language": lang},
        )


def post(service: Service, path: Path, lang: str) -> dict[str, object]:
    answer = send(service, path, lang)
    assert answer.status_code == 422
    detail: dict[str, object] = answer.json()["detail"]
    return detail


@SQLITE_ONLY
def test_broken_csv_rows_are_listed_in_japanese_for_ja(service: Service, tmp_path: Path) -> None:
    path = broken_rows_zip(tmp_path)
    en, ja = post(service, path, "en"), post(service, path, "ja;q=1, en;q=0.5")
    assert en["problems"] == [
        "rows.zip: data/train.csv row 3: expected 2 columns (x:image,y:label), found 3",
        "rows.zip: data/train.csv row 6: expected 2 columns (x:image,y:label), found 3",
    ]
    assert en["message"] == en["problems"][0] + " (and 1 more problem)"
    assert ja["problems"] == [
        "rows.zip: data/train.csv の 3 行目: 列は 2 個（x:image,y:label）のはずが 3 個あります",
        "rows.zip: data/train.csv の 6 行目: 列は 2 個（x:image,y:label）のはずが 3 個あります",
    ]
    assert ja["message"] == ja["problems"][0] + "（ほか 1 件の問題）"
    assert en["code"] == ja["code"] == "dataset.row_columns"
    assert en["codes"] == ja["codes"] == ["dataset.row_columns"] * 2


@SQLITE_ONLY
def test_labels_that_are_no_class_index_are_listed_in_each_language(
    service: Service, tmp_path: Path
) -> None:
    path = labelled_zip(tmp_path, ["0", "notalabel", "1", "-1", "1.5", "0"], "labels.zip")
    en, ja = post(service, path, "en"), post(service, path, "ja")
    why = "is not a class index; class labels are integers from 0 (0, 1, 2, ...)"
    assert en["problems"] == [
        f"labels.zip: data/train.csv row 2, column y:label: 'notalabel' {why}",
        f"labels.zip: data/train.csv row 4, column y:label: '-1' {why}",
        f"labels.zip: data/train.csv row 5, column y:label: '1.5' {why}",
    ]
    ja_why = (
        "はクラス番号ではありません。クラスのラベルは 0 から始まる整数（0, 1, 2, …）にしてください"
    )
    assert ja["problems"] == [
        f"labels.zip: data/train.csv の 2 行目、列 y:label: 'notalabel' {ja_why}",
        f"labels.zip: data/train.csv の 4 行目、列 y:label: '-1' {ja_why}",
        f"labels.zip: data/train.csv の 5 行目、列 y:label: '1.5' {ja_why}",
    ]
    assert en["codes"] == ja["codes"] == ["dataset.label_not_index"] * 3


GAP_EN = (
    "gap.zip: data/train.csv: no row has the label 2; y:label holds class indices, so the"
    " classes are 0 to 3 and class 2 is never learnt"
)
GAP_JA = (
    "gap.zip: data/train.csv: ラベル 2 の行がありません。y:label はクラス番号なので、クラスは"
    " 0〜3 となり、クラス 2 は学習されません"
)


def test_a_class_no_row_has_is_kept_with_a_warning_in_the_request_language(
    service: Service, tmp_path: Path
) -> None:
    client, alice = service.client, service.alice
    answer = send(service, labelled_zip(tmp_path, ["0", "1", "3", "1", "0", "3"], "gap.zip"), "ja")
    assert answer.status_code == 201, answer.text
    dataset = answer.json()
    assert dataset["info"]["class_names"] == ["0", "1", "2", "3"]
    params = {"label": "gap.zip: data/train.csv", "highest": 3, "classes": "2"}
    ja = [{"code": "dataset.class_unused", "message": GAP_JA, "params": params}]
    en = [{"code": "dataset.class_unused", "message": GAP_EN, "params": params}]
    assert dataset["info"]["warnings"] == ja
    ref = f"/api/datasets/{dataset['id']}"
    for lang, warnings in (("en", en), ("ja", ja)):
        headers = {**alice, "Accept-Language": lang}
        assert client.get(ref, headers=headers).json()["info"]["warnings"] == warnings
        listed = client.get("/api/datasets", headers=headers).json()["uploads"]
        assert listed[0]["info"]["warnings"] == warnings
        preview = client.get(f"{ref}/preview", headers=headers).json()
        assert preview["warnings"] == warnings
        assert preview["class_counts"]["train"]["2"] == 0


@SQLITE_ONLY
def test_a_sample_file_that_is_no_image_or_matrix_is_named_in_japanese(
    service: Service, tmp_path: Path
) -> None:
    rows = [("img/0.png", "0"), ("img/1.png", "1"), ("s/2.csv", "0")]
    files = {"img/0.png": png(0), "img/1.png": b"not a png", "s/2.csv": b"1,2\n3,x\n"}
    ja = post(service, image_csv_zip(tmp_path / "mixed.zip", rows, files), "ja")
    assert ja["codes"] == ["dataset.not_image", "dataset.matrix_not_number"]
    assert ja["problems"] == [
        "mixed.zip: data/train.csv の 2 行目、img/1.png: NetCanvas で読み込める画像ファイル"
        "（PNG、JPEG、BMP、GIF、TIFF、WebP、PPM、PGM）ではありません",
        "mixed.zip: data/train.csv の 3 行目、s/2.csv: 2 行目、2 列目: 'x' は数値ではありません",
    ]  # no "cannot identify image file" nor "could not convert string to float" inside
