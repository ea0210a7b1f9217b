"""Fixtures shared by the tests."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest

from tests import graphs

# Starlette's TestClient asks for the host "testserver": the service's tests allow it beside
# the loopback names (the servers the end-to-end tests start are asked on 127.0.0.1).
os.environ.setdefault("NETCANVAS_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

# Tests that build the app with the default settings (`create_app()` at import) get a data
# folder of their own per test process: never the checkout's `var/`, and never one that the
# two processes of pytest-xdist would both migrate at once ("table users already exists").
# xdist's workers inherit the controller's environment, so a folder this file chose (named in
# `_OWN`) is replaced in each of them; one the user set is kept.
_DATA_DIR = tempfile.TemporaryDirectory(prefix="netcanvas-tests-", ignore_cleanup_errors=True)
_OWN = "NETCANVAS_TESTS_DATA_DIR"
if os.environ.get("NETCANVAS_DATA_DIR", os.environ.get(_OWN)) == os.environ.get(_OWN):
    os.environ["NETCANVAS_DATA_DIR"] = os.environ[_OWN] = _DATA_DIR.name


@pytest.fixture
def lenet() -> dict[str, Any]:
    return graphs.lenet()
