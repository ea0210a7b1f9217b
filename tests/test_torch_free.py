"""The API and the core never import torch: the service image stays small and starts fast.
Nor does the upload reader the API runs: importing torch took most of an upload's time."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from PIL import Image

CHECK = """
import sys
import netcanvas_cli.main, netcanvas.graph, netcanvas.layers, netcanvas.validation
import netcanvas.samples
import backend.app
backend.app.create_app()
from netcanvas.layers import catalogue
catalogue()
leaked = sorted(name for name in sys.modules if name == "torch" or name.startswith("torch."))
print(leaked)
"""


def test_core_and_api_import_without_torch() -> None:
    run = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def _reader_imports(ref: Path, data_dir: Path, *args: str) -> tuple[dict[str, Any], list[str]]:
    """What `python -m worker.datasets.inspect REF` (as the API runs it) answers, and the
    top-level modules it imported (`-X importtime` lists every import on stderr)."""
    command = [sys.executable, "-X", "importtime", "-m", "worker.datasets.inspect", str(ref)]
    env = {**os.environ, "NETCANVAS_DATA_DIR": str(data_dir)}
    run = subprocess.run([*command, *args], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [line.split("|")[-1] for line in run.stderr.splitlines() if "|" in line]
    return json.loads(run.stdout), sorted({line.strip().split(".")[0] for line in lines})


def test_the_upload_reader_never_imports_torch(tmp_path: Path) -> None:
    images = tmp_path / "digits.zip"
    with zipfile.ZipFile(images, "w") as archive:
        archive.writestr("data/train.csv", "x:image,y:label\n"
                         + "".join(f"img/{i}.png,{i % 2}\n" for i in range(10)))  # fmt: skip
        for i in range(10):
            buffer = io.BytesIO()
            Image.new("L", (8, 8), 20 * i).save(buffer, format="PNG")
            archive.writestr(f"data/img/{i}.png", buffer.getvalue())
    table = tmp_path / "pairs.csv"
    rows = "".join(f"{i},{i * 2},{10 + i},{i % 2},{'ab'[i % 2]}\n" for i in range(10))
    table.write_text("x__0,x__1,x2:size,y:label,y2:kind\n" + rows)
    for ref, args in ((images, ["--test-fraction", "0.2"]), (images, []), (table, [])):
        answer, modules = _reader_imports(ref, tmp_path / "data", *args)  # the zip: then cached
        assert "info" in answer and answer["preview"]["samples"], answer
        assert "numpy" in modules and "torch" not in modules
    assert answer["info"]["more_inputs"] == {"x2": [1]}  # the CSV's x2 column was read
