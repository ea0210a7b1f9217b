"""Dataset errors carry codes: both languages for every code, and no plain-text error left."""

from __future__ import annotations

import ast
import json
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netcanvas.messages import MESSAGES
from worker.datasets import DatasetError, load_dataset

from .helpers import idx, idx_files, image_csv_zip, png, write_zip

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "worker" / "datasets"
IMAGES = {f"img/{i}.png": png(40 * i) for i in range(6)}
ROWS = [(f"img/{i}.png", str(i % 3)) for i in range(6)]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def has_japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


def test_every_dataset_code_has_both_languages_with_the_same_placeholders() -> None:
    codes = [code for code in MESSAGES if code.startswith("dataset.")]
    assert len(codes) > 60
    for code in codes:
        en, ja = MESSAGES[code]
        assert en.strip() and ja.strip(), code
        assert placeholders(en) == placeholders(ja), code


def leaving_path(folder: Path) -> Path:
    return image_csv_zip(folder / "p.zip", [*ROWS, ("../../outside.png", "1")], IMAGES)


def leaving_member(folder: Path) -> Path:
    return write_zip(folder / "z.zip", {"a/1.png": png(1), "../evil.png": png(2)})


def not_idx(folder: Path) -> Path:
    mnist = folder / "mnist"
    mnist.mkdir()
    for name, array in idx_files().items():
        (mnist / name).write_bytes(idx(array, compress=False))
    (mnist / "train-images-idx3-ubyte").write_bytes(b"not an IDX file")
    return mnist


def unreadable_image(folder: Path) -> Path:
    return image_csv_zip(folder / "u.zip", ROWS, IMAGES | {"img/2.png": b"not a png"})


def duplicated_column(folder: Path) -> Path:
    path = folder / "dup.csv"
    path.write_text("x,x,y\n1,2,0\n3,4,1\n")
    return path


def bad_labels(folder: Path) -> Path:
    path = folder / "labels.csv"
    path.write_text("x__0,y:label\n1,0\n2,notalabel\n3,-1\n4,1.5\n5,1\n")
    return path


def gap_in_labels(folder: Path) -> Path:
    path = folder / "gap.csv"
    path.write_text("x__0,y:label\n1,0\n2,1\n3,3\n4,1\n")
    return path


BROKEN: list[tuple[Callable[[Path], Path], str, str]] = [
    (
        leaving_path,
        "p.zip: data/train.csv row 7: the path '../../outside.png' leaves the upload",
        "p.zip: data/train.csv の 7 行目: パス '../../outside.png' はアップロードの外を指して"
        "います",
    ),
    (
        leaving_member,
        "z.zip: member '../evil.png': the path '../evil.png' leaves the upload",
        "z.zip 内の '../evil.png': パス '../evil.png' はアップロードの外を指しています",
    ),
    (
        not_idx,
        "train-images-idx3-ubyte: not an IDX file (bad magic number)",
        "train-images-idx3-ubyte: IDX ファイルではありません（マジックナンバーが違います）",
    ),
    (
        unreadable_image,
        "u.zip: data/train.csv row 3, img/2.png: not an image file NetCanvas can read (PNG, JPEG,"
        " BMP, GIF, TIFF, WebP, PPM or PGM)",
        "u.zip: data/train.csv の 3 行目、img/2.png: NetCanvas で読み込める画像ファイル"
        "（PNG、JPEG、BMP、GIF、TIFF、WebP、PPM、PGM）ではありません",
    ),
    (
        bad_labels,
        "labels.csv row 2, column y:label: 'notalabel' is not a class index; class labels are"
        " integers from 0 (0, 1, 2, ...)",
        "labels.csv の 2 行目、列 y:label: 'notalabel' はクラス番号ではありません。クラスのラベルは"
        " 0 から始まる整数（0, 1, 2, …）にしてください",
    ),
    (
        duplicated_column,
        "dup.csv: the header names a column twice (x, x, y)",
        "dup.csv: ヘッダーに同じ列名が 2 回あります（x, x, y）",
    ),
]


@pytest.mark.parametrize(("build", "english", "japanese"), BROKEN)
def test_broken_uploads_read_in_japanese_and_keep_their_english(
    tmp_path: Path, build: Callable[[Path], Path], english: str, japanese: str
) -> None:
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(build(tmp_path)))
    error = caught.value
    message, problems = error.localised("ja")
    assert str(error).startswith(english)  # the English is what it always was
    assert message.startswith(japanese) and problems[0].startswith(japanese)
    assert has_japanese(message) and message != str(error)
    assert all(code != "dataset.other" for code, _ in error.coded)


def test_inspect_lang_ja_prints_the_problems_in_japanese(tmp_path: Path) -> None:
    command = ["-m", "worker.datasets.inspect", str(leaving_path(tmp_path)), "--lang", "ja"]
    run = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 1
    answer = json.loads(run.stdout)
    assert answer["error"] == BROKEN[0][2] and answer["problems"] == [BROKEN[0][2]]


def inspect(path: Path, lang: str) -> tuple[int, dict[str, Any]]:
    command = ["-m", "worker.datasets.inspect", str(path), "--lang", lang]
    run = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, cwd=ROOT, check=False
    )
    answer: dict[str, Any] = json.loads(run.stdout)
    return run.returncode, answer


def test_inspect_lists_each_bad_label_by_row_in_english_and_japanese(tmp_path: Path) -> None:
    path = bad_labels(tmp_path)
    (en_status, en), (ja_status, ja) = inspect(path, "en"), inspect(path, "ja")
    assert en_status == ja_status == 1
    why = "is not a class index; class labels are integers from 0 (0, 1, 2, ...)"
    assert en["problems"] == [
        f"labels.csv row 2, column y:label: 'notalabel' {why}",
        f"labels.csv row 3, column y:label: '-1' {why}",
        f"labels.csv row 4, column y:label: '1.5' {why}",
    ]
    ja_why = (
        "はクラス番号ではありません。クラスのラベルは 0 から始まる整数（0, 1, 2, …）にしてください"
    )
    assert ja["problems"] == [
        f"labels.csv の 2 行目、列 y:label: 'notalabel' {ja_why}",
        f"labels.csv の 3 行目、列 y:label: '-1' {ja_why}",
        f"labels.csv の 4 行目、列 y:label: '1.5' {ja_why}",
    ]
    assert en["codes"] == ja["codes"] == ["dataset.label_not_index"] * 3


def test_inspect_accepts_a_gap_in_the_labels_with_a_warning_in_each_language(
    tmp_path: Path,
) -> None:
    path = gap_in_labels(tmp_path)
    (en_status, en), (ja_status, ja) = inspect(path, "en"), inspect(path, "ja")
    assert en_status == ja_status == 0
    assert en["info"]["class_names"] == ["0", "1", "2", "3"]
    params = {"label": "gap.csv", "highest": 3, "classes": "2"}
    assert en["info"]["warnings"] == [
        {
            "code": "dataset.class_unused",
            "message": "gap.csv: no row has the label 2; y:label holds class indices, so the"
            " classes are 0 to 3 and class 2 is never learnt",
            "params": params,
        }
    ]
    assert ja["info"]["warnings"] == [
        {
            "code": "dataset.class_unused",
            "message": "gap.csv: ラベル 2 の行がありません。y:label はクラス番号なので、クラスは"
            " 0〜3 となり、クラス 2 は学習されません",
            "params": params,
        }
    ]
    assert en["preview"]["class_counts"]["train"]["2"] == 0


def _calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Call)]


def test_no_dataset_error_is_raised_as_plain_text() -> None:
    """Every DatasetError comes from `DatasetError.of(code, ...)`; only base.py builds its own."""
    plain: list[tuple[str, int, str]] = []
    for path in sorted(DATASETS.glob("*.py")):
        if path.name == "base.py":
            continue
        for call in _calls(path):
            func = call.func
            direct = isinstance(func, ast.Name) and func.id == "DatasetError"
            text = bool(call.args) and isinstance(call.args[0], ast.JoinedStr | ast.Constant)
            added = isinstance(func, ast.Attribute) and func.attr == "add" and text
            if direct or (added and not _is_code(call.args[0])):
                plain.append((path.name, call.lineno, ast.unparse(call)[:80]))
    listed = "\n".join(f"{name}:{line}: {call}" for name, line, call in sorted(plain))
    assert plain == [], "use DatasetError.of(code, ...) or Problems.add(code, ...):\n" + listed


def _is_code(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in MESSAGES


def test_every_code_raised_is_a_message_given_its_placeholders() -> None:
    """`.of("dataset.x", ...)` and `.add("dataset.x", ...)`: a known code, all its placeholders."""
    for path in sorted(DATASETS.glob("*.py")):
        for call in _calls(path):
            func, args = call.func, call.args
            if not (isinstance(func, ast.Attribute) and func.attr in ("of", "add") and args):
                continue
            if not (isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
                continue
            code, where = args[0].value, f"{path.name}:{call.lineno}"
            assert code in MESSAGES, where
            given = {k.arg for k in call.keywords}
            if None not in given:  # no **params, so every name is in the call
                assert placeholders(MESSAGES[code][0]) <= given, where
