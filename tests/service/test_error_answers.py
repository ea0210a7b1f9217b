"""What a careless or hostile client sends is refused with a 4xx naming it, never a 500,
and never costs the server more than a bounded amount: each case here was a 500 (or, for
the layer previews, gigabytes in a worker) before.

- An error quotes what was sent; Python's JSON reader takes `NaN` and lone surrogates,
  which no JSON answer carries: the answer spells them out (`backend.localise.json_safe`).
- A stream id past Redis's 64-bit parts, or with non-ASCII digits, is not a stream id.
- A prediction request nested past the JSON reader's depth is not a request.
- The layer previews keep every node's output for one sample: layers without
  multiply-adds (Upsample) cannot make that gigabytes.
- Redis down: the 503 (and the failed job's reason) said Redis's own error, which
  names the broker's address; now a plain reason, the error in the server's log.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from backend.db.models import Job, User
from backend.db.session import session_factory
from netcanvas import samples
from netcanvas.artifacts import WEIGHTS
from tests.service.conftest import SQLITE_ONLY, Service, add_user, app_client

OPENAPI = Path(__file__).resolve().parents[2] / "frontend" / "openapi.json"

JSON = {"content-type": "application/json"}


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("body", "quoted"),
    [(b'{"name": NaN}', "nan"), (b'{"name": -Infinity}', "-inf"), (b'{"name": "\\udfff"}', None)],
)
def test_an_error_quoting_what_json_cannot_carry_is_still_a_422(
    service: Service, body: bytes, quoted: str | None
) -> None:
    answer = service.client.post("/api/projects", content=body, headers={**service.alice, **JSON})
    assert answer.status_code == 422, answer.text
    (item,) = answer.json()["detail"]
    assert item["loc"] == ["body", "name"]
    assert item["input"] == (quoted or "\\udfff")  # the escape as text: valid UTF-8


@SQLITE_ONLY
def test_a_graph_error_naming_a_lone_surrogate_is_a_422(service: Service) -> None:
    graph = b'{"format": "netcanvas/graph@1", "nodes": [{"id": "\\ud800", "type": "ReLU"}]}'
    answer = service.client.post("/api/graphs/validate", content=graph, headers=JSON)
    assert answer.status_code == 422, answer.text
    assert "\\ud800" in answer.json()["detail"][0]["loc"][-1]


def finished_job(service: Service) -> int:
    """A succeeded job of alice's with (stand-in) weights: enough for the routes to read
    the request, which they refuse before any worker is asked."""
    with session_factory(service.database)() as session:
        token = service.alice["Authorization"].removeprefix("Bearer ")
        owner = session.query(User).filter(User.token == token).one()
        job = Job(owner_id=owner.id, graph=samples.load("xor_mlp"), config={}, dataset="xor",
                  status="succeeded", finished_at=datetime.now(UTC))  # fmt: skip
        session.add(job)
        session.commit()
        folder: Path = service.data_dir / "artifacts" / str(job.id)
        folder.mkdir(parents=True)
        (folder / WEIGHTS).write_bytes(b"stand-in")
        return job.id


@SQLITE_ONLY
@pytest.mark.parametrize("after", ["18446744073709551616", "1-99999999999999999999", "²", "１-0"])
def test_a_stream_id_redis_cannot_take_is_refused(service: Service, after: str) -> None:
    url = f"/api/jobs/{finished_job(service)}/events"
    answer = service.client.get(url, params={"after": after}, headers=service.alice)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]["code"] == "job.bad_stream_id"


@SQLITE_ONLY
def test_nothing_follows_the_last_stream_id_there_is(service: Service) -> None:
    """XRANGE refuses an interval after it ("invalid start ID"): it was a 500."""
    url = f"/api/jobs/{finished_job(service)}/events"
    last = f"{2**64 - 1}-{2**64 - 1}"
    answer = service.client.get(url, params={"after": last}, headers=service.alice)
    assert answer.status_code == 200, answer.text
    assert answer.json() == []


@SQLITE_ONLY
def test_a_prediction_nested_too_deep_is_not_a_request(service: Service) -> None:
    url = f"/api/jobs/{finished_job(service)}/predict"
    body = b'{"input": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    answer = service.client.post(url, content=body, headers={**service.alice, **JSON})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"]["code"] == "predict.not_a_request"


def upsampled(scale: float) -> dict[str, Any]:
    """digits' [1, 8, 8] twice upsampled by `scale`: no parameters, no multiply-adds."""
    nodes = [
        {"id": "x", "type": "Input", "params": {"shape": [1, 8, 8]}},
        {"id": "up1", "type": "Upsample", "params": {"scale_factor": scale}},
        {"id": "up2", "type": "Upsample", "params": {"scale_factor": scale}},
        {"id": "loss", "type": "MSELoss"},
    ]
    chain = ["x", "up1", "up2", "loss"]
    edges = [{"source": a, "target": b} for a, b in itertools.pairwise(chain)]
    return {"format": "netcanvas/graph@1", "nodes": nodes, "edges": edges}


@SQLITE_ONLY
def test_layer_previews_refuse_outputs_of_gigabytes_naming_their_size(service: Service) -> None:
    body = {"graph": upsampled(64), "dataset": "digits"}  # [1, 32768, 32768]: 4 GB
    headers = {**service.alice, "Accept-Language": "ja"}
    answer = service.client.post("/api/graphs/preview", json=body, headers=headers)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "layer_preview.too_much_memory"
    assert detail["params"]["mb"] == "4,098" and "4,098 MB" in detail["message"]
    validated = service.client.post("/api/graphs/validate", json=body["graph"]).json()
    assert validated["valid"] and validated["total_macs"] == validated["total_params"] == 0


@pytest.fixture
def no_redis(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The service whose Redis is down: nothing listens on its broker's port."""
    request.param = "sqlite"
    env = {"REDIS_URL": f"redis://127.0.0.1:{CLOSED_PORT}/0"}
    with app_client(request, tmp_path, monkeypatch, env) as (client, database):
        yield client, add_user(database, "alice")


CLOSED_PORT = 9  # discard: nothing listens on it here


def test_a_launch_without_redis_is_a_503_that_names_no_server_address(
    no_redis: tuple[TestClient, dict[str, str]],
) -> None:
    client, alice = no_redis
    body = {"graph": samples.load("xor_mlp"), "dataset": "xor", "config": {"epochs": 1}}
    answer = client.post("/api/jobs", json=body, headers={**alice, "Accept-Language": "ja"})
    assert answer.status_code == 503, answer.text
    assert answer.json()["detail"]["code"] == "job.queue_down"
    assert "ジョブキューに接続できない" in answer.json()["detail"]["message"]
    (job,) = client.get("/api/jobs", headers=alice).json()
    assert job["status"] == "failed" and "not reachable" in job["reason"]
    for text in (answer.text, job["reason"]):
        assert "127.0.0.1" not in text and str(CLOSED_PORT) not in text.replace("503", "")


def big_graph(nodes: int = 2000) -> dict[str, Any]:
    """xor_mlp with a long comment on each node: about 200 KB of JSON."""
    graph = samples.load("xor_mlp")
    graph["nodes"] += [
        {"id": f"note{i}", "type": "ReLU", "ui": {"comment": "x" * 100}} for i in range(nodes)
    ]
    return graph


@SQLITE_ONLY
def test_a_422_for_a_large_graph_quotes_only_its_start(service: Service) -> None:
    """FastAPI's item quotes the whole value as `input` (a 2 MB graph, the whole graph): the
    answer leaves it out past `ECHO_BYTES`, with its start and size, and keeps the rest."""
    graph = big_graph()
    graph["nodes"][0]["ui"] = {"comment": "\ud800"}  # a lone surrogate: text.surrogate
    body = json.dumps({"graph": graph, "dataset": "xor"}).encode()
    assert len(body) > 200_000
    headers = {**service.alice, **JSON, "Accept-Language": "ja"}
    answer = service.client.post("/api/jobs", content=body, headers=headers)
    assert answer.status_code == 422, answer.text
    assert len(answer.content) < 2_000, len(answer.content)
    (item,) = answer.json()["detail"]
    assert item["loc"] == ["body", "graph"] and item["type"] == item["code"] == "text.surrogate"
    assert "nodes[0].ui.comment" in item["msg"] and "サロゲート" in item["msg"]
    assert "input" not in item
    assert item["input_excerpt"].startswith('{"format": "netcanvas/graph@1"')
    assert item["input_excerpt"].endswith("…") and item["input_bytes"] > 200_000
    documented = json.loads(OPENAPI.read_text("utf-8"))
    assert set(item) <= set(documented["components"]["schemas"]["ValidationError"]["properties"])
    short = service.client.post("/api/jobs", json={"graph": [1, 2], "dataset": "xor"},
                                headers=service.alice)  # fmt: skip
    assert short.status_code == 422 and short.json()["detail"][0]["input"] == [1, 2]


@SQLITE_ONLY
@pytest.mark.parametrize(
    "path", ["/api/jobs/..%2F..", "/assets%2F..", "/api/jobs/1/artifacts/..%2F..%2Fx", "/%2E%2E/"]
)
def test_a_path_with_dot_segments_is_a_404_not_a_redirect(service: Service, path: str) -> None:
    headers = {**service.alice, "Accept-Language": "ja"}
    answer = service.client.get(path, headers=headers, follow_redirects=False)
    assert answer.status_code == 404, (answer.status_code, answer.headers.get("location"))
    assert "location" not in answer.headers
    detail = answer.json()["detail"]
    assert detail["code"] == "request.dot_segment" and "たどりません" in detail["message"]


@SQLITE_ONLY
def test_a_websocket_path_with_dot_segments_is_closed(service: Service) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        service.client.websocket_connect("/api/jobs/..%2F1/events", headers=service.alice),
    ):
        pass
    assert closed.value.code == 1008
