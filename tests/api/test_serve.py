"""`netcanvas serve` as the README's run command starts it: a real server on a real port."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from backend import serve_pids
from backend.datasets import ORPHAN_AGE_S, remove_orphans
from backend.db.models import Dataset
from backend.db.session import engine_for, session_factory
from backend.settings import Settings
from tests.datasets.helpers import image_csv_zip, png
from tests.graphs import lenet
from tests.serving import ROOT, environment, served

LOGS: list[Path] = []  # the module server's log


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("serve")
    LOGS.append(folder / "serve.log")
    with served(folder) as url:
        yield url


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


def test_credentials_in_a_query_never_reach_the_log(server: str) -> None:
    secret = "s3cr3t-t0ken-value"
    address = server.removeprefix("http://")
    url = f"ws://{address}/api/jobs/1/events?token={secret}"
    with pytest.raises((ConnectionClosed, InvalidStatus)), connect(url, open_timeout=60) as socket:
        socket.recv(timeout=60)  # an unknown token: the websocket is refused
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{server}/api/jobs/1?token={secret}&password={secret}")
    with pytest.raises(urllib.error.HTTPError):  # logged after every line of the two above
        urllib.request.urlopen(f"{server}/api/jobs/1?logged=last")
    # The server writes its lines after it answers (later still on a loaded machine): wait for
    # them, the last one included, then nothing in the log holds the secret.
    lines = (
        "/api/jobs/1?token=[hidden]&password=[hidden]",
        "/api/jobs/1/events?token=[hidden]",
        "/api/jobs/1?logged=last",
    )
    deadline = time.monotonic() + 30
    while not all(line in (log := LOGS[0].read_text()) for line in lines):
        assert time.monotonic() < deadline, f"the requests were not logged:\n{log[-3000:]}"
        time.sleep(0.1)
    assert secret not in log


def _post_chunked(server: str, path: str, chunks: int, chunk: bytes) -> tuple[int, dict[str, Any]]:
    """POST a body in chunks without saying its length; the status and JSON answer."""
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    body = (chunk for _ in range(chunks))
    with suppress(BrokenPipeError, ConnectionResetError):  # refused before it was all sent
        connection.request("POST", path, body=body, encode_chunked=True,
                           headers={"content-type": "application/json"})  # fmt: skip
    answer = connection.getresponse()
    return answer.status, json.loads(answer.read())


def test_a_body_over_its_limit_is_refused_while_it_streams(server: str) -> None:
    status, answer = _post_chunked(server, "/api/graphs/validate", 40, b" " * (1 << 20))
    assert status == 413 and answer["detail"]["code"] == "request.too_large"
    assert answer["detail"]["params"] == {"limit_mib": 16}
    said = urllib.request.Request(
        f"{server}/api/graphs/validate", data=b"{}", method="POST",
        headers={"content-type": "application/json", "content-length": str(10**10)},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(said, timeout=30)
    assert refused.value.code == 413


def _training_worker(data_dir: Path) -> int | None:
    """The pid of the `cpu,gpu` Celery worker (its main process) serving `data_dir`."""
    found: dict[int, int] = {}  # pid -> parent pid
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes()
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"cpu,gpu" in cmdline and f"NETCANVAS_DATA_DIR={data_dir}".encode() in environ:
            found[int(proc.name)] = parent
    mains = [pid for pid, parent in found.items() if parent not in found]
    return mains[0] if mains else None


def test_serve_starts_a_killed_worker_again(tmp_path: Path) -> None:
    with served(tmp_path) as url:
        first = _training_worker(tmp_path / "var")
        assert first is not None
        os.killpg(first, signal.SIGKILL)  # the worker and its pool, as a crash would
        log, restarted = tmp_path / "serve.log", "the local worker stopped (exit -9); starting it"
        deadline = time.monotonic() + 60
        while restarted not in log.read_text() or _training_worker(tmp_path / "var") is None:
            assert time.monotonic() < deadline, "the worker was not started again"
            time.sleep(0.5)
        assert _training_worker(tmp_path / "var") != first
        with urllib.request.urlopen(f"{url}/api/health") as response:
            assert response.status == 200
    assert _training_worker(tmp_path / "var") is None  # Ctrl-C stopped the new one too


def _local_redis(data_dir: Path) -> tuple[int, int] | None:
    """The pid and port of the redis-server `netcanvas serve` started in `data_dir/redis`."""
    for proc in Path("/proc").iterdir():
        try:
            if (proc / "cwd").resolve() != (data_dir / "redis").resolve():
                continue
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if "redis-server" in title:  # it names itself `redis-server 127.0.0.1:<port>`
            return int(proc.name), int(title.split(":")[-1].split()[0])
    return None


def test_serve_starts_a_killed_redis_again_on_its_port_with_its_data(tmp_path: Path) -> None:
    import redis

    from netcanvas import samples

    data = tmp_path / "var"
    with served(tmp_path) as url:
        found = _local_redis(data)
        assert found is not None
        first, port = found
        client = redis.Redis(port=port)
        client.set("netcanvas-test:kept", "yes")
        deadline = time.monotonic() + 30  # written into the append-only file (fsync each second)
        while b"netcanvas-test:kept" not in b"".join(
            f.read_bytes() for f in (data / "redis").rglob("*.aof") if f.is_file()
        ):
            assert time.monotonic() < deadline, "the key never reached the append-only file"
            time.sleep(0.2)
        os.kill(first, signal.SIGKILL)  # as the OOM killer would
        log, restarted = tmp_path / "serve.log", "the local Redis stopped (exit -9); starting it"
        deadline = time.monotonic() + 60
        while restarted not in log.read_text() or (_local_redis(data) or (first,))[0] == first:
            assert time.monotonic() < deadline, "the local Redis was not started again"
            time.sleep(0.5)
        assert _local_redis(data) is not None and _local_redis(data)[1] == port  # type: ignore[index]
        assert client.get("netcanvas-test:kept") == b"yes"
        # The workers and the API reconnect: a job launched now runs to its end.
        body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 2}}
        job = _post(url, "/api/jobs", body)
        deadline = time.monotonic() + 180
        while (status := _get(url, f"/api/jobs/{job['id']}")["status"]) != "succeeded":
            assert status in ("queued", "running"), status
            assert time.monotonic() < deadline, f"the job stayed {status}"
            time.sleep(0.5)
    assert _local_redis(data) is None  # Ctrl-C stopped the new one too


def _get(url: str, path: str) -> Any:
    with urllib.request.urlopen(url + path, timeout=30) as response:
        return json.loads(response.read())


def _post(url: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _serve_process(url: str) -> int:
    """The pid of the `netcanvas serve` answering at `url`."""
    port = url.rsplit(":", 1)[1].encode()
    for proc in Path("/proc").iterdir():
        with suppress(OSError):
            args = (proc / "cmdline").read_bytes().split(b"\0")
            if b"netcanvas_cli" in args and b"serve" in args and port in args:
                return int(proc.name)
    raise AssertionError(f"no netcanvas serve on {url}")


def _gone(pid: int) -> bool:
    with suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    return True


def test_a_serve_started_after_a_killed_one_stops_what_it_left(tmp_path: Path) -> None:
    """A killed serve's workers and Redis run on in their own sessions: the next serve on the
    folder stops them, so one Redis writes the append-only file and one worker trains."""
    data = tmp_path / "var"
    with served(tmp_path) as url:
        worker, (redis_pid, _) = _training_worker(data), _local_redis(data) or (0, 0)
        assert worker is not None and redis_pid
        second = subprocess.run(
            [sys.executable, "-m", "netcanvas_cli", "serve", "--port", "1"],
            capture_output=True, text=True, env=environment(tmp_path), cwd=ROOT, timeout=120,
        )  # fmt: skip
        assert second.returncode == 2 and "already runs on" in second.stderr  # nothing started
        os.kill(_serve_process(url), signal.SIGKILL)  # the API, and the supervisor with it
        time.sleep(2)
        assert not _gone(worker) and not _gone(redis_pid)  # left running
    with served(tmp_path):
        assert _gone(worker) and _gone(redis_pid)
        assert (
            "stopped what a killed netcanvas serve left running"
            in (tmp_path / "serve.log").read_text()
        )
        now = _local_redis(data)
        assert now is not None and now[0] != redis_pid
        assert _training_worker(data) not in (None, worker)
    assert _local_redis(data) is None and _training_worker(data) is None


def _upload(url: str, zipped: bytes, answers: list[object]) -> None:
    """POST /api/datasets with `zipped` as the multipart `file`; the status (or the error)."""
    boundary = "netcanvas-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\n'
            "Content-Type: application/zip\r\n\r\n"
        ).encode()
        + zipped
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    request = urllib.request.Request(url + "/api/datasets", data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            answers.append(response.status)
    except (OSError, http.client.HTTPException) as error:
        answers.append(error)


def _inspecting(data_dir: Path) -> bool:
    """Whether the inspector reads an upload of `data_dir` now."""
    for proc in Path("/proc").iterdir():
        with suppress(OSError):
            args = (proc / "cmdline").read_bytes()
            if b"worker.datasets.inspect" in args and str(data_dir).encode() in args:
                return True
    return False


def test_an_upload_whose_api_was_killed_while_reading_it_is_removed_later(
    tmp_path: Path,
) -> None:
    """The API stores an upload, then reads it; killed then, it leaves a file no dataset names.
    The sweep removes it once no request can still be reading it, and keeps every kept one."""
    data = tmp_path / "var"
    rows = [(f"img/{i}.png", str(i % 2)) for i in range(3000)]
    images = {f"img/{i}.png": png(i % 256, size=(28, 28)) for i in range(3000)}
    big = image_csv_zip(tmp_path / "big.zip", rows, images).read_bytes()
    small = image_csv_zip(tmp_path / "small.zip", rows[:8], images).read_bytes()
    answers: list[object] = []
    with served(tmp_path) as url:
        _upload(url, small, answers)
        assert answers == [201]
        sender = threading.Thread(target=_upload, args=(url, big, answers))
        sender.start()
        deadline = time.monotonic() + 120
        while not _inspecting(data):
            assert time.monotonic() < deadline and sender.is_alive(), answers
            time.sleep(0.05)
        os.kill(_serve_process(url), signal.SIGKILL)
        sender.join(60)
    assert serve_pids.stop_leftovers(data)  # its workers and Redis, as the next serve would
    files = sorted((data / "uploads").glob("*/*.zip"))
    settings = Settings(data_dir=data)
    with session_factory(settings.database)() as session:
        kept = [Path(path) for path in session.scalars(select(Dataset.path))]
        assert len(kept) == 1 and len(files) == 2
        assert remove_orphans(settings, session) == []  # young: a request may still read it
        for path in files:
            os.utime(path, (time.time() - ORPHAN_AGE_S - 1,) * 2)
        assert [p.resolve() for p in remove_orphans(settings, session)] == [
            p.resolve() for p in files if p.resolve() not in kept
        ]
    assert [p.resolve() for p in (data / "uploads").glob("*/*.zip")] == kept
    engine_for(settings.database).dispose()
