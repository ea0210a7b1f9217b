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

    .venv/bin/python bench/hostile_inputs.py [--rounds 5]
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


def reader(path: Path, data: Path) -> tuple[float, float, str]:
    """Peak memory (MB) and seconds of one run of the upload reader, and its answer's code."""
    env = {**os.environ, "NETCANVAS_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "worker.datasets.inspect", str(path), "--memory-mb", "6144"]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE)
    output = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    answer = json.loads(output)
    return usage.ru_maxrss / 1024, seconds, str(answer.get("code", "accepted"))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        os.environ.setdefault("NETCANVAS_DATA_DIR", data)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(data) / 'bench.db'}")
        validation(args.rounds)
        uploads(args.rounds)


if __name__ == "__main__":
    main()
