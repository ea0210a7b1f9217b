"""The editor for several networks (issue 15 point 5) in the browser: the `dcgan_digits`
sample's training phases edited beside the canvas (a phase's lr, a loss ticked out and in,
undo), saved and reloaded; a phase naming a deleted loss shows the validation error beside
it; a network view lights the generator's nodes and dims the rest; the launch panel shows
each phase's effective optimizer, the phase's own lr winning over the form's."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.e2e.editor import Editor

NETWORK_ROUTE = re.compile(r"#/networks/(\d+)$")


def phases(editor: Editor) -> list[dict[str, Any]]:
    graph = editor.graph()
    return list(graph["training"]["phases"])


def test_phases_are_edited_saved_viewed_and_launched(editor: Editor) -> None:
    editor.open_sample("dcgan_digits")
    editor.expect_valid()
    editor.testid("phases-toggle").click()
    discriminator = editor.testid("phase-discriminator")
    generator = editor.testid("phase-generator")
    expect(generator).to_be_visible()

    # the generator's lr, typed where the phase is edited, goes into the graph's phases
    lr = generator.get_by_test_id("phase-lr")
    expect(lr).to_have_value("0.002")
    # labelled as the launch panel labels the job's settings, not by their field names
    expect(generator.get_by_test_id("phase-lr-title")).to_have_text("Learning rate")
    expect(generator.get_by_test_id("phase-optimizer-title")).to_have_text("Optimizer")
    lr.fill("0.0005")
    lr.press("Enter")
    assert phases(editor)[1]["optimizer"] == {"optimizer": "adam", "lr": 0.0005, "beta1": 0.5}

    # a loss ticked out and back in; undo takes the last tick back
    fake = discriminator.get_by_test_id("phase-loss-d_fake_loss")
    fake.uncheck()
    assert phases(editor)[0]["losses"] == ["d_real_loss"]
    fake.check()
    assert phases(editor)[0]["losses"] == ["d_real_loss", "d_fake_loss"]
    editor.shortcut("Control+z")
    expect(fake).not_to_be_checked()
    assert phases(editor)[0]["losses"] == ["d_real_loss"]

    # Ctrl+Z with the checkbox focused is the graph's undo too, not the browser's: the browser's
    # would put 0.002 back into the lr field (and a later blur would commit it)
    editor.shortcut("Control+Shift+z")
    expect(fake).to_be_checked()
    fake.focus()
    editor.page.keyboard.press("Control+z")
    expect(fake).not_to_be_checked()
    expect(fake).to_be_focused()
    expect(lr).to_have_value("0.0005")
    assert phases(editor)[0]["losses"] == ["d_real_loss"]
    # and with focus in the lr field, which shows the graph's value: undo and redo the graph's
    # last edit (the untick), the field keeps the graph's lr and a click elsewhere commits nothing
    lr.focus()
    editor.page.keyboard.press("Control+z")
    expect(fake).to_be_checked()
    expect(lr).to_have_value("0.0005")
    editor.page.keyboard.press("Control+Shift+z")
    expect(fake).not_to_be_checked()
    expect(lr).to_have_value("0.0005")
    editor.blur()
    assert phases(editor)[0]["losses"] == ["d_real_loss"]
    assert phases(editor)[1]["optimizer"]["lr"] == 0.0005
    # two undos there take the untick and then the lr edit itself back; the field follows
    lr.focus()
    editor.page.keyboard.press("Control+z")
    expect(fake).to_be_checked()
    editor.page.keyboard.press("Control+z")
    expect(lr).to_have_value("0.002")
    editor.page.keyboard.press("Control+Shift+z")
    expect(lr).to_have_value("0.0005")
    editor.page.keyboard.press("Control+Shift+z")
    expect(fake).not_to_be_checked()
    editor.blur()
    assert phases(editor)[1]["optimizer"]["lr"] == 0.0005
    editor.expect_valid()  # a loss in no phase is a warning only

    editor.testid("save").click()
    expect(editor.testid("unsaved")).to_be_hidden()
    expect(editor.page).to_have_url(NETWORK_ROUTE)
    editor.page.reload()
    editor.wait_ready()
    editor.settled()
    kept = phases(editor)
    assert kept[0]["losses"] == ["d_real_loss"]
    assert kept[1]["optimizer"]["lr"] == 0.0005
    editor.testid("phases-toggle").click()
    expect(editor.testid("phase-generator").get_by_test_id("phase-lr")).to_have_value("0.0005")

    # deleting a loss a phase names: the phase shows the validation error beside it
    editor.select("d_real_loss")
    editor.shortcut("Delete")
    expect(editor.node("d_real_loss")).to_have_count(0)
    editor.expect_valid(False)
    error = editor.testid("phase-discriminator").get_by_test_id("phase-error")
    expect(error).to_contain_text("d_real_loss")
    expect(error).to_contain_text("discriminator")
    missing = editor.testid("phase-discriminator").get_by_test_id("phase-loss-d_real_loss")
    expect(missing).to_be_checked()
    editor.shortcut("Control+z")
    expect(editor.node("d_real_loss")).to_have_count(1)
    editor.expect_valid()
    expect(editor.testid("phase-discriminator").get_by_test_id("phase-error")).to_have_count(0)

    # a view per network: the generator's nodes lit, the discriminator's dimmed
    editor.testid("network-view-generator").click()
    expect(editor.node("G").locator(".layer-node")).to_have_attribute("data-network", "lit")
    expect(editor.node("g_loss").locator(".layer-node")).to_have_attribute("data-network", "lit")
    expect(editor.node("d_real").locator(".layer-node")).to_have_attribute("data-network", "dim")
    editor.testid("network-view-discriminator").click()
    for shared_use in ("d_real", "d_fake", "d_gen"):  # every use of the shared name D
        node = editor.node(shared_use).locator(".layer-node")
        expect(node).to_have_attribute("data-network", "lit")
    expect(editor.node("G").locator(".layer-node")).to_have_attribute("data-network", "dim")
    editor.testid("network-view-all").click()
    expect(editor.node("G").locator(".layer-node")).not_to_have_attribute("data-network", "dim")

    # a new phase: named, renamed, shown what it lacks, moved up, removed
    editor.testid("phase-add").click()
    added = editor.testid("phase-phase")
    expect(added.get_by_test_id("phase-error")).to_have_count(2)  # no losses, no updates
    expect(added.get_by_test_id("phase-error").first).to_contain_text("no losses")
    name = added.get_by_test_id("phase-name")
    name.fill("generator")
    name.press("Enter")
    expect(added.get_by_test_id("phase-name-error")).to_be_visible()  # taken
    name.fill("critic")
    name.press("Enter")
    critic = editor.testid("phase-critic")
    critic.get_by_test_id("phase-up").click()
    assert [p["name"] for p in phases(editor)] == ["discriminator", "critic", "generator"]
    expect(editor.testid("network-view-critic")).to_be_visible()
    critic.get_by_test_id("phase-remove").click()
    assert [p["name"] for p in phases(editor)] == ["discriminator", "generator"]
    editor.expect_valid()

    # the launch panel: each phase's effective optimizer, its own values winning
    editor.testid("train").click()
    panel = editor.testid("launch-panel")
    launch_generator = panel.get_by_test_id("launch-phase-generator")
    expect(launch_generator.get_by_test_id("launch-phase-optimizer")).to_contain_text(
        "Adam (phase), Learning rate 0.0005 (phase), β1 0.5 (phase)"
    )
    expect(launch_generator.get_by_test_id("launch-phase-parameters")).to_contain_text(
        "parameters updated"
    )
    expect(panel.get_by_test_id("launch-phase-discriminator")).to_contain_text(
        "Learning rate 0.001 (phase)"
    )
    editor.testid("language").select_option("ja")  # the display names in Japanese too
    expect(launch_generator.get_by_test_id("launch-phase-optimizer")).to_contain_text(
        "最適化：Adam (フェーズ), 学習率 0.0005 (フェーズ), β1 0.5 (フェーズ)"
    )
    # the job's test fraction is held out of every phase, and the panel says so under them
    expect(panel.get_by_test_id("launch-phases-test")).to_have_count(0)
    panel.get_by_test_id("launch-test-fraction").fill("0.2")
    expect(panel.get_by_test_id("launch-phases-test")).to_contain_text(
        "行の 20% をジョブ全体で取り分けます。どのフェーズもこの行では学習せず"
    )


def test_a_node_s_phases_a_shared_rename_and_the_nodes_that_carry_gradient(editor: Editor) -> None:
    editor.open_sample("dcgan_digits")
    editor.expect_valid()

    # the properties panel names the phases that list a node, by id or by its shared_as name
    listed = editor.testid("node-phases")
    editor.select("d_gen")
    expect(listed).to_have_text("Phases: discriminator")
    editor.select("g_loss")
    expect(listed).to_have_text("Phases: generator")
    editor.select("x")
    expect(listed).to_have_text("Phases: in no phase")
    # a node inside a unit: the phases of the unit's uses; a click opens the phase editor on the
    # network's canvas
    editor.testid("unit-tab-discriminator").locator(".unit-tab-name").click()
    expect(editor.testid("unit-tab-discriminator")).to_have_class("unit-tab active")
    editor.select("conv1")
    expect(listed).to_have_text("Phases: discriminator")
    editor.testid("node-phase-discriminator").click()
    expect(editor.testid("phase-discriminator")).to_be_visible()
    expect(editor.testid("phase-discriminator").get_by_test_id("phase-name")).to_be_in_viewport()
    expect(editor.node("d_gen")).to_have_count(1)  # the network's canvas

    # renaming the shared name in Properties carries into the phase that updates it; undo too
    for use in ("d_real", "d_fake", "d_gen"):
        editor.set_param(use, "shared_as", "Critic")
    assert phases(editor)[0]["updates"] == ["Critic"]
    expect(
        editor.testid("phase-discriminator").get_by_test_id("phase-update-Critic")
    ).to_be_checked()
    editor.expect_valid()
    editor.select("d_gen")
    expect(listed).to_have_text("Phases: discriminator")
    editor.shortcut("Control+z")  # d_gen is D again: the phase updates both names
    assert phases(editor)[0]["updates"] == ["D", "Critic"]
    editor.shortcut("Control+Shift+z")
    assert phases(editor)[0]["updates"] == ["Critic"]

    # the generator's view: the discriminator's use on generated images carries the gradient
    # to G but is not updated: marked so (with its tooltip and a legend), not dimmed
    editor.testid("network-view-generator").click()
    d_gen = editor.node("d_gen").locator(".layer-node")
    expect(d_gen).to_have_attribute("data-network", "grad")
    expect(d_gen).to_have_attribute("title", re.compile("not updated"))
    expect(editor.node("G").locator(".layer-node")).to_have_attribute("data-network", "lit")
    expect(editor.node("d_real").locator(".layer-node")).to_have_attribute("data-network", "dim")
    expect(editor.node("d_fake").locator(".layer-node")).to_have_attribute("data-network", "dim")
    expect(editor.testid("network-views-legend")).to_contain_text("carries gradient, not updated")
    editor.testid("network-view-discriminator").click()
    expect(d_gen).to_have_attribute("data-network", "lit")
    expect(editor.node("G").locator(".layer-node")).to_have_attribute("data-network", "dim")
    editor.testid("network-view-all").click()
    expect(editor.testid("network-views-legend")).to_have_count(0)
    expect(d_gen).not_to_have_attribute("data-network", "grad")

    # in Japanese
    editor.testid("language").select_option("ja")
    editor.select("d_gen")
    expect(listed).to_have_text("フェーズ： discriminator")
    editor.testid("network-view-generator").click()
    expect(editor.testid("network-views-legend")).to_contain_text("勾配を伝えるが更新されない")


DANGER = "rgb(220, 38, 38)"  # the stylesheet's --danger: an invalid node's red mark
ACCENT = "rgb(79, 70, 229)"  # its --accent: the lit ring of a network view


def rings(editor: Editor, node_id: str) -> str:
    """The rings drawn around a node's box (its computed box-shadow)."""
    return str(
        editor.node(node_id).locator(".layer-node").evaluate("e => getComputedStyle(e).boxShadow")
    )


def test_an_invalid_node_lit_by_a_network_view_shows_the_lit_ring_and_its_error(
    editor: Editor,
) -> None:
    editor.open_sample("dcgan_digits")
    editor.expect_valid()
    editor.set_param("g_loss", "weight", "-1")
    editor.expect_valid(False)
    editor.select("x")  # g_loss not selected: its rings are its marks alone
    g_loss = editor.node("g_loss")
    expect(g_loss).to_have_attribute("data-invalid", "true")
    expect(g_loss.locator(".layer-node")).not_to_have_class(re.compile(r"\bselected\b"))
    assert DANGER in rings(editor, "g_loss") and ACCENT not in rings(editor, "g_loss")

    # the generator's view lights its loss: the lit ring around the red mark, the error shown
    editor.testid("network-view-generator").click()
    expect(g_loss.locator(".layer-node")).to_have_attribute("data-network", "lit")
    assert DANGER in rings(editor, "g_loss") and ACCENT in rings(editor, "g_loss")
    expect(g_loss.get_by_test_id("node-error")).to_contain_text("weight")
    # a valid lit node keeps its lit ring alone
    expect(editor.node("G").locator(".layer-node")).to_have_attribute("data-network", "lit")
    assert ACCENT in rings(editor, "G") and DANGER not in rings(editor, "G")

    # a view that dims it: the red mark alone again
    editor.testid("network-view-discriminator").click()
    expect(g_loss.locator(".layer-node")).to_have_attribute("data-network", "dim")
    assert DANGER in rings(editor, "g_loss") and ACCENT not in rings(editor, "g_loss")
