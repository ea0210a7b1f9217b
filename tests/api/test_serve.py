"""`netcanvas serve` as the README's run command starts it: a real server on a real port."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from tests.graphs import lenet
from tests.serving import served


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with served(tmp_path_factory.mktemp("serve")) as url:
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
