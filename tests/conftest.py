"""Fixtures shared by the tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests import graphs


@pytest.fixture
def lenet() -> dict[str, Any]:
    return graphs.lenet()
