"""Dataset upload problems in the language of Accept-Language, row by row."""

from __future__ import annotations

from pathlib import Path

from tests.datasets.helpers import image_csv_zip, png
from tests.service.conftest import Service


def broken_rows_zip(folder: Path) -> Path:
    """Rows 3 and 6 have a column too many."""
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(8)]
    rows[2] = ("img/2.png,7", "0")
    rows[5] = ("img/5.png,7", "1")
    images = {f"img/{i}.png": png(30 * i) for i in range(8)}
    return image_csv_zip(folder / "rows.zip", rows, images)


def post(service: Service, path: Path, lang: str) -> dict[str, object]:
    with path.open("rb") as file:
        answer = service.client.post(
            "/api/datasets",
            files={"file": (path.name, file, "application/zip")},
            headers={**service.alice, "Accept-Language": lang},
        )
    assert answer.status_code == 422
    detail: dict[str, object] = answer.json()["detail"]
    return detail


def test_broken_csv_rows_are_listed_in_japanese_for_ja(service: Service, tmp_path: Path) -> None:
    path = broken_rows_zip(tmp_path)
    en, ja = post(service, path, "en"), post(service, path, "ja;q=1, en;q=0.5")
    assert en["problems"] == [
        "rows.zip: data/train.csv row 3: expected 2 columns (x:image,y:label), found 3",
        "rows.zip: data/train.csv row 6: expected 2 columns (x:image,y:label), found 3",
    ]
    assert en["message"] == en["problems"][0] + " (and 1 more problem)"  # type: ignore[index]
    assert ja["problems"] == [
        "rows.zip: data/train.csv の 3 行目: 列は 2 個（x:image,y:label）のはずが 3 個あります",
        "rows.zip: data/train.csv の 6 行目: 列は 2 個（x:image,y:label）のはずが 3 個あります",
    ]
    assert ja["message"] == ja["problems"][0] + "（ほか 1 件の問題）"  # type: ignore[index]
    assert en["code"] == ja["code"] == "dataset.row_columns"
    assert en["codes"] == ja["codes"] == ["dataset.row_columns"] * 2
