"""GET /api/samples and /api/samples/{name}: each sample with its dataset, config and note
(the graph alone unless `include=lesson`)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.app import create_app
from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.training_config import TrainingConfig

client = TestClient(create_app())

LESSON = ("dataset", "config", "note")


def test_list_gives_every_sample_with_its_lesson() -> None:
    listed = client.get("/api/samples").json()
    assert [s["id"] for s in listed] == samples.names()
    xor = next(s for s in listed if s["id"] == "xor_mlp")
    assert {"id", "name", "description", "title", *LESSON} == set(xor)
    assert xor["name"] == "XOR MLP" and xor["dataset"] == "xor"
    assert xor["title"] == {"en": "XOR MLP", "ja": "XOR を解く多層パーセプトロン"}
    assert xor["config"] == samples.lesson("xor_mlp").config
    assert set(xor["note"]) == {"en", "ja"} and "99 %" in xor["note"]["en"]
    for sample in listed:
        TrainingConfig.model_validate(sample["config"])


def test_read_gives_the_graph_document_alone_as_before() -> None:
    answer = client.get("/api/samples/perceptron").json()
    assert answer == samples.load("perceptron")
    load_graph(answer)  # what a script posts to POST /api/jobs as it is


def test_read_with_include_lesson_gives_the_graph_with_its_lesson_beside() -> None:
    answer = client.get("/api/samples/perceptron", params={"include": "lesson"}).json()
    lesson = samples.lesson("perceptron")
    assert answer["dataset"] == "xor" and answer["config"] == lesson.config
    assert answer["note"] == lesson.note.model_dump()
    graph = {k: v for k, v in answer.items() if k not in LESSON}
    assert graph == samples.load("perceptron")


def test_read_refuses_an_unknown_include() -> None:
    assert client.get("/api/samples/perceptron", params={"include": "all"}).status_code == 422


def test_read_refuses_an_unknown_sample() -> None:
    assert client.get("/api/samples/nope").status_code == 404
