"""Small files made in the tests: PNGs, zips, IDX and CIFAR-10 binary batches."""

from __future__ import annotations

import gzip
import io
import stat
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from PIL import Image


def png(value: int, size: tuple[int, int] = (8, 8), mode: str = "L") -> bytes:
    """A PNG of one colour; `value` fills every channel."""
    colour: int | tuple[int, ...] = value if mode in ("L", "1") else (value,) * len(mode)
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def write_zip(
    path: Path, members: Mapping[str, bytes | str], links: dict[str, str] | None = None
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def image_csv_zip(path: Path, rows: list[tuple[str, str]], images: dict[str, bytes]) -> Path:
    """A zip with data/train.csv (x:image,y:label) and images under data/."""
    text = "x:image,y:label\n" + "".join(f"{x},{y}\n" for x, y in rows)
    members: dict[str, bytes | str] = {"data/train.csv": text}
    members |= {f"data/{name}": data for name, data in images.items()}
    return write_zip(path, members)


def idx(array: np.ndarray, compress: bool = True) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim)
    header += b"".join(struct.pack(">I", d) for d in array.shape)
    data = header + array.astype(np.uint8).tobytes()
    return gzip.compress(data) if compress else data


def idx_files(seed: int = 0, n_train: int = 12, n_test: int = 5) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28)),
        "train-labels-idx1-ubyte": np.arange(n_train) % 10,
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28)),
        "t10k-labels-idx1-ubyte": np.arange(n_test) % 10,
    }


def cifar_batch(n: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) % 10).astype(np.uint8)
    pixels = rng.integers(0, 256, (n, 3072)).astype(np.uint8)
    return np.concatenate([labels[:, None], pixels], axis=1).tobytes()


CIFAR_NAMES = [*(f"data_batch_{i}.bin" for i in range(1, 6)), "test_batch.bin"]


def cifar_files(per_batch: int = 3) -> dict[str, bytes]:
    return {name: cifar_batch(per_batch, i) for i, name in enumerate(CIFAR_NAMES)}
