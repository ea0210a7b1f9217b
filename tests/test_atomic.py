"""`worker.atomic`: a final name holds a complete file or nothing, and the worker writes through it.

The helper is torch-free, so these run without torch; an export's own folder
is checked in tests/torch/test_export.py.
"""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest

from netcanvas.artifacts import ARTIFACTS, SAMPLES
from worker import atomic

WORKER = Path(__file__).resolve().parents[1] / "worker"


class Interrupted(Exception):
    pass


def test_the_file_appears_only_when_the_block_ends(tmp_path: Path) -> None:
    path = tmp_path / "model.onnx"
    with atomic.replacing(path) as temporary:
        temporary.write_bytes(b"half")
        assert not path.exists()
        assert temporary.parent == tmp_path and atomic.is_temporary(temporary.name)
        temporary.write_bytes(b"complete")
    assert path.read_bytes() == b"complete"
    assert [child.name for child in tmp_path.iterdir()] == ["model.onnx"]


def test_a_writer_that_raises_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"the earlier run's weights")
    with pytest.raises(Interrupted), atomic.replacing(path) as temporary:
        with temporary.open("wb") as file:
            file.write(b"half of the new")
        raise Interrupted
    assert path.read_bytes() == b"the earlier run's weights"
    assert [child.name for child in tmp_path.iterdir()] == ["model.safetensors"]


def test_a_new_file_gets_the_permissions_a_plain_write_gives(tmp_path: Path) -> None:
    (tmp_path / "plain.json").write_text("{}")
    with atomic.replacing(tmp_path / "atomic.json") as temporary:
        temporary.write_text("{}")
    modes = {
        stat.S_IMODE(os.stat(tmp_path / name).st_mode) for name in ("plain.json", "atomic.json")
    }
    assert len(modes) == 1  # mkstemp's 0o600 would hide artifacts from another user


def test_temporary_names_are_never_an_artifact_name() -> None:
    for name in (*ARTIFACTS, SAMPLES):
        temporary = atomic.temporary_name(name)
        assert temporary.startswith(f".{name}.tmp-") and temporary != atomic.temporary_name(name)
        assert temporary not in ARTIFACTS and atomic.is_temporary(temporary)
        assert not atomic.is_temporary(name)


def test_leftovers_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    (tmp_path / "model.onnx").write_bytes(b"kept")
    (tmp_path / atomic.temporary_name("bundle.zip")).write_bytes(b"half")
    removed = atomic.remove_leftovers(tmp_path)
    assert [path.name.startswith(".bundle.zip.tmp-") for path in removed] == [True]
    assert [child.name for child in tmp_path.iterdir()] == ["model.onnx"]


# ---------------------------------------------------------------- the worker writes through it

# Calls that write a file, and which argument names it: (dotted name's end, position, keyword).
WRITERS = {
    "write_text": (None, None),  # None: the receiver, `path.write_text(...)`
    "write_bytes": (None, None),
    "save_file": (1, "filename"),  # safetensors
    "onnx.export": (2, "f"),
    "torch.save": (1, "f"),
}
# Opened for writing in these modes; `path.open(mode)` or `open(path, mode)`, `tarfile.open(...)`.
OPENERS = {"open", "ZipFile"}
WRITE_MODES = set("wax+")
MODULES = {"os", "io", "gzip", "bz2", "lzma", "tarfile", "zipfile", "codecs"}
HAND_ROLLED = {"os.replace", "os.rename", "tempfile.mkstemp", "tempfile.NamedTemporaryFile"}
# Functions that write to the path they are given; each call of one must pass a temporary.
RAW_WRITERS = {
    "export_onnx": (1, "path"),
    "export_generator_onnx": (2, "path"),
    "export_module_onnx": (4, "path"),
}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


def _argument(call: ast.Call, position: int | None, keyword: str | None) -> ast.expr | None:
    if position is None:
        return call.func.value if isinstance(call.func, ast.Attribute) else None
    for given in call.keywords:
        if given.arg == keyword:
            return given.value
    return call.args[position] if len(call.args) > position else None


def _writing_mode(call: ast.Call, position: int) -> bool:
    modes = [given.value for given in call.keywords if given.arg == "mode"]
    modes += call.args[position : position + 1]
    return any(
        isinstance(mode, ast.Constant)
        and isinstance(mode.value, str)
        and set(mode.value) & WRITE_MODES
        for mode in modes
    )


def _written(call: ast.Call) -> tuple[str, ast.expr | None] | None:
    """What a call writes to, if it writes a file: (its name, the path's expression)."""
    name = _dotted(call.func)
    for writer, (position, keyword) in (WRITERS | RAW_WRITERS).items():
        if name == writer or name.endswith("." + writer):
            return writer, _argument(call, position, keyword)
    opener = name.rsplit(".", 1)[-1]
    if opener not in OPENERS:
        return None
    if isinstance(call.func, ast.Attribute) and _dotted(call.func.value) not in MODULES:
        # `path.open("w")`: the receiver is the path, the mode comes first
        return (opener, call.func.value) if _writing_mode(call, 0) else None
    return (opener, _argument(call, 0, "file")) if _writing_mode(call, 1) else None


def unsafe_writes(source: str, filename: str) -> list[str]:
    """Writes whose path is not a `with atomic.replacing(...) as name` target around them."""
    problems: list[str] = []

    def visit(node: ast.AST, temporaries: frozenset[str], function: str | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            temporaries, function = frozenset(), node.name
        if isinstance(node, ast.With | ast.AsyncWith):
            temporaries |= {
                item.optional_vars.id
                for item in node.items
                if isinstance(item.context_expr, ast.Call)
                and _dotted(item.context_expr.func).split(".")[-1] == "replacing"
                and isinstance(item.optional_vars, ast.Name)
            }
        if isinstance(node, ast.Call):
            check(node, temporaries, function)
        for child in ast.iter_child_nodes(node):
            visit(child, temporaries, function)

    def check(call: ast.Call, temporaries: frozenset[str], function: str | None) -> None:
        where = f"{filename}:{call.lineno}: {ast.unparse(call)[:80]}"
        if _dotted(call.func) in HAND_ROLLED:
            problems.append(f"{where} (write with worker.atomic.replacing instead)")
            return
        written = _written(call)
        if written is None:
            return
        kind, target = written
        while isinstance(target, ast.Call) and _dotted(target.func) == "str" and target.args:
            target = target.args[0]
        if isinstance(target, ast.Name) and target.id in temporaries:
            return
        if function in RAW_WRITERS and kind not in RAW_WRITERS:
            parameter = RAW_WRITERS[function][1]
            if isinstance(target, ast.Name) and target.id == parameter:
                return  # its callers are checked instead
        problems.append(f"{where} (not a temporary of worker.atomic.replacing)")

    visit(ast.parse(source, filename), frozenset(), None)
    return problems


def test_every_file_the_worker_writes_goes_through_the_helper() -> None:
    problems = []
    for path in sorted(WORKER.rglob("*.py")):
        if path.name != "atomic.py":
            problems += unsafe_writes(path.read_text(encoding="utf-8"), str(path))
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "path.write_text('x')",
        "(out / 'model.py').write_bytes(b'x')",
        "save_file(tensors, str(path))",
        "torch.onnx.export(network, inputs, str(path))",
        "with zipfile.ZipFile(path, 'w') as bundle: pass",
        "with path.open('w') as file: pass",
        "with open(path, mode='wb') as file: pass",
        "os.replace(tmp, path)",
        "torch.save(state, path)",
        "with tarfile.open(path, 'w:gz') as archive: pass",
        "export_onnx(network, out / 'model.onnx')",
        "with atomic.replacing(path) as temporary: path.write_text('x')",
        "with replacing(path) as temporary: pass\ntemporary.write_text('x')",
        "def write(path):\n    with replacing(path) as temporary:\n"
        "        def later():\n            temporary.write_text('x')",
    ],
)
def test_the_walk_finds_a_write_past_the_helper(source: str) -> None:
    assert len(unsafe_writes(source, "example.py")) == 1


@pytest.mark.parametrize(
    "source",
    [
        "with atomic.replacing(path) as temporary: temporary.write_text('x')",
        "with replacing(path) as tmp, zipfile.ZipFile(tmp, 'w') as bundle: pass",
        "with replacing(path) as tmp:\n    save_file(tensors, str(tmp), metadata={})",
        "with replacing(path) as tmp:\n    with tmp.open('wb') as out: pass",
        "def export_onnx(network, path):\n    torch.onnx.export(network, (), str(path))",
        "with replacing(path) as tmp:\n    export_onnx(network, tmp, exporter='TorchScript')",
        "with replacing(path) as tmp, tarfile.open(tmp, 'w:gz') as archive: pass",
        "zipfile.ZipFile(path)",
        "tarfile.open(path, 'r:*')",
        "path.open('rb')",
        "Image.open(io.BytesIO(data))",
    ],
)
def test_the_walk_lets_reads_and_temporaries_pass(source: str) -> None:
    assert unsafe_writes(source, "example.py") == []


def test_publish_moves_a_staged_folder_into_place_file_by_file(tmp_path: Path) -> None:
    staged, final = tmp_path / "final" / ".lease-2", tmp_path / "final"
    staged.mkdir(parents=True)
    (final / "model.onnx").write_bytes(b"the earlier run's")
    (staged / "model.onnx").write_bytes(b"this run's")
    (staged / "graph.json").write_text("{}")
    (staged / atomic.temporary_name("bundle.zip")).write_bytes(b"half")
    moved = atomic.publish(staged, final)
    assert sorted(path.name for path in moved) == ["graph.json", "model.onnx"]
    assert (final / "model.onnx").read_bytes() == b"this run's"
    assert sorted(path.name for path in final.iterdir()) == ["graph.json", "model.onnx"]
