"""gzip and tarfile errors of the original public files, read by the real loader, in our
words (`archive.*` filled into `dataset.not_gzip` / `dataset.not_tar`) in both languages;
and `archive.why`'s fallback, which never quotes a library's text (nor the path in it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netcanvas.messages import render
from worker.datasets import DatasetError, load_dataset
from worker.datasets.archives import why

from .helpers import cifar_files, idx, idx_files
from .test_public import cifar_tar


def refused(path: Path) -> DatasetError:
    with pytest.raises(DatasetError) as caught:
        load_dataset(str(path))
    return caught.value


def idx_folder(folder: Path, broken: bytes) -> Path:
    """MNIST-style .gz files, train-images' being `broken`."""
    files = idx_files()
    for name, array in files.items():
        data = broken if name == "train-images-idx3-ubyte" else idx(np.asarray(array))
        (folder / f"{name}.gz").write_bytes(data)
    return folder


def test_a_gzip_cut_short_is_named_in_both_languages(tmp_path: Path) -> None:
    whole = idx(np.asarray(idx_files()["train-images-idx3-ubyte"]))
    error = refused(idx_folder(tmp_path, whole[: len(whole) // 2]))
    name = "train-images-idx3-ubyte.gz"
    assert error.coded == [("dataset.not_gzip", {
        "name": name, "error": {"code": "archive.truncated", "params": {}}
    })]  # fmt: skip
    assert str(error) == (
        f"{name}: not a readable gzip file (the file is cut short: it ends before the archive "
        "does (was the upload or download interrupted?))"
    )
    assert error.localised("ja")[0] == (
        f"{name}: 読み込める gzip ファイルではありません（ファイルが途中で切れています"
        "（アップロードやダウンロードが途中で止まりませんでしたか？））"
    )


def test_a_gz_file_that_is_no_gzip_at_all_says_so(tmp_path: Path) -> None:
    error = refused(idx_folder(tmp_path, b"just some text, not gzip"))
    ((code, params),) = error.coded
    assert code == "dataset.not_gzip" and params["error"] == {"code": "archive.not_one",
                                                              "params": {}}  # fmt: skip
    assert str(error).endswith("(its content is not in this format at all)")
    assert error.localised("ja")[0].endswith("（中身がこの形式ではありません）")
    assert "gzipped" not in str(error)


def test_a_tarball_cut_short_is_named_in_both_languages(tmp_path: Path) -> None:
    whole = cifar_tar(cifar_files(2))
    tarball = tmp_path / "cifar-10-binary.tar.gz"
    tarball.write_bytes(whole[: len(whole) // 2])
    error = refused(tarball)
    assert error.coded == [("dataset.not_tar", {
        "name": tarball.name, "error": {"code": "archive.truncated", "params": {}}
    })]  # fmt: skip
    assert str(error).startswith(f"{tarball.name}: not a readable tar archive (the file is cut")
    assert error.localised("ja")[0].startswith(
        f"{tarball.name}: 読み込める tar アーカイブではありません（ファイルが途中で切れています"
    )


def test_an_error_of_no_known_kind_is_named_without_its_text_or_path(tmp_path: Path) -> None:
    missing = tmp_path / "secret-server-folder" / "x.bin"
    try:
        missing.read_bytes()
    except OSError as error:
        reason = why(error)
    assert reason == {"code": "archive.unreadable", "params": {}}
    params = {"label": "up.zip", "name": "x.bin", "error": reason}
    assert render("dataset.cannot_read", params) == (
        "up.zip: cannot read 'x.bin' (the file could not be read)"
    )
    assert render("dataset.cannot_read", params, "ja") == (
        "up.zip: ファイル 'x.bin' を読み込めません（ファイルを読み込めませんでした）"
    )
    unreadable = {"kind": "ValueError", "error": why(ValueError(f"bad thing in {missing}"))}
    assert str(tmp_path) not in render("dataset.unreadable", unreadable, "ja")
