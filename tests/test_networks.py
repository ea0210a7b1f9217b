"""Several networks in validation (docs/GRAPH_UNITS_AND_NETWORKS.md section 3): RandomNoise,
Unlink, constant targets, `shared_as` and `training.phases`."""

from __future__ import annotations

import copy
from typing import Any

from fastapi.testclient import TestClient

from backend.app import create_app
from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.heads import TargetRef, parse_target
from netcanvas.validation import Analysis, analyse
from tests.unit_graphs import conv_block, shared_series, unit, using
from tests.unit_graphs import use as unit_use


def dcgan() -> dict[str, Any]:
    return samples.load("dcgan_digits")


def run(graph: dict[str, Any]) -> Analysis:
    return analyse(load_graph(graph))


def node(graph: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in graph["nodes"] if n["id"] == node_id)


def codes(issues: list[Any]) -> list[tuple[str | None, str]]:
    return [(i.node, i.code) for i in issues]


def test_dcgan_sample_is_valid_with_shared_parameters_and_phases() -> None:
    analysis = run(dcgan())
    assert analysis.result.valid, analysis.result.errors
    assert analysis.result.warnings == []
    assert analysis.shared == {"d_real": "D", "d_fake": "D", "d_gen": "D"}
    assert [p.name for p in analysis.phases] == ["discriminator", "generator"]
    assert analysis.shapes["noise"] == (16,)
    assert analysis.shapes["G"] == (1, 8, 8)
    assert analysis.shapes["unlink"] == (1, 8, 8)
    assert analysis.shapes["d_fake"] == (1,)


def test_constant_targets_are_read_as_constants() -> None:
    assert parse_target("ones") == TargetRef("constant", "ones")
    assert parse_target("zeros") == TargetRef("constant", "zeros")


def test_constant_target_takes_any_head_shape() -> None:
    graph = dcgan()
    node(graph, "g_loss")["type"] = "MSELoss"
    graph["edges"] = [e for e in graph["edges"] if e["target"] != "g_loss"]
    graph["edges"].append({"source": "G", "target": "g_loss"})  # a [1, 8, 8] head
    assert run(graph).result.valid


def test_cross_entropy_refuses_a_constant_target() -> None:
    graph = dcgan()
    node(graph, "g_loss")["type"] = "CrossEntropyLoss"
    errors = run(graph).result.errors
    assert [(e.node, e.field) for e in errors] == [("g_loss", "target")]


def test_shared_uses_with_other_arguments_are_an_error() -> None:
    graph = dcgan()
    node(graph, "d_fake")["params"]["repeat"] = 2
    errors = run(graph).result.errors
    assert ("d_fake", "unit.shared_differs") in codes(errors)
    assert next(e for e in errors if e.code == "unit.shared_differs").field == "shared_as"


def test_shared_uses_with_other_input_shapes_are_an_error() -> None:
    graph = dcgan()
    node(graph, "x")["params"]["shape"] = [1, 16, 16]
    errors = run(graph).result.errors
    # the later uses are marked, naming the first one and both shapes
    assert codes(errors) == [("d_gen", "unit.shared_shape"), ("d_fake", "unit.shared_shape")]
    issue = errors[0]
    assert issue.params["other"] == "d_real"
    assert "[1, 8, 8]" in issue.message and "[1, 16, 16]" in issue.message


def test_a_shared_name_may_not_be_a_node_id() -> None:
    graph = dcgan()
    for use in ("d_real", "d_fake", "d_gen"):
        node(graph, use)["params"]["shared_as"] = "G"
    graph["training"]["phases"][0]["updates"] = ["d_real"]
    errors = run(graph).result.errors
    assert ("d_real", "unit.shared_name_taken") in codes(errors)


def test_phases_naming_unknown_losses_or_nodes_are_errors_naming_the_phase() -> None:
    graph = dcgan()
    graph["training"]["phases"][0]["losses"].append("nope")
    graph["training"]["phases"][1]["updates"].append("E")
    errors = run(graph).result.errors
    found = {(e.code, e.params["phase"], e.params["name"]) for e in errors}
    assert found == {
        ("phase.unknown_loss", "discriminator", "nope"),
        ("phase.unknown_update", "generator", "E"),
    }
    assert all("discriminator" in e.message or "generator" in e.message for e in errors)


def test_a_phase_still_being_filled_in_is_an_error_naming_what_it_lacks() -> None:
    """The editor adds a phase with no losses and no updates: the graph still parses and
    validation says, per phase, what is missing (not a 422 for the whole body)."""
    graph = dcgan()
    graph["training"]["phases"].append({"name": "new", "losses": [], "updates": []})
    result = run(graph).result
    assert not result.valid
    found = {(e.code, e.params["phase"], e.field) for e in result.errors}
    assert found == {
        ("phase.no_losses", "new", "training"),
        ("phase.no_updates", "new", "training"),
    }
    assert all("'new'" in e.message for e in result.errors)


def test_validate_route_answers_an_empty_phase_with_its_errors_in_either_language() -> None:
    """What the editor posts while a new phase is filled in: HTTP 200, the phase named."""
    graph = dcgan()
    graph["training"]["phases"].append({"name": "new", "losses": [], "updates": []})
    client = TestClient(create_app())
    answer = client.post("/api/graphs/validate", json=graph, headers={"Accept-Language": "ja"})
    assert answer.status_code == 200
    errors = answer.json()["errors"]
    assert [e["code"] for e in errors] == ["phase.no_losses", "phase.no_updates"]
    assert errors[0]["message"].startswith("学習フェーズ 'new' に損失がありません")


def test_a_loss_in_no_phase_is_a_warning() -> None:
    graph = dcgan()
    graph["training"]["phases"][1]["losses"] = ["d_real_loss"]
    result = run(graph).result
    assert result.valid
    assert codes(result.warnings) == [("g_loss", "phase.loss_unused")]


def test_phase_names_are_unique_and_optimizer_fields_are_the_configs() -> None:
    graph = dcgan()
    graph["training"]["phases"][1]["name"] = "discriminator"
    assert "phase.duplicate" in [e.code for e in run(graph).result.errors]
    bad = copy.deepcopy(dcgan())
    bad["training"]["phases"][0]["optimizer"] = {"betas": [0.5, 0.9]}
    try:
        load_graph(bad)
    except ValueError as error:
        assert "betas" in str(error)
    else:
        raise AssertionError("an unknown optimizer field must be refused")


def test_a_phase_takes_no_dataset_or_split_of_its_own() -> None:
    """The test split is the job's (`config.test_fraction`, or its upload's): a phase
    overrides its optimizer only, so none trains on other rows; a 422 names the field."""
    client = TestClient(create_app())
    for field, value in (("optimizer.test_fraction", 0.2), ("optimizer.validation_split", 0.1),
                         ("dataset", "iris"), ("test_fraction", 0.2)):  # fmt: skip
        graph = dcgan()
        phase = graph["training"]["phases"][0]
        if field.startswith("optimizer."):
            phase["optimizer"][field.removeprefix("optimizer.")] = value
        else:
            phase[field] = value
        answer = client.post("/api/graphs/validate", json=graph)
        assert answer.status_code == 422, field
        (problem,) = answer.json()["detail"]
        assert problem["loc"] == ["body", f"training.phases[0].{field}"]
        assert problem["code"] == "format.extra_field"


def test_files_without_training_keep_validating_as_before() -> None:
    graph = samples.load("lenet")
    assert "training" not in graph
    analysis = run(graph)
    assert analysis.result.valid and analysis.phases == [] and analysis.shared == {}
    assert "training" not in load_graph(graph).model_dump(exclude_none=True)


def gan_with_noise_in_its_generator() -> dict[str, Any]:
    """dcgan_digits with its RandomNoise moved into the generator unit, in place of the
    UnitInput (so the G use has no inputs)."""
    graph = dcgan()
    generator = next(u for u in graph["units"] if u["name"] == "generator")
    generator["nodes"][0] = {"id": "in", "type": "RandomNoise", "params": {"shape": [16]}}
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "noise"]
    graph["edges"] = [e for e in graph["edges"] if e["source"] != "noise"]
    return graph


def test_random_noise_inside_a_unit_is_an_error_on_the_node_and_the_use() -> None:
    analysis = run(gan_with_noise_in_its_generator())
    assert not analysis.result.valid
    inside = analysis.result.units["generator"].errors
    assert codes(inside) == [("in", "unit.noise_inside")]
    assert "RandomNoise belongs on the main canvas" in inside[0].message
    (use,) = [e for e in analysis.result.errors if e.node == "G"]
    assert use.code == "unit.definition" and use.params["inner"]["code"] == "unit.noise_inside"


def test_a_job_whose_unit_draws_noise_is_generative() -> None:
    from backend.db.models import Job

    graph = copy.deepcopy(samples.load("vae_digits"))
    graph["units"] = [{"name": "sampler", "nodes": [{"id": "z", "type": "GaussianSample"}]}]
    graph["nodes"] = [n for n in graph["nodes"] if n["type"] != "GaussianSample"]
    assert Job(graph=graph).generative
    assert not Job(graph=samples.load("lenet")).generative


def test_a_job_counts_the_inputs_of_its_snapshot() -> None:
    """The job page asks for a decision boundary only of a network of one Input of 2 numbers:
    digits_siamese has two Inputs, xor_mlp one (of 2 numbers)."""
    from backend.db.models import Job
    from backend.jobs import JobPublic

    assert Job(graph=samples.load("digits_siamese")).inputs == 2
    assert Job(graph=samples.load("xor_mlp")).inputs == 1
    assert Job(graph=samples.load("xor_mlp")).input_shape == [2]
    assert JobPublic.model_fields["inputs"].default == 1  # a client of before reads one Input


def test_shared_as_inside_a_unit_is_an_error_naming_the_use() -> None:
    """The compiler shares the parameters of main-canvas uses only: a use inside a unit
    body that names a `shared_as` got parameters of its own, silently (and its exports
    too); now it is refused, in either language."""
    pair = unit("pair", unit_use("a", "conv_block", args={"channels": 1}, shared_as="Q"),
                unit_use("b", "conv_block", args={"channels": 1}, shared_as="Q"))  # fmt: skip
    graph = using([pair, conv_block()], unit_use("p", "pair"), ("flat", "Flatten"),
                  ("fc", "Linear", {"out_features": 10}))  # fmt: skip
    result = run(graph).result
    assert not result.valid
    issue = next(e for e in result.errors if e.code == "unit.shared_in_unit")
    assert issue.node == "p" and "pair › a" in issue.message and "'Q'" in issue.message
    ja = next(e for e in result.localised("ja").errors if e.code == "unit.shared_in_unit")
    assert "メインキャンバスでだけ" in ja.message
    assert run(shared_series()).result.valid  # on the main canvas: one set of parameters
