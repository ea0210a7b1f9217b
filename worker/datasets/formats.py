"""Readers for the public image sets' original file formats, from bytes.

IDX (MNIST, Fashion-MNIST): a 4-byte magic number (two zero bytes, a type
code, the number of axes), one big-endian uint32 per axis, then the values.
CIFAR-10's binary version: records of one label byte and 3,072 pixel bytes,
the red, green and blue planes of a 32×32 image, so a record is already
channels-first. Its Python version is a pickle, which NetCanvas never reads.
"""

from __future__ import annotations

import gzip
import zlib

import numpy as np
import numpy.typing as npt

from .archives import why
from .base import DatasetError

U8 = npt.NDArray[np.uint8]
IDX_UBYTE = 0x08
CIFAR_RECORD = 1 + 3 * 32 * 32


def gunzip_if_needed(data: bytes, name: str) -> bytes:
    if not name.endswith(".gz"):
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise DatasetError.of("dataset.not_gzip", name=name, error=why(error)) from None


def read_idx(data: bytes, name: str, ndim: int) -> U8:
    """An IDX file of unsigned bytes with `ndim` axes, as an array of that shape."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise DatasetError.of("dataset.idx_magic", name=name)
    if data[2] != IDX_UBYTE or data[3] != ndim:
        raise DatasetError.of(
            "dataset.idx_type", name=name, ndim=ndim, type=f"0x{data[2]:02x}", found=data[3]
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise DatasetError.of("dataset.idx_header", name=name)
    shape = tuple(int(d) for d in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape))
    if len(data) != expected:
        raise DatasetError.of(
            "dataset.idx_size", name=name, shape=shape, expected=expected, size=len(data)
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def idx_pair(images: U8, labels: U8, names: tuple[str, str]) -> tuple[U8, U8]:
    """Images (N, 1, H, W) and labels (N,), checked to have the same N."""
    if len(images) != len(labels):
        raise DatasetError.of(
            "dataset.idx_count",
            images=names[0],
            image_count=len(images),
            labels=names[1],
            label_count=len(labels),
        )
    return images[:, None], labels


def read_cifar(data: bytes, name: str) -> tuple[U8, U8]:
    """Images (N, 3, 32, 32) and labels (N,) from one CIFAR-10 binary batch file."""
    if len(data) == 0 or len(data) % CIFAR_RECORD:
        raise DatasetError.of("dataset.cifar_size", name=name, size=len(data), record=CIFAR_RECORD)
    records = np.frombuffer(data, dtype=np.uint8).reshape(-1, CIFAR_RECORD)
    labels = records[:, 0].copy()
    if labels.max() > 9:
        raise DatasetError.of("dataset.cifar_label", name=name, label=int(labels.max()))
    return records[:, 1:].reshape(-1, 3, 32, 32), labels


def cifar_class_names(text: str | None, default: tuple[str, ...]) -> list[str]:
    """The names in batches.meta.txt, one a line, when the file has ten of them."""
    names = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return names if len(names) == len(default) else list(default)
