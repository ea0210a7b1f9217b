"""The server answers only to the host names it is meant to: without accounts, the loopback
names (a DNS rebinding that points another site's name at 127.0.0.1 gets a 400, not the
local user's work); with accounts, any, unless NETCANVAS_ALLOWED_HOSTS names them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.app import create_app
from backend.settings import get_settings


def status(base_url: str) -> int:
    with TestClient(create_app(), base_url=base_url) as client:
        return client.get("/api/layers").status_code


@pytest.fixture
def settings_from(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.delenv("NETCANVAS_ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv("NETCANVAS_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'n.db'}")
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_without_accounts_only_loopback_names_are_answered(
    settings_from: pytest.MonkeyPatch,
) -> None:
    assert status("http://127.0.0.1:8000") == 200
    assert status("http://localhost:8000") == 200
    assert status("http://rebound.example") == 400


def test_with_accounts_any_host_or_the_ones_named(settings_from: pytest.MonkeyPatch) -> None:
    settings_from.setenv("NETCANVAS_AUTH", "accounts")
    get_settings.cache_clear()
    assert status("http://lab-server.example") == 401  # answered: it asks for credentials
    settings_from.setenv("NETCANVAS_ALLOWED_HOSTS", "lab-server.example")
    get_settings.cache_clear()
    assert status("http://lab-server.example") == 401
    assert status("http://other.example") == 400
