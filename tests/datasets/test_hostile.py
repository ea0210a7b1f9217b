"""Hostile uploads: each is refused with a problem naming its line, row or file, and what a
message quotes of the input stays small however large the input is (`table.columns_shown`,
`table._shown`). The slow cases (a zip that unpacks to a huge CSV) are in
bench/hostile_inputs.py; here the limits are lowered to keep the inputs small."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from worker.datasets import DatasetError, load_dataset, table
from worker.datasets.sources import open_source

from .helpers import image_csv_zip, png, write_zip


def problems(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    return caught.value.problems


def codes(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    return [code for code, _ in caught.value.coded]


def test_a_wide_header_is_cut_in_each_rows_problem(tmp_path: Path) -> None:
    header = ",".join(f"x:c{i}" for i in range(5000)) + ",y"
    path = tmp_path / "wide.csv"
    path.write_text(header + "\n" + "1,2\n" * 60)
    found = problems(path)
    assert len(found) == 51  # 50 problems and "... and 10 more"
    first = "wide.csv row 1: expected 5001 columns (x:c0,x:c1,"
    assert found[0].startswith(first) and ",x:c19,...), found 2" in found[0]
    assert max(len(problem) for problem in found) < 400


def test_a_header_without_target_is_cut_in_its_message(tmp_path: Path) -> None:
    path = tmp_path / "no_y.csv"
    path.write_text(",".join(f"x:c{i}" for i in range(5000)) + "\n1\n")
    (problem,) = problems(path)
    shown = ",".join(f"x:c{i}" for i in range(20))
    assert problem.endswith(f"The header is: {shown},...")


def test_a_long_cell_is_quoted_cut(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("x:a,y\n1,0\n" + "7" * 100_000 + "x,1\n")
    assert problems(path) == [f"long.csv row 2, column x:a: '{'7' * 40}...' is not a number"]


def test_a_class_index_of_5000_digits_is_too_large_naming_its_row(tmp_path: Path) -> None:
    path = tmp_path / "digits.csv"
    path.write_text("x:a,y:label\n1,0\n2,1\n3," + "9" * 5000 + "\n")
    assert problems(path) == [
        f"digits.csv row 3, column y:label: the class index {'9' * 40}... is more than 99999, "
        "the most NetCanvas takes"
    ]


def test_a_field_past_the_csv_readers_limit_names_its_line(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "f.zip", {"t.csv": "x:a,y\n1,0\n2,1\n3," + "4" * 200_000 + "\n"})
    assert problems(path) == [
        "f.zip: t.csv line 4: not a readable CSV file (a cell on this line holds more than "
        "131072 characters, the most one cell may hold)"
    ]  # not the csv module's "field larger than field limit (131072)"


def test_a_shift_jis_csv_names_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    text = "x:a,y\n1,0\n2,1\n3,ねこ\n"
    path = write_zip(tmp_path / "sjis.zip", {"t.csv": text.encode("shift_jis")})
    (problem,) = problems(path)
    assert problem.startswith("sjis.zip: t.csv line 4 is not UTF-8 text (byte 17)")


def test_a_csv_under_the_servers_name_with_a_shift_jis_header_is_read_as_a_csv(
    tmp_path: Path,
) -> None:
    path = tmp_path / "0123abcd.zip"  # the API keeps a CSV upload under a name it picks
    path.write_bytes("x:重さ,y\n1,0\n2,1\n".encode("shift_jis"))
    assert codes(path) == ["dataset.not_utf8_at"]


def test_a_nul_in_a_row_of_a_csv_under_the_servers_name_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "0123abcd.zip"
    path.write_bytes(b"x:a,y\n1,0\n2\x00,1\n")
    (problem,) = problems(path)
    assert problem.startswith(
        "0123abcd.zip line 3: not a readable CSV file (a NUL character (code 0) at character 2 "
        "of the line: the file may be UTF-16 text"
    )


def test_a_sample_csv_with_a_field_past_the_limit_names_the_file(tmp_path: Path) -> None:
    rows = [("s/a.csv", "0"), ("s/b.csv", "1")]
    files = {"s/a.csv": b"1," + b"2" * 200_000 + b"\n", "s/b.csv": b"1,2\n"}
    (problem,) = problems(image_csv_zip(tmp_path / "m.zip", rows, files))
    assert problem.startswith(
        "m.zip: data/train.csv row 1, s/a.csv, line 1: not a CSV matrix of numbers (a cell on "
    )


def test_a_sample_csv_cell_that_is_no_number_is_named_by_row_and_column(tmp_path: Path) -> None:
    rows = [("s/a.csv", "0"), ("s/b.csv", "1")]
    files = {"s/a.csv": b"1,2,3\n\n4,5,abc\n", "s/b.csv": b"1,2,3\n4,5,6\n"}
    path = image_csv_zip(tmp_path / "m.zip", rows, files)
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    assert caught.value.coded[0][0] == "dataset.matrix_not_number"
    assert caught.value.problems == [
        "m.zip: data/train.csv row 1, s/a.csv: row 3, column 3: 'abc' is not a number"
    ]  # not numpy's "could not convert string to float: 'abc'"
    assert caught.value.localised("ja")[1] == [
        "m.zip: data/train.csv の 1 行目、s/a.csv: 3 行目、3 列目: 'abc' は数値ではありません"
    ]


def test_a_sample_csv_with_a_short_row_names_the_row(tmp_path: Path) -> None:
    rows = [("s/a.csv", "0"), ("s/b.csv", "1")]
    files = {"s/a.csv": b"1,2,3\n4,5,6\n", "s/b.csv": b"1,2,3\n4,5\n"}
    (problem,) = problems(image_csv_zip(tmp_path / "m.zip", rows, files))
    assert problem == (
        "m.zip: data/train.csv row 2, s/b.csv: row 2 has 2 values but the first row has 3;"
        " a CSV matrix must be rectangular"
    )  # not numpy's "setting an array element with a sequence"


def test_reading_stops_at_the_row_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "MAX_ROWS", 100)
    path = write_zip(tmp_path / "rows.zip", {"t.csv": "x:a,y\n" + "0,1\n1,0\n" * 60})
    assert problems(path) == [
        "rows.zip: t.csv: more than 100 rows; NetCanvas reads at most 100 rows from one CSV file"
    ]


def test_reading_stops_at_the_cell_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table, "MAX_CELLS", 1000)
    path = write_zip(tmp_path / "cells.zip", {"t.csv": "x:a,y\n0,1\n" + "0," * 2000 + "1\n"})
    assert problems(path) == [
        "cells.zip: t.csv row 2: the file has more than 1000 cells by this row; NetCanvas "
        "reads at most 1000 cells (rows × columns) from one CSV file"
    ]


def test_a_limit_further_on_is_named_before_a_bad_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rows are read one at a time now: the header is known first, but a file past a limit
    # is still refused for the limit, as when every row was read before the header was looked at
    monkeypatch.setattr(table, "MAX_ROWS", 100)
    path = write_zip(tmp_path / "rows.zip", {"t.csv": "x:a,x:b\n" + "0,1\n" * 120})
    assert codes(path) == ["dataset.too_many_rows"]


def test_numeric_cells_are_read_as_float64_then_made_float32(tmp_path: Path) -> None:
    cells = ["0.1", "1.00000005960464477539062499", "16777217", "1e-45", "-0", " 2.5 ", "1_0"]
    path = tmp_path / "n.csv"
    path.write_text("x__0,y\n" + "".join(f"{cell},{i}\n" for i, cell in enumerate(cells)))
    numbers = table.read_table(open_source(path)[0], None).numbers
    assert numbers is not None and numbers.dtype == np.float32 and numbers.shape == (7, 1)
    expected = np.array([float(cell) for cell in cells], dtype=np.float64).astype(np.float32)
    assert numbers[:, 0].tobytes() == expected.tobytes()


def test_the_limits_take_a_usual_upload(tmp_path: Path) -> None:
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(4)]
    images = {f"img/{i}.png": png(10 * i) for i in range(4)}
    dataset = load_dataset(str(image_csv_zip(tmp_path / "ok.zip", rows, images)))
    assert sum(dataset.sizes.values()) == 4


def test_a_bom_crlf_and_a_quoted_newline_read_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b'\xef\xbb\xbfx:a,y\r\n1,0\r\n2,1\r\n3,"a\r\nb"\r\n4,1\r\n')
    dataset = load_dataset(str(path), validation_split=0)
    assert dataset.class_names == ["0", "1", "a\r\nb"]
    assert dataset.y_train.tolist() == [0, 1, 2, 1]


def test_a_file_set_too_large_to_hold_is_refused_once_not_after_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.datasets import images

    monkeypatch.setattr(images, "MAX_DECODED", 1000)  # six 8×8 samples need 1536 bytes
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(6)]
    pictures = {f"img/{i}.png": png(10 * i) for i in range(6)}
    assert codes(image_csv_zip(tmp_path / "many.zip", rows, pictures)) == ["dataset.too_much_data"]


def test_folders_and_archivers_files_are_not_counted_but_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.datasets import zipcount

    monkeypatch.setattr(zipcount, "MAX_FILES", 4)
    monkeypatch.setattr(zipcount, "MAX_ENTRIES", 12)
    pictures = {f"d/{i % 2}/{i}.png": png(10 * i) for i in range(4)}
    junk = {f"__MACOSX/d/{i % 2}/._{i}.png": b"x" for i in range(4)} | {"d/.DS_Store": b"x"}
    dataset = load_dataset(str(write_zip(tmp_path / "mac.zip", pictures | junk)))
    assert sum(dataset.sizes.values()) == 4
    one_more = pictures | {"d/1/5.png": png(1)}
    assert codes(write_zip(tmp_path / "five.zip", one_more)) == ["dataset.too_many_files"]
    more_junk = pictures | {f"__MACOSX/._{i}": b"x" for i in range(9)}
    assert codes(write_zip(tmp_path / "junk.zip", more_junk)) == ["dataset.too_many_entries"]
