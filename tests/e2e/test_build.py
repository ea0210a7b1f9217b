"""Building a network by hand: palette, handles, properties panel, live shapes and errors."""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import expect

from tests.e2e.editor import Editor

# LeNet in the order its layers are dragged in, with the parameters typed into the
# properties panel and the output shape each node then shows.
LENET: list[tuple[str, dict[str, str], list[int]]] = [
    ("Input", {"shape": "1, 28, 28"}, [1, 28, 28]),
    ("Conv2d", {"out_channels": "16", "kernel_size": "5"}, [16, 24, 24]),
    ("ReLU", {}, [16, 24, 24]),
    ("MaxPool2d", {"kernel_size": "2"}, [16, 12, 12]),
    ("Conv2d", {"out_channels": "32", "kernel_size": "5"}, [32, 8, 8]),
    ("ReLU", {}, [32, 8, 8]),
    ("MaxPool2d", {"kernel_size": "2"}, [32, 4, 4]),
    ("Flatten", {}, [512]),
    ("Linear", {"out_features": "120"}, [120]),
    ("ReLU", {}, [120]),
    ("Linear", {"out_features": "10"}, [10]),
    ("CrossEntropyLoss", {}, []),
]
EXPECTED_IDS = [
    "input1",
    "conv2d1",
    "relu1",
    "maxpool2d1",
    "conv2d2",
    "relu2",
    "maxpool2d2",
    "flatten1",
    "linear1",
    "relu3",
    "linear2",
    "crossentropyloss1",
]


# Cells of a 3×5 grid over the pane, in drop order. The first node goes to the
# centre, where the editor's fit view on its first node leaves it; the bottom
# row stays free for the minimap and the zoom controls.
CELLS = [(1, 2), (0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1), (0, 2), (0, 3), (1, 3), (2, 3)]
CELLS.append((2, 2))


def drop_positions(editor: Editor) -> list[tuple[float, float]]:
    """Distinct spots on the pane, one per layer of LENET."""
    box = editor.page.locator(".react-flow__pane").bounding_box()
    assert box is not None
    width, height = box["width"] / 3, box["height"] / 5
    return [(width * (column + 0.5), height * (row + 0.5)) for column, row in CELLS]


def test_build_lenet_by_dragging_from_the_palette(editor: Editor) -> None:
    expect(editor.nodes()).to_have_count(0)
    ids = [
        editor.drop(layer, x, y)
        for (layer, _, _), (x, y) in zip(LENET, drop_positions(editor), strict=True)
    ]
    assert ids == EXPECTED_IDS
    for source, target in itertools.pairwise(ids):
        editor.connect(source, target)
    for node_id, (_, params, _) in zip(ids, LENET, strict=True):
        for name, value in params.items():
            editor.set_param(node_id, name, value)

    editor.expect_valid()
    for node_id, (layer, _, shape) in zip(ids, LENET, strict=True):
        expect(editor.node(node_id).get_by_test_id("node-type")).to_contain_text(layer)
        if shape:
            editor.expect_shape(node_id, shape)
        expect(editor.node(node_id)).to_have_attribute("data-invalid", "false")
    graph = editor.graph()
    assert [node["id"] for node in graph["nodes"]] == ids
    assert len(graph["edges"]) == len(ids) - 1
    # Parameters equal to the catalogue's defaults (out_channels 16) may be left out.
    conv = next(node for node in graph["nodes"] if node["id"] == "conv2d1")
    assert conv["params"].get("out_channels", 16) == 16 and conv["params"]["kernel_size"] == 5
    # The same network as the README's `netcanvas validate` of the LeNet sample.
    expect(editor.testid("stats-total-params")).to_contain_text("76,018")
    expect(editor.testid("stats-total-macs")).to_contain_text("1,112,240")
    expect(editor.testid("stats-macs-help")).to_have_attribute(
        "title", re.compile("Bias adds are not counted")
    )


def test_a_broken_shape_marks_its_node_until_fixed(editor: Editor) -> None:
    editor.open_sample("lenet")
    editor.expect_valid()
    conv = editor.node("conv1")
    expect(conv).to_have_attribute("data-invalid", "false")
    expect(conv.get_by_test_id("node-error")).to_have_count(0)

    # A 5×5 kernel cannot slide over a 3×3 image.
    editor.set_param("x", "shape", "1, 3, 3")
    editor.expect_valid(False)
    expect(conv).to_have_attribute("data-invalid", "true")
    expect(conv.get_by_test_id("node-error")).to_be_visible()
    expect(conv.get_by_test_id("node-error")).not_to_have_text("")
    # One mistake shows as one red node: downstream nodes are not blamed.
    expect(editor.node("fc2")).to_have_attribute("data-invalid", "false")

    editor.set_param("x", "shape", "1, 28, 28")
    editor.expect_valid()
    expect(conv).to_have_attribute("data-invalid", "false")
    expect(conv.get_by_test_id("node-error")).to_have_count(0)
    editor.expect_shape("conv1", [16, 24, 24])
    editor.expect_shape("fc2", [10])


def test_palette_search_and_double_click_add_a_connected_layer(editor: Editor) -> None:
    editor.drop("Input", 300, 200)
    editor.set_param("input1", "shape", "20")
    editor.testid("palette-search").fill("pool")
    items = editor.page.locator("[data-testid^='palette-item-']")
    expect(items.first).to_have_attribute("data-testid", "palette-item-MaxPool1d")
    pools = [f"{kind}Pool{rank}d" for kind in ("Max", "Avg", "Sum") for rank in (1, 2, 3)]
    shown = [item.get_attribute("data-testid") for item in items.all()]
    assert shown == [f"palette-item-{t}" for t in [*pools, "GlobalAvgPool2d", "Upsample"]]

    editor.testid("palette-search").fill("linear")
    expect(editor.testid("palette-item-Linear")).to_be_visible()
    expect(editor.testid("palette-item-Conv2d")).to_be_hidden()

    editor.select("input1")
    editor.testid("palette-item-Linear").dblclick()
    expect(editor.nodes()).to_have_count(2)
    expect(editor.page.locator(".react-flow__edge")).to_have_count(1)
    assert editor.graph()["edges"] == [{"source": "input1", "target": "linear1"}]
    editor.expect_shape("linear1", [10])
    below = editor.node("linear1").bounding_box()
    above = editor.node("input1").bounding_box()
    assert below is not None and above is not None and below["y"] > above["y"]
