"""`netcanvas serve` as the README's run command starts it: a real server on a real port."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.graphs import lenet


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    log_path = folder / "serve.log"
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["NETCANVAS_DATA_DIR"] = str(folder / "var")
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "netcanvas.cli", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"netcanvas serve did not come up:\n{log_path.read_text()[-4000:]}")
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_serve_answers_health_and_serves_the_page(server: str) -> None:
    with urllib.request.urlopen(f"{server}/") as response:
        page = response.read().decode()
    assert "<title>NetCanvas</title>" in page


def test_serve_validates_a_graph(server: str) -> None:
    request = urllib.request.Request(
        f"{server}/api/graphs/validate",
        data=json.dumps(lenet()).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        answer = json.loads(response.read())
    assert answer["valid"] and answer["nodes"]["conv1"]["output_shape"] == [16, 24, 24]
