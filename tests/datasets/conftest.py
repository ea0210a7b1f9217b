"""Every dataset test gets its own data folder and no mirror, so nothing touches ~/.cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "netcanvas-data"
    monkeypatch.setenv("NETCANVAS_DATA_DIR", str(folder))
    monkeypatch.delenv("NETCANVAS_DATASET_MIRROR", raising=False)
    return folder
