"""Fixtures shared by the tests."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests import graphs

# Starlette's TestClient asks for the host "testserver": the service's tests allow it beside
# the loopback names (the servers the end-to-end tests start are asked on 127.0.0.1).
os.environ.setdefault("NETCANVAS_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")


@pytest.fixture
def lenet() -> dict[str, Any]:
    return graphs.lenet()
