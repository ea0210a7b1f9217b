"""Uploads: NNC CSV zips, class folders, tabular CSVs, a validation file, and every error."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
import torch
from PIL import Image

from worker.datasets import DatasetError, load_dataset
from worker.datasets.sources import _member_name

from .helpers import image_csv_zip, png, write_zip

IMAGES = {f"img/{i}.png": png(40 * i) for i in range(6)}
ROWS = [(f"img/{i}.png", str(i % 3)) for i in range(6)]


def tensors(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "netcanvas-data" / "tensors").glob("*.safetensors"))


def test_nnc_csv_zip_of_pngs(tmp_path: Path) -> None:
    path = image_csv_zip(tmp_path / "shapes.zip", ROWS, IMAGES)
    data = load_dataset(str(path), validation_split=0.5, seed=0)
    assert data.name == "shapes" and data.task == "classification"
    assert data.sample_shape == (1, 8, 8) and data.x_train.dtype == torch.float32
    assert data.class_names == ["0", "1", "2"]
    assert data.sizes == {"train": 3, "validation": 3}
    x = torch.cat([data.x_train, data.x_val])
    y = torch.cat([data.y_train, data.y_val])
    # image i is filled with 40·i/255 and has label i % 3
    for image, label in zip(x, y, strict=True):
        i = round(float(image[0, 0, 0]) * 255 / 40)
        assert image.max() == image.min() and label == i % 3


def test_y_label_holds_class_indices_from_0(tmp_path: Path) -> None:
    rows = [(f"img/{i}.png", label) for i, label in enumerate(["10", "9", "2", "02", "9", "10"])]
    data = load_dataset(str(image_csv_zip(tmp_path / "a.zip", rows, IMAGES)), validation_split=0)
    assert data.class_names == [str(i) for i in range(11)]
    assert data.y_train.tolist() == [10, 9, 2, 2, 9, 10]
    params = {"label": "a.zip: data/train.csv", "highest": 10, "count": 8}
    assert data.warnings == [
        ("dataset.classes_unused", params | {"classes": "0, 1, 3, 4, 5, 6, 7, 8"})
    ]


def test_labels_0_to_9_are_classes_0_to_9_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "digits.csv"
    path.write_text("x__0,y:label\n" + "".join(f"{i},{9 - i}\n" for i in range(10)))
    data = load_dataset(str(path), validation_split=0)
    assert data.class_names == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    assert data.y_train.tolist() == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] and data.warnings == []


def test_a_class_index_no_row_has_is_a_warning_kept_by_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "gap.csv"
    path.write_text("x__0,y:label\n1,0\n2,1\n3,3\n4,1\n5,0\n")
    warning = ("dataset.class_unused", {"label": "gap.csv", "highest": 3, "classes": "2"})
    for _ in range(2):  # decoded, then read from the tensor cache
        data = load_dataset(str(path), validation_split=0)
        assert data.class_names == ["0", "1", "2", "3"]
        assert data.y_train.tolist() == [0, 1, 3, 1, 0]
        assert data.warnings == [warning]
    assert len(tensors(tmp_path)) == 1


def test_labels_that_are_no_class_index_are_listed_by_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("x__0,y:label\n1,0\n2,notalabel\n3,-1\n4,1\n5,1.5\n6,\n7,1\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    why = "is not a class index; class labels are integers from 0 (0, 1, 2, ...)"
    assert caught.value.problems == [
        f"bad.csv row 2, column y:label: 'notalabel' {why}",
        f"bad.csv row 3, column y:label: '-1' {why}",
        f"bad.csv row 5, column y:label: '1.5' {why}",
        f"bad.csv row 6, column y:label: an empty value {why}",
    ]
    assert [code for code, _ in caught.value.coded] == ["dataset.label_not_index"] * 4
    assert str(caught.value).endswith("(and 3 more problems)")
    assert tensors(tmp_path) == []


def test_a_class_index_past_the_limit_is_refused_not_made_into_classes(tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("x__0,y:label\n1,0\n2,1\n3,1000000000\n4,99999\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    assert caught.value.problems == [
        "typo.csv row 3, column y:label: the class index 1000000000 is more than 99999,"
        " the most NetCanvas takes"
    ]


def test_class_folders_keep_their_names_even_when_numbers(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {"1/a.png": png(1), "3/b.png": png(2), "-1/c.png": png(3)}
    data = load_dataset(str(write_zip(tmp_path / "f.zip", members)), validation_split=0)
    assert data.class_names == ["-1", "1", "3"] and data.warnings == []


def test_folder_per_class_zip_rgb_and_rgba(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {
        "pets/cat/1.png": png(10, (6, 4), "RGB"),
        "pets/cat/2.png": png(20, (6, 4), "RGBA"),
        "pets/dog/1.png": png(30, (6, 4), "RGB"),
        "pets/dog/notes/3.png": png(40, (6, 4), "RGB"),
        "pets/.DS_Store": b"junk",
        "__MACOSX/pets/._1.png": b"junk",
    }
    data = load_dataset(str(write_zip(tmp_path / "pets.zip", members)), validation_split=0)
    assert data.class_names == ["cat", "dog"]
    assert data.sample_shape == (3, 4, 6)  # [C, H, W]: RGBA lost its alpha
    assert sorted(data.y_train.tolist()) == [0, 0, 1, 1]


def test_tabular_csv_standardised_and_regression(tmp_path: Path) -> None:
    rows = "".join(f"{i},{2 * i},{i % 2}\n" for i in range(10))
    path = write_zip(tmp_path / "t.zip", {"t.csv": "x__0,x__1,y\n" + rows})
    data = load_dataset(str(path), validation_split=0.2)
    assert data.task == "classification" and data.sample_shape == (2,)
    assert torch.allclose(data.x_train.mean(0), torch.zeros(2), atol=1e-5)
    reg = tmp_path / "r.csv"
    reg.write_text("a,b,y__0,y__1\n" + "".join(f"{i},1,{i / 3},{i}\n" for i in range(10)))
    data = load_dataset(str(reg))
    assert data.task == "regression" and data.target_shape == (2,)
    assert data.y_train.dtype == torch.float32 and data.class_names == []


def test_text_labels_in_a_y_column_and_validation_file(tmp_path: Path) -> None:
    train = tmp_path / "train.csv"
    train.write_text("x:a,x:b,y\n1,2,dog\n3,4,cat\n5,6,dog\n")
    val = tmp_path / "val.csv"
    val.write_text("x:a,x:b,y\n7,8,cat\n")
    data = load_dataset(str(train), validation=str(val))
    assert data.class_names == ["cat", "dog"]
    assert data.y_train.tolist() == [1, 0, 1] and data.y_val.tolist() == [0]
    assert data.sizes == {"train": 3, "validation": 1}
    mean, std = torch.tensor([3.0, 4.0]), torch.full((2,), (8 / 3) ** 0.5)
    assert torch.allclose(data.x_val[0], (torch.tensor([7.0, 8.0]) - mean) / std)


def _error(path: Path, **kw: str) -> str:
    with pytest.raises(DatasetError) as error:
        load_dataset(str(path), **kw)  # type: ignore[arg-type]
    return str(error.value)


def test_wrong_column_count_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("x__0,x__1,y\n1,2,0\n3,4,1\n5,6\n")
    assert "bad.csv row 3: expected 3 columns (x__0,x__1,y), found 2" in _error(path)


def test_non_numeric_value_names_row_and_column(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "t.zip", {"t.csv": "x__0,x__1,y\n1,2,0\n3,abc,1\n"})
    assert "t.zip: t.csv row 2, column x__1: 'abc' is not a number" in _error(path)


def test_every_bad_row_is_listed_not_only_the_first(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("x__0,x__1,y\n1,2,0\n3,x,1\n5,6,0\n,8,1\n9\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    assert caught.value.problems == ["rows.csv row 5: expected 3 columns (x__0,x__1,y), found 1"]
    path.write_text("x__0,x__1,y\n1,2,0\n3,x,1\n5,6,0\n,8,1\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    assert caught.value.problems == [
        "rows.csv row 2, column x__1: 'x' is not a number",
        "rows.csv row 4, column x__0: an empty value is not a number",
    ]
    assert str(caught.value).endswith("(and 1 more problem)")


def test_missing_image_names_the_row(tmp_path: Path) -> None:
    images = {k: v for k, v in IMAGES.items() if k != "img/4.png"}
    message = _error(image_csv_zip(tmp_path / "m.zip", ROWS, images))
    assert "m.zip: data/train.csv row 5: img/4.png is not in the upload" in message


def test_unreadable_image_names_row_and_file(tmp_path: Path) -> None:
    images = IMAGES | {"img/2.png": b"not a png"}
    message = _error(image_csv_zip(tmp_path / "u.zip", ROWS, images))
    assert message == (
        "u.zip: data/train.csv row 3, img/2.png: not an image file NetCanvas can read (PNG, JPEG,"
        " BMP, GIF, TIFF, WebP, PPM or PGM)"
    )  # our words: not Pillow's "cannot identify image file <_io.BytesIO at 0x...>"


def test_a_cut_short_image_is_named_broken_in_our_words(tmp_path: Path) -> None:
    images = IMAGES | {"img/2.png": png(5, (64, 64))[:-40]}  # a PNG without its last chunks
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(image_csv_zip(tmp_path / "c.zip", ROWS, images)))
    assert [code for code, _ in caught.value.coded] == ["dataset.image_broken"]
    assert caught.value.problems == [
        "c.zip: data/train.csv row 3, img/2.png: the image file is damaged or cut short and"
        " could not be decoded"
    ]


def test_mixed_image_sizes_names_both_sizes_and_the_file(tmp_path: Path) -> None:
    images = IMAGES | {"img/3.png": png(5, (10, 12))}
    message = _error(image_csv_zip(tmp_path / "s.zip", ROWS, images))
    assert "row 4, img/3.png is [1, 12, 10]" in message
    assert "row 1, img/0.png is [1, 8, 8]" in message


def test_unknown_label_in_validation_file(tmp_path: Path) -> None:
    train = image_csv_zip(tmp_path / "train.zip", ROWS, IMAGES)
    val = image_csv_zip(tmp_path / "val.zip", [("img/0.png", "1"), ("img/1.png", "7")], IMAGES)
    message = _error(train, validation=str(val))
    assert "val.zip: data/train.csv row 2: the label '7' is not one of" in message
    assert "(0, 1, 2)" in message


def test_validation_zip_of_other_sized_images(tmp_path: Path) -> None:
    train = image_csv_zip(tmp_path / "train.zip", ROWS, IMAGES)
    val = image_csv_zip(tmp_path / "val.zip", [("a.png", "1")], {"a.png": png(1, (9, 9))})
    message = _error(train, validation=str(val))
    assert "val.zip: data/train.csv row 1, a.png is [1, 9, 9]" in message
    assert "[1, 8, 8]" in message


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("../../outside.png", "leaves the upload"),
        ("img/../../../x.png", "leaves the upload"),
        ("/etc/passwd", "is absolute"),
        ("C:\\Windows\\x.png", "is absolute"),
    ],
)
def test_paths_leaving_the_upload_are_refused(tmp_path: Path, ref: str, why: str) -> None:
    path = image_csv_zip(tmp_path / "p.zip", [*ROWS, (ref, "1")], IMAGES)
    assert f"p.zip: data/train.csv row 7: the path '{ref}' {why}" in _error(path)


def test_paths_may_climb_within_the_upload(tmp_path: Path) -> None:
    rows = [("img/sub/../../img/0.png", "0"), ("./img/0.png", "1"), ("img\\1.png", "1")]
    members: dict[str, bytes | str] = {f"pkg/{k}": v for k, v in IMAGES.items()}
    members["pkg/train.csv"] = "x:image,y:label\n" + "".join(f"{x},{y}\n" for x, y in rows)
    data = load_dataset(str(write_zip(tmp_path / "ok.zip", members)), validation_split=0)
    assert data.sizes["train"] == 3


def test_zip_member_outside_the_upload_is_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "z.zip", {"a/1.png": png(1), "../evil.png": png(2)})
    assert "the path '../evil.png' leaves the upload" in _error(path)


def test_symlinks_are_refused(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "l.zip", {"a/1.png": png(1)}, links={"b/2.png": "/etc/passwd"})
    assert "symbolic link" in _error(path)
    folder = tmp_path / "upload"
    (folder / "cat").mkdir(parents=True)
    (folder / "dog").mkdir()
    (folder / "cat" / "1.png").write_bytes(png(1))
    (folder / "dog" / "2.png").symlink_to(tmp_path / "l.zip")
    assert "symbolic link" in _error(folder)
    csv = tmp_path / "rows.csv"
    os.symlink(folder / "cat" / "1.png", tmp_path / "link.png")
    csv.write_text("x:image,y:label\nlink.png,0\n")
    assert "symbolic link" in _error(csv)


def test_second_load_reads_no_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = image_csv_zip(tmp_path / "c.zip", ROWS, IMAGES)
    first = load_dataset(str(path), seed=1)
    assert len(tensors(tmp_path)) == 1

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an image was opened on a cached load")

    monkeypatch.setattr(Image, "open", refuse)
    again = load_dataset(str(path), seed=1)
    assert torch.equal(first.x_train, again.x_train) and torch.equal(first.y_val, again.y_val)
    other = load_dataset(str(path), seed=2, validation_split=0.5)  # the cache is split afresh
    assert other.sizes == {"train": 3, "validation": 3}


def test_failed_import_keeps_nothing(tmp_path: Path) -> None:
    images = IMAGES | {"img/5.png": png(5, (3, 3))}
    _error(image_csv_zip(tmp_path / "f.zip", ROWS, images))
    assert tensors(tmp_path) == []
    leftovers = list((tmp_path / "netcanvas-data").rglob("*"))
    assert all(p.is_dir() for p in leftovers)


def test_layout_errors(tmp_path: Path) -> None:
    no_y = write_zip(tmp_path / "a.zip", {"t.csv": "x__0,x__1\n1,2\n"})
    assert "no target column" in _error(no_y)
    two = write_zip(tmp_path / "b.zip", {"a.csv": "x,y\n1,0\n", "b.csv": "x,y\n1,0\n"})
    assert "several CSV files" in _error(two)
    loose = write_zip(tmp_path / "c.zip", {"1.png": png(1), "cat/2.png": png(2)})
    assert "c.zip: 1.png is not in a class folder" in _error(loose)
    one = write_zip(tmp_path / "d.zip", {"t.csv": "x,y\n1,3\n2,3\n"})
    assert "a classifier needs at least two classes" in _error(one)
    empty = tmp_path / "e.csv"
    empty.write_text("x,y\n")
    assert "no data rows" in _error(empty)
    other = tmp_path / "data.bin"
    other.write_bytes(b"\0\1")
    assert "not a dataset NetCanvas reads" in _error(other)


def test_zip_names_in_utf8_or_cp932_without_the_flag() -> None:
    for name in ("ねこ/1.png", "chien/été.png"):
        for encoding in ("utf-8", "cp932"):
            try:
                raw = name.encode(encoding)
            except UnicodeEncodeError:
                continue
            info = zipfile.ZipInfo(raw.decode("cp437"))  # as zipfile reads a flagless name
            info.flag_bits = 0
            assert _member_name(info) == name


def test_japanese_class_folders(tmp_path: Path) -> None:
    members: dict[str, bytes | str] = {"ねこ/1.png": png(1), "いぬ/1.png": png(2)}
    data = load_dataset(str(write_zip(tmp_path / "j.zip", members)), validation_split=0)
    assert data.class_names == sorted(["ねこ", "いぬ"])


# ---------------------------------------------------------------- bounded cost
# Measured before: a 2.7 KB zip of six 9000×9000 PNGs took 3 GB of memory and was
# accepted; a 1 MB zip with one 1 GB member reached 2.25 GB.


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    huge = png(0, (5000, 5000))  # 25 million pixels, a few kilobytes as a PNG
    images = IMAGES | {"img/1.png": huge}
    message = _error(image_csv_zip(tmp_path / "bomb.zip", ROWS, images))
    assert "row 2, img/1.png: the image is 5000×5000 pixels, more than 16777216 in all" in message


def test_a_dataset_too_large_to_hold_is_refused_before_room_is_made(tmp_path: Path) -> None:
    big = png(0, (4096, 4096))  # at the limit per image; 33 of them need 2.2 GB as floats
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(33)]
    zipped = image_csv_zip(tmp_path / "many.zip", rows, {f"img/{i}.png": big for i in range(33)})
    message = _error(zipped)
    assert "row 1, img/0.png: 33 samples of shape [1, 4096, 4096] need 2214592512 bytes" in message


def test_a_member_that_unpacks_too_large_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.datasets import sources

    monkeypatch.setattr(sources, "MAX_MEMBER", 1 << 20)
    with zipfile.ZipFile(tmp_path / "z.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/train.csv", "x:image,y:label\nimg/0.png,0\n")
        archive.writestr("img/0.png", b"\0" * (2 << 20))  # 2 MiB of zeros: a few KB packed
    message = _error(tmp_path / "z.zip")
    expected = "z.zip: member 'img/0.png': the file unpacks to 2097152 bytes, more than 1048576"
    assert expected in message


def test_rows_of_blank_cells_are_skipped_but_counted_in_row_numbers(tmp_path: Path) -> None:
    text = "x:image,y:label\nimg/0.png,0\n,\n  , \t\nimg/1.png,1\n , 1\n"
    path = write_zip(tmp_path / "b.zip", {"data/train.csv": text} | {
        f"data/{name}": data for name, data in IMAGES.items()
    })  # fmt: skip
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    assert caught.value.problems == ["b.zip: data/train.csv row 5: the path is empty"]
