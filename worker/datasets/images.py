"""Decoding an upload's sample files: images with Pillow, small CSV matrices for sequences.

Images become channels-first arrays: grayscale (and 1-bit, and gray with
alpha) one channel, everything else three (alpha dropped). 8-bit images stay
uint8 until `prepare.finish` scales them to 0..1, so the cache stores a
quarter of the bytes; 16-bit and float images are scaled here. All samples
of a dataset must have one shape; the error names the file that differs.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from netcanvas.messages import message

from . import csvrows
from .base import DatasetError, Problems, Where
from .prepare import Array

MAX_PIXELS = 4096 * 4096  # per image: a header that claims more is refused before decoding
MAX_DECODED = 2 << 30  # bytes of every sample of one file set together
# Files that fail to decode before the rest are left unchecked: Pillow tries each of its
# formats on a file it cannot identify (half a millisecond), and a zip may hold 100,000.
MAX_FAILED = 1000

GRAY_MODES = {"1", "L", "LA", "La"}
WIDE_GRAY_MODES = {"I", "I;16", "I;16L", "I;16B", "I;16N", "F"}


def fmt(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def image_problem(error: BaseException, kind: str | None) -> dict[str, Any]:
    """Why Pillow could not read an image of format `kind` ("PNG"; None when not known), as a
    message value: its own text is English and names an object's address in a worker."""
    if isinstance(error, UnidentifiedImageError):
        return message("image.unknown_format")
    named: Any = kind or message("image.some")
    text = str(error).lower()
    if "truncat" in text or "broken data stream" in text:
        return message("image.truncated", format=named)
    return message("image.broken", format=named)


def too_many_pixels(error: Exception) -> dict[str, Any]:
    """Pillow's decompression-bomb refusal (a warning made an error, or its error) as a
    message value: the pixels the image claims and Pillow's limit."""
    return message("image.too_many_pixels", pixels=_claimed(error),
                   limit=int(Image.MAX_IMAGE_PIXELS or MAX_PIXELS))  # fmt: skip


def decode_image(data: bytes, where: Where) -> Array:
    """(C, H, W): uint8 for 8-bit images, float32 in 0..1 for 16-bit and float ones."""
    with bombs_refused():
        return _decode_image(data, where)


@contextmanager
def bombs_refused() -> Iterator[None]:
    """Pillow's decompression-bomb warning raised as an error (`dataset.image_bomb`). Set
    once around many images (`decode_all`): `catch_warnings` costs more than a small PNG's
    own decoding takes in Python."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _decode_image(data: bytes, where: Where) -> Array:
    """`decode_image` inside `bombs_refused`."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DatasetError.of(
                    "dataset.image_pixels", where=where, width=width, height=height,
                    limit=MAX_PIXELS,
                )  # fmt: skip
            image.load()
            return _channels_first(image)
    except DatasetError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        # Pillow's own check, in Image.open, before ours sees the size: its text is English
        raise DatasetError.of("dataset.image_bomb", where=where, pixels=_claimed(error),
                              limit=MAX_PIXELS) from None  # fmt: skip
    except UnidentifiedImageError:
        # Pillow's "cannot identify image file" is English: say it ourselves
        raise DatasetError.of("dataset.not_image", where=where) from None
    except (OSError, SyntaxError, ValueError):  # a known format, but truncated or corrupt
        raise DatasetError.of("dataset.image_broken", where=where) from None


def _claimed(error: Exception) -> int:
    """The pixels Pillow's decompression-bomb text says the image has ("Image size
    (100000000 pixels) exceeds limit ..."); Pillow's limit, which it passes, if it says none."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else int(Image.MAX_IMAGE_PIXELS or MAX_PIXELS)


def _check_total(count: int, sample: Array, where: Where) -> None:
    """All `count` samples shaped like `sample` must fit in MAX_DECODED bytes together
    (as 32-bit floats, as training holds them), before any room is made for them."""
    needed = count * sample.size * 4
    if needed > MAX_DECODED:
        raise DatasetError.of(
            "dataset.too_much_data", where=where, count=count, shape=fmt(sample.shape),
            size=needed, limit=MAX_DECODED,
        )  # fmt: skip


def wide_gray(image: Image.Image) -> Array:
    """A 16-bit or float gray image (`WIDE_GRAY_MODES`) as float32 (H, W) in 0..1: 16-bit
    values over 65535, float ones as they are, clipped. Pillow's `convert("L")` would clip
    16-bit values at 255 instead (a dark 16-bit image turns white)."""
    scale = 1.0 if image.mode == "F" else 65535.0
    values: Array = np.clip(np.asarray(image, dtype=np.float32) / scale, 0.0, 1.0)
    return values


def _channels_first(image: Image.Image) -> Array:
    if image.mode in WIDE_GRAY_MODES:
        return wide_gray(image)[None]
    if image.mode == "P":  # a palette may be gray or colour; its alpha is dropped either way
        image = image.convert("RGBA")
    width, height = image.size
    if image.mode in GRAY_MODES:  # "L" as it is: convert("L") would copy it first
        gray = image if image.mode == "L" else image.convert("L")
        return np.frombuffer(gray.tobytes(), dtype=np.uint8).reshape(1, height, width)
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    pixels = np.frombuffer(rgb.tobytes(), dtype=np.uint8).reshape(height, width, 3)
    return np.ascontiguousarray(pixels.transpose(2, 0, 1))


def decode_matrix(data: bytes, where: Where) -> Array:
    """A CSV file of numbers, no header, as (rows, columns) float32: one sequence sample."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:  # Python's codec text is English: say it ourselves
        line = data.count(b"\n", 0, error.start) + 1
        raise DatasetError.of("dataset.matrix_not_utf8", where=where, line=line,
                              byte=error.start + 1) from None  # fmt: skip
    try:
        numbered = [(i, r) for i, r in enumerate(csvrows.rows(text), start=1) if r]
    except csvrows.NotCsv as error:  # the csv module's text is English: in our words
        raise DatasetError.of("dataset.not_matrix", where=where, line=error.line,
                              error=error.reason) from None  # fmt: skip
    try:
        values = np.asarray([r for _, r in numbered], dtype=np.float32)
    except ValueError:  # numpy's "could not convert string to float" is English
        _matrix_problem(numbered, where)
        raise DatasetError.of("dataset.not_rectangular", where=where) from None
    if values.ndim != 2 or values.size == 0 or not np.isfinite(values).all():
        raise DatasetError.of("dataset.not_rectangular", where=where)
    return values


def _matrix_problem(rows: list[tuple[int, list[str]]], where: Where) -> None:
    """Raise the first row (a line of the file) whose length differs from the first row's,
    or whose cell is no number, named by its row and column (both from 1)."""
    delimiter = csvrows.other_delimiter(rows[0][1])
    if delimiter is not None:  # "0.1;0.2" in one cell: saved with another delimiter
        raise DatasetError.of("dataset.matrix_delimiter", where=where, delimiter=delimiter)
    width = len(rows[0][1])
    for number, row in rows:
        if len(row) != width:
            raise DatasetError.of("dataset.matrix_row_length", where=where, row=number,
                                  found=len(row), expected=width)  # fmt: skip
        for column, cell in enumerate(row, start=1):
            try:
                float(cell)
            except ValueError:
                shown = cell.strip()
                quoted = f"'{shown[:40]}...'" if len(shown) > 40 else f"'{shown}'"
                value = quoted if shown else message("dataset.empty_value")
                raise DatasetError.of("dataset.matrix_not_number", where=where, row=number,
                                      column=column, value=value) from None  # fmt: skip


def decode_file(data: bytes, name: str, where: Where) -> Array:
    """A sample file by its name: a CSV matrix, else an image (inside `bombs_refused`)."""
    return (
        decode_matrix(data, where) if name.lower().endswith(".csv") else _decode_image(data, where)
    )


def decode_all(
    files: Sequence[tuple[str, Where]],
    read: Callable[[str], bytes],
    like: tuple[tuple[int, ...], Where] | None = None,
) -> Array:
    """Decode every (name, where) into one (N, *shape) array; all shapes must agree.

    Every file is tried, so the error lists each one that fails, not only the first.

    `like` is (shape, where) of a sample the result must match: the training
    set's, when decoding a validation file.
    """
    out: Array | None = None
    first: Where = like[1] if like else ""
    problems = Problems()
    failed = 0
    with bombs_refused():  # once for every file
        for i, (name, where) in enumerate(files):
            if failed == MAX_FAILED:
                problems.add("dataset.stopped_checking", failed=failed, left=len(files) - i)
                break
            try:
                sample = decode_file(read(name), name, where)
                if out is None:
                    if like is not None and sample.shape != like[0]:
                        _mismatch(where, sample.shape, first, like[0])
                    _check_total(len(files), sample, where)
                    out = np.empty((len(files), *sample.shape), dtype=sample.dtype)
                    first = first or where
                elif sample.shape != out.shape[1:]:
                    _mismatch(where, sample.shape, first, out.shape[1:])
            except DatasetError as error:
                problems.add_all(error.coded)
                failed += 1
                if error.coded[0][0] == "dataset.too_much_data":
                    break  # each file after it would be decoded only to be refused the same way
                continue
            if sample.dtype != out.dtype:  # an 8-bit image among 16-bit ones, or the reverse
                out, sample = _as_float(out), _as_float(sample)
            out[i] = sample
    problems.check()
    if out is None:
        return np.empty((0,), dtype=np.float32)
    return out


def _as_float(values: Array) -> Array:
    return values.astype(np.float32) / 255.0 if values.dtype == np.uint8 else values


def _mismatch(
    where: Where, shape: tuple[int, ...], first: Where, expected: tuple[int, ...]
) -> None:
    channels = shape[1:] == expected[1:] and len(shape) == 3
    raise DatasetError.of(
        "dataset.mixed_channels" if channels else "dataset.mixed_sizes",
        where=where,
        shape=fmt(shape),
        first=first,
        expected=fmt(expected),
    )
