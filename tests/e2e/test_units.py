"""Units in the editor (issue 15): a unit made on its own tab, with an argument bound to a
parameter, used three times with different values; editing the unit changes every use;
save and reload keep it. Takes the README's screenshot (docs/images/units.png).
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor
from tests.serving import ROOT

SHOT = ROOT / "docs" / "images" / "units.png"


def add_below(editor: Editor, testid: str) -> str:
    """Double-click a palette item: the new node goes below the selected one, wired to it."""
    before = set(editor.node_ids())
    item = editor.testid(testid)
    item.scroll_into_view_if_needed()
    item.dblclick()
    expect(editor.nodes()).to_have_count(len(before) + 1)
    (added,) = set(editor.node_ids()) - before
    return added


def make_block_unit(editor: Editor) -> None:
    """Unit `block`: UnitInput → Conv2d (out_channels = $channels, 3×3) → ReLU → UnitOutput."""
    editor.testid("unit-new").click()
    editor.testid("unit-new-name").fill("block")
    editor.testid("unit-new-name").press("Enter")
    expect(editor.testid("unit-tab-block")).to_have_class("unit-tab active")
    assert sorted(editor.node_ids()) == ["in", "out"]
    # A unit holds no Input and no loss; it offers its own ends.
    expect(editor.testid("palette-item-Input")).to_have_count(0)
    expect(editor.testid("palette-item-CrossEntropyLoss")).to_have_count(0)
    expect(editor.testid("palette-item-UnitOutput")).to_be_visible()

    editor.testid("argument-add").click()
    name = editor.testid("argument-arg1").get_by_test_id("argument-name")
    name.fill("channels")
    name.press("Enter")
    default = editor.testid("argument-channels").get_by_test_id("argument-default")
    default.fill("8")
    default.press("Enter")

    editor.select("out")
    editor.shortcut("Delete")
    editor.select("in")
    conv = add_below(editor, "palette-item-Conv2d")
    relu = add_below(editor, "palette-item-ReLU")
    end = add_below(editor, "palette-item-UnitOutput")
    # The unit's value leaves through the use: UnitOutput offers no output handle.
    expect(editor.node(end).locator(".react-flow__handle.source")).to_have_count(0)
    editor.set_param(conv, "kernel_size", "3")
    editor.testid("bind-out_channels").select_option("channels")
    expect(editor.testid("param-bound-out_channels")).to_have_text("$channels")
    expect(editor.node(conv).get_by_test_id("node-summary")).to_contain_text("$channels")
    # The Argument select sits inside the panel, as the fields do.
    panel = editor.testid("properties").bounding_box()
    bind = editor.page.locator(".field-bind").first.bounding_box()
    assert panel and bind and bind["x"] >= panel["x"] + 8, (panel, bind)
    assert relu == "relu1"


def same_document(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal graphs, but for the name (a save names an unnamed network) and empty
    descriptions (the server writes a unit's and an argument's default `""`)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if not (k == "description" and v == "")}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return bool(plain({**a, "name": None}) == plain({**b, "name": None}))


def expect_uses(editor: Editor, expected: list[tuple[str, list[int], str]]) -> None:
    editor.settled()
    for node_id, shape, params in expected:
        editor.expect_shape(node_id, shape)
        expect(editor.node(node_id).get_by_test_id("node-params")).to_have_text(params)


def test_a_unit_used_three_times_follows_its_edits_and_survives_a_reload(editor: Editor) -> None:
    make_block_unit(editor)
    editor.testid("unit-tab-network").click()
    expect(editor.testid("arguments")).to_have_count(0)
    editor.blur()
    first = add_below(editor, "palette-item-Input")
    editor.set_param(first, "shape", "1, 28, 28")
    uses = []
    for channels in ("4", "8", "16"):
        use = add_below(editor, "palette-unit-block")
        field = editor.testid("unit-arg-channels")
        expect(field).to_have_attribute("placeholder", "8")
        field.fill(channels)
        field.press("Tab")
        uses.append(use)
    assert uses == ["block1", "block2", "block3"]
    add_below(editor, "palette-item-Flatten")
    fc = add_below(editor, "palette-item-Linear")
    editor.set_param(fc, "out_features", "10")
    add_below(editor, "palette-item-CrossEntropyLoss")
    editor.expect_valid()
    # conv 3×3 without padding: 28 → 26 → 24 → 22; weights c_in·c_out·9 + c_out.
    # Three uses of one unit differ at a glance: each shows its argument values.
    summary = editor.node("block2").get_by_test_id("node-summary")
    expect(summary).to_have_text("block (channels 8)")
    expect_uses(
        editor,
        [
            ("block1", [4, 26, 26], "40"),
            ("block2", [8, 24, 24], "296"),
            ("block3", [16, 22, 22], "1,168"),
        ],
    )
    editor.testid("fit").click()
    editor.page.wait_for_timeout(400)  # the view's animation
    editor.select("block2")
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    editor.page.screenshot(path=str(SHOT))

    # Edit the unit: a 5×5 kernel changes every use.
    editor.testid("unit-open").click()
    expect(editor.testid("unit-tab-block")).to_have_class("unit-tab active")
    editor.set_param("conv2d1", "kernel_size", "5")
    editor.testid("unit-tab-network").click()
    expected = [
        ("block1", [4, 24, 24], "104"),
        ("block2", [8, 20, 20], "808"),
        ("block3", [16, 16, 16], "3,216"),
    ]
    expect_uses(editor, expected)

    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    saved = editor.graph()
    assert [u["name"] for u in saved["units"]] == ["block"]
    conv = next(n for n in saved["units"][0]["nodes"] if n["id"] == "conv2d1")
    assert conv["params"]["out_channels"] == "$channels" and conv["params"]["kernel_size"] == 5
    editor.page.reload()
    editor.wait_ready()
    expect(editor.testid("unit-tab-block")).to_be_visible()
    expect_uses(editor, expected)
    assert same_document(editor.graph(), saved)
    expect(editor.testid("unsaved")).to_be_hidden()


def test_make_a_unit_from_the_selection_keeps_the_shapes(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.expect_valid()
    # Shift+drag on the empty canvas: a box selects the nodes inside it (README: "Make a unit")
    selected = editor.page.locator(".react-flow__node.selected")
    first, last = editor.node("conv1").bounding_box(), editor.node("pool1").bounding_box()
    assert first is not None and last is not None
    mouse = editor.page.mouse
    editor.page.keyboard.down("Shift")
    mouse.move(first["x"] - 30, first["y"] - 20)
    mouse.down()
    mouse.move(last["x"] + last["width"] + 30, last["y"] + last["height"] + 20, steps=8)
    mouse.up()
    editor.page.keyboard.up("Shift")
    expect(selected).to_have_count(3)
    mouse.click(first["x"] - 60, first["y"] + 10)  # the empty canvas: nothing selected
    expect(selected).to_have_count(0)
    editor.select("conv1")
    expect(selected).to_have_count(1)
    # Ctrl+click and Shift+click both add to the selection
    editor.node("relu1").get_by_test_id("node-type").click(modifiers=["Control"])
    editor.node("pool1").get_by_test_id("node-type").click(modifiers=["Shift"])
    expect(selected).to_have_count(3)
    editor.testid("unit-make").click()
    editor.testid("unit-make-name").fill("stem")
    editor.testid("unit-make-name").press("Enter")
    expect(editor.node("stem1")).to_be_visible()
    expect(editor.node("conv1")).to_have_count(0)
    editor.expect_valid()
    # Conv 5×5 (16) → ReLU → pool 2: the use gives what pool1 gave, with conv1's 416 weights.
    expect_uses(editor, [("stem1", [16, 12, 12], "416"), ("conv2", [32, 8, 8], "12,832")])
    editor.testid("unit-tab-stem").click()
    assert sorted(editor.node_ids()) == ["conv1", "pool1", "relu1", "unitinput1", "unitoutput1"]
    editor.expect_shape("pool1", [16, 12, 12])

    # An error inside the unit marks the node in the unit's tab; the problems list names the tab.
    editor.set_param("conv1", "kernel_size", "40")
    editor.expect_valid(False)
    expect(editor.node("conv1")).to_have_attribute("data-invalid", "true")
    editor.testid("graph-status").click()
    inside = editor.testid("problems").locator('[data-testid="problem"][data-node="conv1"]')
    expect(inside.get_by_test_id("problem-tab")).to_have_text("unit stem")
    outside = editor.testid("problems").locator('[data-testid="problem"][data-node="stem1"]')
    expect(outside.get_by_test_id("problem-tab")).to_have_text("Network")
    outside.click()
    expect(editor.testid("unit-tab-network")).to_have_attribute("aria-current", "page")
    expect(editor.node("stem1")).to_have_attribute("data-invalid", "true")
    editor.shortcut("Control+z")
    expect(editor.testid("unit-tab-stem")).to_have_class("unit-tab active")
    editor.expect_valid()
    editor.shortcut("Control+z")
    expect(editor.testid("unit-tab-stem")).to_have_count(0)
    expect(editor.node("conv1")).to_be_visible()
    editor.expect_shape("conv1", [16, 24, 24])


def test_the_resnet_units_sample_opens_with_its_unit_on_a_tab(editor: Editor) -> None:
    editor.open_sample("resnet_units")
    editor.expect_valid()
    expect(editor.node("blocks").get_by_test_id("node-summary")).to_contain_text("res_block")
    expect(editor.node("blocks").get_by_test_id("node-shape")).not_to_have_text("")
    editor.testid("unit-tab-res_block").click()
    expect(editor.nodes().first).to_be_visible()
    types = editor.nodes().get_by_test_id("node-type").all_text_contents()
    assert "UnitInput" in types and "UnitOutput" in types
    expect(editor.page.locator('.react-flow__node[data-invalid="true"]')).to_have_count(0)
    expect(editor.testid("arguments")).to_be_visible()

    # A use copied into a new document brings its unit, and keeps its id.
    editor.testid("unit-tab-network").click()
    editor.select("blocks")
    editor.shortcut("Control+c")
    editor.new_network()
    editor.shortcut("Control+v")
    expect(editor.node("blocks")).to_be_visible()
    expect(editor.testid("unit-tab-res_block")).to_be_visible()
    assert [u["name"] for u in editor.graph()["units"]] == ["res_block"]
    problems = editor.page.locator('[data-testid="node-error"]').all_text_contents()
    assert not any("no unit named" in p for p in problems), problems
