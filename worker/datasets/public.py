"""MNIST, Fashion-MNIST and CIFAR-10: downloaded and cached, or read from a user's own files.

Downloads go to `<data dir>/downloads/<name>/` (see `cache.data_dir`), from the
official locations or from `$NETCANVAS_DATASET_MIRROR/<name>/<file>` when that
is set (a local mirror for offline machines). The same original files work
from a folder: the four IDX files (`train-images-idx3-ubyte[.gz]`, ...) or
CIFAR-10's binary batches (`data_batch_1.bin` ... `test_batch.bin`), or
`cifar-10-binary.tar.gz` itself. The official test set is the validation set.
Decoded images are cached as uint8 tensors keyed by the files' sha256.
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from netcanvas.datasets import CIFAR10_NAMES, DIGIT_NAMES, FASHION_NAMES
from netcanvas.messages import message

from . import cache
from .archives import why
from .base import DatasetError
from .download import Remote, download
from .formats import cifar_class_names, gunzip_if_needed, idx_pair, read_cifar, read_idx
from .prepare import Decoded

MIRROR_ENV = "NETCANVAS_DATASET_MIRROR"
IDX_ROLES = ("train-images", "train-labels", "t10k-images", "t10k-labels")
CIFAR_TRAIN = tuple(f"data_batch_{i}.bin" for i in range(1, 6))
CIFAR_FILES = (*CIFAR_TRAIN, "test_batch.bin")
CIFAR_META = "batches.meta.txt"


@dataclass(frozen=True)
class PublicSet:
    name: str
    kind: Literal["idx", "cifar"]
    bases: tuple[str, ...]  # official locations, tried in order
    files: tuple[Remote, ...]
    class_names: tuple[str, ...]


def _idx_files(
    sizes: tuple[int, int, int, int], md5s: tuple[str, str, str, str]
) -> tuple[Remote, ...]:
    names = (
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    )
    return tuple(
        Remote(f"{name}.gz", size, md5=md5)
        for name, size, md5 in zip(names, sizes, md5s, strict=True)
    )


# Sizes and MD5s are the ones the datasets' authors publish.
PUBLIC: dict[str, PublicSet] = {
    "mnist": PublicSet(
        "mnist",
        "idx",
        ("https://ossci-datasets.s3.amazonaws.com/mnist/", "https://yann.lecun.com/exdb/mnist/"),
        _idx_files(
            (9912422, 28881, 1648877, 4542),
            (
                "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                "d53e105ee54ea40749a09fcbcd1e9432",
                "9fb629c4189551a2d022fa330f9573f3",
                "ec29112dd5afa0611ce80d1b7f02629c",
            ),
        ),
        DIGIT_NAMES,
    ),
    "fashion_mnist": PublicSet(
        "fashion_mnist",
        "idx",
        (
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
        ),
        _idx_files(
            (26421880, 29515, 4422102, 5148),
            (
                "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                "25c81989df183df01b3e8a0aad5dffbe",
                "bef4ecab320f06d8554ea6380940ec79",
                "bb300cfdad3c16e7a12a480ee83cd310",
            ),
        ),
        FASHION_NAMES,
    ),
    "cifar10": PublicSet(
        "cifar10",
        "cifar",
        ("https://www.cs.toronto.edu/~kriz/",),
        (Remote("cifar-10-binary.tar.gz", 170052171, md5="c32a1d4ab5d03f1284b67883e8d87530"),),
        CIFAR10_NAMES,
    ),
}


def urls(spec: PublicSet, filename: str) -> list[str]:
    """Where to fetch a file: the mirror alone when one is set, else the official bases."""
    mirror = os.environ.get(MIRROR_ENV, "").strip()
    if mirror:
        return [f"{mirror.rstrip('/')}/{spec.name}/{filename}"]
    return [base + filename for base in spec.bases]


def load_public(name: str, root: Path) -> Decoded:
    """Download what is missing into the data folder, then decode (or read the cache)."""
    spec = PUBLIC[name]
    folder = root / "downloads" / name
    hint = message("dataset.mirror_hint", env=MIRROR_ENV, name=name)
    paths = []
    for remote in spec.files:
        path = folder / remote.filename
        if not path.is_file() or (remote.size is not None and path.stat().st_size != remote.size):
            download(urls(spec, remote.filename), path, remote, hint=hint)
        paths.append(path)
    if spec.kind == "cifar":
        return _cached(root, "cifar10", paths, lambda: _cifar_from_tar(paths[0]))
    files = dict(zip(IDX_ROLES, paths, strict=True))
    return _cached(root, name, paths, lambda: _idx(files, spec.class_names))


def load_files(path: Path, root: Path) -> tuple[str, Decoded] | None:
    """A folder of original files (or CIFAR-10's binary tarball): its name and samples.

    None when `path` holds neither IDX files nor CIFAR-10 batches.
    """
    if path.is_file():
        if not tarfile.is_tarfile(path):
            return None
        return "cifar10", _cached(root, "cifar10", [path], lambda: _cifar_from_tar(path))
    idx = _find_idx(path)
    if idx is not None:
        # MNIST and Fashion-MNIST files share names: the folder's name tells them apart
        fashion = any("fashion" in part.lower() for part in path.resolve().parts[-2:])
        name = "fashion_mnist" if fashion else "mnist"
        names = PUBLIC[name].class_names
        return name, _cached(root, name, list(idx.values()), lambda: _idx(idx, names))
    folder = _find_cifar(path)
    if folder is None:
        return None
    files = [folder / n for n in CIFAR_FILES]
    return "cifar10", _cached(root, "cifar10", files, lambda: _cifar_from_folder(folder))


def _cached(root: Path, name: str, paths: list[Path], decode: Callable[[], Decoded]) -> Decoded:
    key = cache.cache_key("public", name, *(cache.sha256_file(p) for p in paths))
    decoded = cache.load(root, key)
    if decoded is None:
        decoded = decode()
        cache.store(root, key, decoded)
    return decoded


def _find_idx(folder: Path) -> dict[str, Path] | None:
    """The four IDX files under their usual names (`.gz` or not, `-idx` or `.idx`)."""
    for where in (folder, folder / "raw"):
        found = {}
        for role in IDX_ROLES:
            ndim = 3 if role.endswith("images") else 1
            stems = (f"{role}-idx{ndim}-ubyte", f"{role}.idx{ndim}-ubyte")
            hits = [where / f"{s}{gz}" for s in stems for gz in ("", ".gz")]
            found[role] = next((p for p in hits if p.is_file()), None)
        present = {role: p for role, p in found.items() if p is not None}
        if len(present) == len(IDX_ROLES):
            return present
        if present:
            missing = ", ".join(r for r in IDX_ROLES if r not in present)
            raise DatasetError.of("dataset.idx_missing", where=str(where), missing=missing)
    return None


def _idx(files: dict[str, Path], default_names: tuple[str, ...]) -> Decoded:
    arrays = {}
    for role, path in files.items():
        data = gunzip_if_needed(path.read_bytes(), path.name)
        arrays[role] = read_idx(data, path.name, 3 if role.endswith("images") else 1)
    names = {role: path.name for role, path in files.items()}
    x, y = idx_pair(
        arrays["train-images"],
        arrays["train-labels"],
        (names["train-images"], names["train-labels"]),
    )
    xv, yv = idx_pair(
        arrays["t10k-images"], arrays["t10k-labels"], (names["t10k-images"], names["t10k-labels"])
    )
    if x.shape[1:] != xv.shape[1:]:
        raise DatasetError.of(
            "dataset.idx_image_sizes",
            train=names["train-images"],
            train_shape=list(x.shape[2:]),
            test=names["t10k-images"],
            test_shape=list(xv.shape[2:]),
        )
    classes = int(max(y.max(initial=0), yv.max(initial=0))) + 1
    class_names = (
        list(default_names) if classes <= len(default_names) else [str(i) for i in range(classes)]
    )
    return Decoded("classification", x, y.astype(np.int64), class_names, xv, yv.astype(np.int64))


def _find_cifar(folder: Path) -> Path | None:
    for where in (folder, folder / "cifar-10-batches-bin"):
        if all((where / n).is_file() for n in CIFAR_FILES):
            return where
        if (where / "data_batch_1").is_file() or (where / "cifar-10-batches-py").is_dir():
            raise DatasetError.of("dataset.cifar_pickle", where=str(where))
        if (where / CIFAR_FILES[0]).is_file():
            missing = ", ".join(n for n in CIFAR_FILES if not (where / n).is_file())
            raise DatasetError.of("dataset.cifar_missing", where=str(where), missing=missing)
    return None


def _cifar_from_folder(folder: Path) -> Decoded:
    meta = folder / CIFAR_META
    text = meta.read_text(errors="replace") if meta.is_file() else None
    return _cifar({n: (folder / n).read_bytes() for n in CIFAR_FILES}, text)


def _cifar_from_tar(path: Path) -> Decoded:
    """Read the six batches straight from the archive, in one pass; nothing is extracted."""
    wanted = {*CIFAR_FILES, CIFAR_META}
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:*") as archive:
            for member in archive:
                base = member.name.rsplit("/", 1)[-1]
                if "cifar-10-batches-py" in member.name or base == "data_batch_1":
                    raise DatasetError.of("dataset.cifar_pickle", where=path.name)
                if member.isreg() and base in wanted and base not in found:
                    stream = archive.extractfile(member)
                    if stream is not None:
                        found[base] = stream.read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise DatasetError.of("dataset.not_tar", name=path.name, error=why(error)) from None
    missing = [n for n in CIFAR_FILES if n not in found]
    if missing:
        raise DatasetError.of(
            "dataset.not_cifar_binary", name=path.name, missing=", ".join(missing)
        )
    meta = found.get(CIFAR_META)
    return _cifar(found, meta.decode(errors="replace") if meta is not None else None)


def _cifar(batches: dict[str, bytes], meta: str | None) -> Decoded:
    train = [read_cifar(batches[n], n) for n in CIFAR_TRAIN]
    x_val, y_val = read_cifar(batches["test_batch.bin"], "test_batch.bin")
    x = np.concatenate([images for images, _ in train])
    y = np.concatenate([labels for _, labels in train])
    names = cifar_class_names(meta, CIFAR10_NAMES)
    return Decoded("classification", x, y.astype(np.int64), names, x_val, y_val.astype(np.int64))
