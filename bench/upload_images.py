"""Benchmark: checking and converting an upload of 70,000 small PNGs, side by side with the old way.

The upload reader (`python -m worker.datasets.inspect ZIP`, as the API runs it, a fresh
interpreter and an empty cache each time) on zips of 28×28 digit PNGs drawn here with
Pillow (nothing downloaded), MNIST-sized: one folder per class, and NNC's CSV layout
(`x:image,y:label`). Beside this checkout's reader, round after round, runs the reader of
the baseline: the tree of `--baseline-rev` (default: main before the reader read small
members in one read and set Pillow's warning filter once a file set) exported with `git
archive`, or the checkout `--baseline DIR`. Both must answer the same JSON.

Each run is timed by its CPU time (user + system, from `os.wait4`), which other work on a
loaded machine inflates far less than the wall clock, and by the wall clock; printed: the
median with the spread (min-max) of the rounds, the peak memory, and the ratio of the
baseline's median to this one's.

    .venv/bin/python bench/upload_images.py [--rounds 3] [--files 70000]
        [--baseline DIR | --baseline-rev REV]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_REV = "ab9e395"  # main before this benchmark's changes to worker/datasets/
DRAWN = 2000  # distinct digits drawn; the zip repeats them (each file compressed on its own)


def digit_png(rng: random.Random, label: int) -> bytes:
    """A 28×28 gray PNG of `label` drawn in the default font, shifted and turned a little."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (56, 56), 0)
    font = ImageFont.load_default(size=rng.randint(30, 44))
    origin = (rng.randint(4, 16), rng.randint(-4, 6))
    ImageDraw.Draw(image).text(origin, str(label), fill=rng.randint(180, 255), font=font)
    turned = image.rotate(rng.uniform(-20, 20), resample=Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    turned.resize((28, 28), Image.Resampling.BILINEAR).save(buffer, format="PNG")
    return buffer.getvalue()


def digits_zip(path: Path, count: int, layout: str) -> Path:
    """`count` digit PNGs, deflated, in class folders (`mnist/3/17.png`) or listed by a CSV."""
    rng = random.Random(0)
    drawn = [digit_png(rng, i % 10) for i in range(DRAWN)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if layout == "csv":
            rows = "".join(f"img/{i}.png,{i % 10}\n" for i in range(count))
            archive.writestr("data/train.csv", "x:image,y:label\n" + rows)
        for i in range(count):
            name = f"data/img/{i}.png" if layout == "csv" else f"mnist/{i % 10}/{i}.png"
            archive.writestr(name, drawn[i % DRAWN])
    return path


@dataclass
class Run:
    cpu: float
    wall: float
    peak_mb: float
    answer: dict[str, object]


def reader(root: Path, upload: Path, data: Path) -> Run:
    """One run of the reader of the checkout at `root` (`-m` imports from the working
    folder first) on `upload`, with an empty cache."""
    env = {**os.environ, "NETCANVAS_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "worker.datasets.inspect", str(upload), "--memory-mb", "6144"]
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out)
        _, _, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        out.seek(0)
        answer = json.loads(out.read())
    cpu = usage.ru_utime + usage.ru_stime
    return Run(cpu, wall, usage.ru_maxrss / 1024, answer)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} s ({min(values):.2f}-{max(values):.2f})"


def compare(name: str, upload: Path, sides: dict[str, Path], rounds: int, base: Path) -> None:
    runs: dict[str, list[Run]] = {who: [] for who in sides}
    for round_ in range(rounds):
        for who, root in sides.items():  # alternated, so that load hits both alike
            runs[who].append(reader(root, upload, base / f"data-{who}-{round_}"))
    answers = {json.dumps(run.answer, sort_keys=True) for side in runs.values() for run in side}
    print(f"{name}: {upload.stat().st_size / 1e6:.1f} MB, the same answer from both: "
          f"{'yes' if len(answers) == 1 else 'NO'}")  # fmt: skip
    for who, side in runs.items():
        peak = statistics.median(run.peak_mb for run in side)
        print(f"  {who:<9} cpu {spread([r.cpu for r in side])}  "
              f"wall {spread([r.wall for r in side])}  peak {peak:5.0f} MB")  # fmt: skip
    for measure in ("cpu", "wall"):
        before = statistics.median(getattr(run, measure) for run in runs["baseline"])
        now = statistics.median(getattr(run, measure) for run in runs["this"])
        print(f"  {measure} ratio, baseline / this: {before / now:.2f}")


def exported(rev: str, folder: Path) -> Path:
    """The packages the reader imports, as they were at `rev`."""
    archive = subprocess.run(["git", "archive", rev, "worker", "netcanvas", "backend"],
                             cwd=ROOT, capture_output=True, check=True).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--files", type=int, default=70_000)
    parser.add_argument("--baseline", type=Path, help="a checkout whose reader runs beside")
    parser.add_argument("--baseline-rev", default=BASELINE_REV, help="else this commit's")
    parser.add_argument("--layout", choices=("folders", "csv"), action="append")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        baseline = args.baseline or exported(args.baseline_rev, base / "baseline")
        sides = {"baseline": baseline.resolve(), "this": ROOT}
        for layout in args.layout or ["folders", "csv"]:
            upload = digits_zip(base / f"{layout}.zip", args.files, layout)
            name = f"{args.files:,} PNGs of 28×28, {layout}"
            compare(name, upload, sides, args.rounds, base)


if __name__ == "__main__":
    main()
