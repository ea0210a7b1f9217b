"""A network beyond what the server trains is refused before anything is queued, with the
figures: too many parameters (measured before: 4.35e9 passed), or a batch whose
activations would need too much memory."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.db.models import Job
from backend.db.session import session_factory
from backend.jobs import check_size
from backend.settings import get_settings
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig
from netcanvas.validation import analyse
from tests.graphs import chain
from tests.service.conftest import Service


def job_count(service: Service) -> int:
    with session_factory(service.database)() as session:
        return int(session.scalar(select(func.count()).select_from(Job)) or 0)


def test_a_network_with_billions_of_parameters_is_refused_naming_them(service: Service) -> None:
    graph = chain(
        ("x", "Input", {"shape": [2]}),
        ("wide", "Linear", {"out_features": 65_536}),
        ("huge", "Linear", {"out_features": 65_536}),
        ("out", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    body = {"graph": graph, "dataset": "xor"}
    before = job_count(service)
    answer = service.client.post("/api/jobs", json=body, headers=service.alice)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.too_many_params"
    assert detail["params"] == {"params": "4,295,360,514", "limit": "200,000,000"}
    japanese = service.client.post(
        "/api/jobs", json=body, headers={**service.alice, "Accept-Language": "ja"}
    )
    assert "4,295,360,514" in japanese.json()["detail"]["message"]
    assert "パラメータ" in japanese.json()["detail"]["message"]
    assert job_count(service) == before


def test_a_batch_whose_activations_need_too_much_memory_is_refused(service: Service) -> None:
    graph = chain(
        ("x", "Input", {"shape": [2]}),
        ("wide", "Linear", {"out_features": 65_536}),
        ("wider", "Linear", {"out_features": 1_000}),
        ("out", "Linear", {"out_features": 2}),
        ("loss", "CrossEntropyLoss"),
    )
    body = {"graph": graph, "dataset": "xor", "config": {"batch_size": 16_384}}
    before = job_count(service)
    answer = service.client.post("/api/jobs", json=body, headers=service.alice)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert detail["code"] == "job.too_much_memory" and detail["params"]["batch"] == 16_384
    assert (
        int(detail["params"]["mb"].replace(",", "")) > 8192 and detail["params"]["limit"] == "8,192"
    )
    assert "smaller batch size" in detail["message"]
    small = TrainingConfig(batch_size=64)  # the same network in small batches may train
    check_size(analyse(load_graph(graph)), small, get_settings())
    assert job_count(service) == before
