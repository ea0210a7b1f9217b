"""The main job flow on PostgreSQL (127.0.0.1:5432), a real Redis and a real Celery worker."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.service.flow import check_main_flow
from tests.service.stack import Stack, stack

psycopg = pytest.importorskip("psycopg")
SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture(scope="module")
def pg_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    name = f"netcanvas_test_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with stack(
            tmp_path_factory.mktemp("pg"),
            f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
        ) as running:
            yield running
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_create_job_and_follow_it_to_success_on_postgres(pg_stack: Stack) -> None:
    check_main_flow(pg_stack)


def test_artifacts_dir_is_per_job(pg_stack: Stack) -> None:
    job_id = check_main_flow(pg_stack, epochs=2)
    assert (Path(pg_stack.data_dir) / "artifacts" / str(job_id) / "model.safetensors").is_file()
