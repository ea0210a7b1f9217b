"""The VAE's layers in the torch-free core (docs/GRAPH_UNITS_AND_NETWORKS.md section 3):
validation of GaussianSample and KLDivergenceLoss, the primary loss is the first one with a
target wherever the KL node sits, KL alone is refused naming it, and KL fits any dataset."""

from __future__ import annotations

from typing import Any

from netcanvas import samples
from netcanvas.graph import load_graph
from netcanvas.heads import head_problem, parse_target
from netcanvas.targets import LossEnd, Targets, fit_problem
from netcanvas.validation import Analysis, analyse


def vae(**changes: Any) -> dict[str, Any]:
    graph = samples.load("vae_digits")
    graph.update(changes)
    return graph


def analysed(graph: dict[str, Any]) -> Analysis:
    return analyse(load_graph(graph))


def test_the_vae_validates_with_its_shapes_and_reconstruction_as_primary() -> None:
    analysis = analysed(vae())
    assert analysis.result.valid, analysis.result.errors
    assert analysis.losses == ["reconstruction", "kl"]
    assert analysis.loss == "reconstruction" and analysis.output == "pixels"
    assert analysis.shapes["z"] == (2,) and analysis.shapes["kl"] == ()
    assert analysis.heads["kl"] == "mu"
    assert parse_target("none").kind == "none"


def test_the_kl_node_first_in_node_order_is_not_the_primary_loss() -> None:
    graph = vae()
    kl = next(n for n in graph["nodes"] if n["id"] == "kl")
    graph["nodes"] = [kl, *(n for n in graph["nodes"] if n is not kl)]
    analysis = analysed(graph)
    assert analysis.result.valid, analysis.result.errors
    assert analysis.losses == ["reconstruction", "kl"] and analysis.output == "pixels"


def test_kl_alone_is_refused_naming_it() -> None:
    graph = vae()
    graph["nodes"] = [n for n in graph["nodes"] if n["id"] != "reconstruction"]
    graph["edges"] = [e for e in graph["edges"] if e["target"] != "reconstruction"]
    errors = analysed(graph).result.errors
    assert [(e.node, e.code) for e in errors] == [("kl", "loss.needs_data_loss")]


def test_gaussian_sample_needs_two_inputs_of_one_shape() -> None:
    graph = vae()
    for node in graph["nodes"]:
        if node["id"] == "logvar":
            node["params"]["out_features"] = 3
    errors = analysed(graph).result.errors
    assert {(e.node, e.code) for e in errors} >= {("z", "shape.same"), ("kl", "shape.same")}


def test_kl_fits_any_dataset() -> None:
    end = LossEnd("kl", "KLDivergenceLoss", "label", "mu", (2,))
    for targets in (Targets("iris", "classification", 3), Targets("sine", "regression", 0, (1,))):
        assert fit_problem(end, targets) is None
    assert head_problem(analysed(vae()), Targets("digits", "classification", 10)) is None
