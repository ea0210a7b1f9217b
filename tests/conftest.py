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

# Each of pytest-xdist's processes runs torch with its share of the cores, not all of them: two
# processes with two threads each on two cores spend most of their time waiting on each other
# (torch's threads spin while they wait), and the torch tests took about 2.5 times the CPU time
# they take with one thread each. Set before this process imports torch, so its default is this;
# the processes it starts (a model.py, `netcanvas serve`) inherit it, and a job's worker still
# sets its own from its slots (`worker.slots.threads_per_run`). A value the user set is kept.
_PROCESSES = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if _PROCESSES > 1:
    _CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    os.environ.setdefault("OMP_NUM_THREADS", str(max(1, (_CORES or 1) // _PROCESSES)))


# The files that take longest, longest first, run before all others. pytest-xdist's `--dist
# loadfile` hands out whole files in the order collected (with `--no-loadscope-reorder`; by
# default it orders them by their number of tests, and the sample lessons, 36 trainings, came
# late): a long file handed out last keeps one process busy while the other has nothing left.
# The other files keep their order. A file missing here only costs balance, never a test.
LONGEST_FIRST = (  # 50-310 s each in a full run on a loaded 2-core machine (the next: 37 s)
    "tests/service/test_jobs_worker_lost.py",
    "tests/test_cli_users.py",
    "tests/service/test_datasets.py",
    "tests/torch/test_cli_train.py",
    "tests/torch/test_sample_lessons.py",
    "tests/api/test_schema_fuzz.py",
    "tests/service/test_views_inputs.py",
    "tests/api/test_serve.py",
    "tests/service/test_test_sets.py",
    "tests/service/test_user_limits.py",
    "tests/torch/test_export.py",
    "tests/service/test_datasets_lang.py",
    "tests/service/test_jobs_inputs.py",
    "tests/service/test_jobs_lease.py",
    "tests/torch/test_training.py",
    "tests/service/test_slots.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {path: number for number, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


@pytest.fixture
def lenet() -> dict[str, Any]:
    return graphs.lenet()
