"""Benchmark: where the time of one dataset upload goes, side by side.

`POST /api/datasets` (the app in process, a TestClient, SQLite) of the digits zip (eight
8×8 PNGs) with 1 MiB of padding in it, as tests/service/test_user_limits.py uploads it;
beside it, on the same zip: the upload reader as the API runs it (`python -m
worker.datasets.inspect`, a fresh interpreter, which never imports torch), the same reader
importing torch first (what every upload paid before the reader went torch-free), a fresh
interpreter that only imports torch, and the reader's own work (`load_split`, `describe`,
`preview`, in this process). Medians of the rounds, wall clock; on a loaded machine the
imports' times swell most. After the first round every reading finds the zip's tensors in
the cache, as a second upload of the same zip does; decoding these eight PNGs takes
milliseconds either way.

    .venv/bin/python bench/upload_time.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PADDING = 1024 * 1024 + 70_000  # as tests/service/test_user_limits.py pads it
# The reader as it ran before it went torch-free: torch imported, then the same module.
TORCH_FIRST = """import runpy, sys, torch
sys.argv = ["inspect", *sys.argv[1:]]
runpy.run_module("worker.datasets.inspect", run_name="__main__")"""


def padded_zip(path: Path) -> Path:
    """Eight 8×8 PNGs in two classes (NNC's x:image,y:label CSV) and 1 MiB of padding."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/train.csv", "x:image,y:label\n"
                         + "".join(f"img/{i}.png,{i % 2}\n" for i in range(8)))  # fmt: skip
        for i in range(8):
            buffer = io.BytesIO()
            Image.new("L", (8, 8), 30 * i).save(buffer, format="PNG")
            archive.writestr(f"data/img/{i}.png", buffer.getvalue())
        archive.writestr("data/padding.bin", os.urandom(PADDING))
    return path


def timed(work: Callable[[], object], rounds: int) -> float:
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def python(*args: str) -> None:
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        os.environ["NETCANVAS_DATA_DIR"] = str(base / "data")
        os.environ["DATABASE_URL"] = f"sqlite:///{base / 'bench.db'}"
        upload = padded_zip(base / "padded.zip")

        from fastapi.testclient import TestClient

        from backend.app import create_app

        with TestClient(create_app(), base_url="http://127.0.0.1") as client:

            def post() -> None:
                with upload.open("rb") as file:
                    answer = client.post("/api/datasets", files={"file": ("padded.zip", file)})
                assert answer.status_code == 201, answer.text

            whole = timed(post, args.rounds)
        reader = timed(lambda: python("-m", "worker.datasets.inspect", str(upload)), args.rounds)
        with_torch = timed(lambda: python("-c", TORCH_FIRST, str(upload)), args.rounds)
        torch_only = timed(lambda: python("-c", "import torch"), args.rounds)

        from worker.datasets import load_split
        from worker.datasets.inspect import describe, preview, shown

        def read() -> None:
            dataset = shown(load_split(str(upload)))
            describe(dataset), preview(dataset)

        work = timed(read, args.rounds)
        size = upload.stat().st_size
    print(f"{size / 2**20:.2f} MiB upload, medians of {args.rounds}")
    for name, seconds in (("POST /api/datasets", whole), ("the reader (a fresh Python)", reader),
                          ("the reader importing torch first", with_torch),
                          ("a fresh Python importing torch", torch_only),
                          ("the reader's work, in this process", work)):  # fmt: skip
        print(f"{name:<36} {seconds:7.3f} s  {seconds / whole:5.0%} of the upload")


if __name__ == "__main__":
    main()
