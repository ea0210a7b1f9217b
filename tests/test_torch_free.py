"""The API and the core never import torch: the service image stays small and starts fast."""

from __future__ import annotations

import subprocess
import sys

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
