"""Undo and redo, from the keyboard and the toolbar; where pasted layers land."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.editor import Editor, wait_until


def params_of(editor: Editor, node_id: str) -> dict[str, object]:
    node = next(node for node in editor.graph()["nodes"] if node["id"] == node_id)
    params: dict[str, object] = node.get("params", {})
    return params


def expect_out_features(editor: Editor, node_id: str, seven: bool) -> None:
    """Wait until the Linear's out_features is 7 (or, with seven false, anything else)."""
    wait_until(
        lambda: (params_of(editor, node_id).get("out_features") == 7) == seven,
        what=f"out_features {'' if seven else 'not '}7 on {node_id}",
    )


def test_undo_and_redo_restore_nodes_and_parameters(editor: Editor) -> None:
    editor.drop("Input", 200, 60)
    editor.set_param("input1", "shape", "20")
    linear = editor.drop("Linear", 200, 260)
    editor.set_param(linear, "out_features", "7")
    expect(editor.nodes()).to_have_count(2)
    expect_out_features(editor, linear, seven=True)

    # Keyboard: undo the parameter, then the second node; redo both.
    # Steps: drop, parameter, drop, parameter.
    editor.shortcut("Control+z")
    expect(editor.nodes()).to_have_count(2)
    expect_out_features(editor, linear, seven=False)
    editor.shortcut("Control+z")
    expect(editor.nodes()).to_have_count(1)
    editor.shortcut("Control+Shift+z")
    expect(editor.nodes()).to_have_count(2)
    editor.shortcut("Control+Shift+z")
    expect_out_features(editor, linear, seven=True)

    # Buttons: the same steps.
    editor.testid("undo").click()
    expect_out_features(editor, linear, seven=False)
    editor.testid("undo").click()
    expect(editor.nodes()).to_have_count(1)
    editor.testid("redo").click()
    expect(editor.nodes()).to_have_count(2)
    editor.testid("redo").click()
    expect_out_features(editor, linear, seven=True)
    assert params_of(editor, "input1")["shape"] == [20]


def test_pastes_land_beside_the_copy_and_on_no_node(editor: Editor) -> None:
    """Ctrl+V three times (and Ctrl+D once): each copy on a free spot, none on another node."""
    editor.open_sample("xor_mlp")
    editor.expect_valid()
    before = editor.node_ids()
    hidden = next(n["id"] for n in editor.graph()["nodes"] if n["type"] == "Linear")
    editor.select(hidden)
    editor.shortcut("Control+c")
    for _ in range(3):
        editor.shortcut("Control+v")
    editor.shortcut("Control+d")
    wait_until(lambda: len(editor.node_ids()) == len(before) + 4, what="four copies")
    boxes = [b for b in (editor.node(i).bounding_box() for i in editor.node_ids()) if b]
    assert len(boxes) == len(before) + 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (a, b)
