"""Whether a network can start from the weights a launch names (`init_from`), told before a job
is made: an earlier job's graph snapshot, or a shipped catalogue entry's key shapes, against the
network's nodes (`netcanvas.weight_fit`), so that a start no node can take is a 422, not a job
that fails in the worker."""

from __future__ import annotations

from typing import Any

from netcanvas import pretrained
from netcanvas.graph import GraphFormatError, load_graph
from netcanvas.messages import message
from netcanvas.validation import Analysis, analyse
from netcanvas.weight_fit import describe, fit, signatures

from .db.models import Job
from .localise import refused


def job_weights(job: Job) -> dict[str, str]:
    """Each node with weights of the job's graph snapshot and their shapes (none if the
    snapshot no longer reads as a graph)."""
    try:
        return signatures(analyse(load_graph(job.graph)))
    except GraphFormatError:
        return {}


def shipped_weights(name: str) -> dict[str, str]:
    """The nodes and weight shapes of shipped weights, from the catalogue's keys."""
    by_node: dict[str, dict[str, tuple[int, ...]]] = {}
    for key, shape in pretrained.catalogue()[name].nodes.items():
        node, _, rest = key.partition(".")
        by_node.setdefault(node, {})[rest] = tuple(shape)
    return {node: describe(shapes) for node, shapes in by_node.items()}


def check_start_fits(earlier: dict[str, str], analysis: Analysis, job: str) -> None:
    """422 `job.init_from_unfit` naming `job` and why, when no node of the network has the id
    and a weight's shape of a node of the earlier network's."""
    found = fit(earlier, signatures(analysis))
    if found.fits:
        return
    why: dict[str, Any]
    if found.reshaped:
        why = message("fit.other_shapes", nodes=", ".join(found.reshaped))
    else:
        why = message("fit.no_shared_nodes", theirs=", ".join(found.theirs) or "—")
    raise refused(422, "job.init_from_unfit", job=job, why=why)


def job_title(job: Job) -> str:
    """'#34 (spiral)': the job's id and its network's name, as a refusal names it."""
    name = job.graph.get("name") if isinstance(job.graph, dict) else None
    return f"#{job.id} ({name})" if isinstance(name, str) and name else f"#{job.id}"
