"""Public sets: download through a mirror on 127.0.0.1, checksums, and the user's own files."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import http.server
import io
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch

from worker.datasets import DatasetError, load_dataset, public
from worker.datasets.download import Remote

from .helpers import CIFAR_NAMES, cifar_files, idx, idx_files


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder served at http://127.0.0.1:<port>/, set as NETCANVAS_DATASET_MIRROR."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NETCANVAS_DATASET_MIRROR", f"http://127.0.0.1:{server.server_port}/")
    yield folder
    server.shutdown()
    server.server_close()


def publish(
    folder: Path, name: str, files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve tiny files as `name` and make the known sizes and sha256s theirs."""
    (folder / name).mkdir()
    remotes = []
    for filename, data in files.items():
        (folder / name / filename).write_bytes(data)
        remotes.append(Remote(filename, len(data), sha256=hashlib.sha256(data).hexdigest()))
    spec = dataclasses.replace(public.PUBLIC[name], files=tuple(remotes))
    monkeypatch.setitem(public.PUBLIC, name, spec)


def mnist_gz() -> dict[str, bytes]:
    return {f"{name}.gz": idx(array) for name, array in idx_files().items()}


def cifar_tar(files: dict[str, bytes], folder: str = "cifar-10-batches-bin") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in {**files, "batches.meta.txt": b"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"}.items():
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_download_mnist_through_the_mirror(
    mirror: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(mirror, "mnist", mnist_gz(), monkeypatch)
    data = load_dataset("mnist")
    assert data.sizes == {"train": 12, "validation": 5}  # the official test set validates
    assert data.sample_shape == (1, 28, 28) and data.num_classes == 10
    expected = idx_files()["t10k-images-idx3-ubyte"] / 255.0
    assert torch.allclose(data.x_val[:, 0].double(), torch.from_numpy(expected))
    downloaded = sorted(p.name for p in (data_dir / "downloads" / "mnist").iterdir())
    assert downloaded == sorted(mnist_gz())  # no temporary file left beside them
    for file in (mirror / "mnist").iterdir():  # a second load downloads nothing
        file.unlink()
    assert torch.equal(load_dataset("mnist").x_train, data.x_train)


def test_download_cifar10_tarball(mirror: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    publish(mirror, "cifar10", {"cifar-10-binary.tar.gz": cifar_tar(cifar_files())}, monkeypatch)
    data = load_dataset("cifar10")
    assert data.sizes == {"train": 15, "validation": 3}
    assert data.sample_shape == (3, 32, 32) and data.class_names[:3] == ["a", "b", "c"]
    first = np.frombuffer(cifar_files()["test_batch.bin"][:3073], dtype=np.uint8)
    assert data.y_val[0] == first[0]
    assert torch.allclose(data.x_val[0].flatten().double(), torch.from_numpy(first[1:] / 255.0))


def test_checksum_mismatch_keeps_nothing(
    mirror: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(mirror, "mnist", mnist_gz(), monkeypatch)
    spec = public.PUBLIC["mnist"]
    bad = dataclasses.replace(spec.files[0], sha256="0" * 64)
    monkeypatch.setitem(
        public.PUBLIC, "mnist", dataclasses.replace(spec, files=(bad, *spec.files[1:]))
    )
    with pytest.raises(DatasetError) as error:
        load_dataset("mnist")
    assert "could not download train-images-idx3-ubyte.gz" in str(error.value)
    assert "sha256" in str(error.value) and "NETCANVAS_DATASET_MIRROR" in str(error.value)
    assert list((data_dir / "downloads" / "mnist").iterdir()) == []


def test_unreachable_mirror_names_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETCANVAS_DATASET_MIRROR", "http://127.0.0.1:9")
    with pytest.raises(DatasetError, match=r"http://127.0.0.1:9/fashion_mnist/train-images"):
        load_dataset("fashion_mnist")


def test_official_urls_without_a_mirror() -> None:
    urls = public.urls(public.PUBLIC["cifar10"], "cifar-10-binary.tar.gz")
    assert urls == ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"]


@pytest.mark.parametrize("compressed", [True, False])
def test_idx_folder(tmp_path: Path, compressed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "Fashion" / "raw"
    folder.mkdir(parents=True)
    for name, array in idx_files(seed=2).items():
        filename = f"{name}.gz" if compressed else name.replace("-idx", ".idx")
        (folder / filename).write_bytes(idx(array, compressed))
    data = load_dataset(str(tmp_path / "Fashion"))
    assert data.name == "fashion_mnist" and data.class_names[0] == "T-shirt/top"
    assert data.sizes == {"train": 12, "validation": 5}

    def refuse(*args: object) -> None:
        raise AssertionError("decoded again despite the cache")

    monkeypatch.setattr(public, "read_idx", refuse)
    assert torch.equal(load_dataset(str(tmp_path / "Fashion")).x_val, data.x_val)


def test_idx_folder_missing_a_file(tmp_path: Path) -> None:
    for name, array in idx_files().items():
        if name != "t10k-labels-idx1-ubyte":
            (tmp_path / name).write_bytes(idx(array, False))
    with pytest.raises(DatasetError, match="not: t10k-labels"):
        load_dataset(str(tmp_path))


def test_idx_counts_must_agree(tmp_path: Path) -> None:
    files = idx_files()
    files["train-labels-idx1-ubyte"] = files["train-labels-idx1-ubyte"][:-1]
    for name, array in files.items():
        (tmp_path / name).write_bytes(idx(array, False))
    with pytest.raises(DatasetError, match="has 12 images but train-labels-idx1-ubyte has 11"):
        load_dataset(str(tmp_path))


def test_cifar_binary_folder_and_tarball(tmp_path: Path) -> None:
    folder = tmp_path / "cifar-10-batches-bin"
    folder.mkdir()
    for name, data in cifar_files(2).items():
        (folder / name).write_bytes(data)
    from_folder = load_dataset(str(tmp_path))
    assert from_folder.name == "cifar10" and from_folder.sizes == {"train": 10, "validation": 2}
    assert from_folder.class_names[0] == "airplane"
    tarball = tmp_path / "cifar-10-binary.tar.gz"
    tarball.write_bytes(cifar_tar(cifar_files(2)))
    assert torch.equal(load_dataset(str(tarball)).x_train, from_folder.x_train)


def test_cifar_pickle_version_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    (folder / "data_batch_1").write_bytes(b"\x80\x04pickle")
    with pytest.raises(DatasetError, match="never unpickles"):
        load_dataset(str(folder))
    tarball = tmp_path / "cifar-10-python.tar.gz"
    tarball.write_bytes(cifar_tar({"data_batch_1": b"x"}, "cifar-10-batches-py"))
    with pytest.raises(DatasetError, match="never unpickles"):
        load_dataset(str(tarball))


def test_truncated_cifar_batch(tmp_path: Path) -> None:
    files = cifar_files(2)
    files[CIFAR_NAMES[0]] = files[CIFAR_NAMES[0]][:-1]
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(DatasetError, match=r"data_batch_1\.bin: 6145 bytes is not a whole number"):
        load_dataset(str(tmp_path))
