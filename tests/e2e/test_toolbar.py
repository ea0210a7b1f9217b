"""The toolbar's name box: it grows with a long name, within reason, and a name longer than it
shows whole as the box's tooltip (on hover, and to a screen reader on focus)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.editor import Editor

MAX_PX = 320  # training.css .toolbar .network-name max-width


def test_the_name_box_grows_with_the_name_and_shows_it_whole(editor: Editor) -> None:
    box = editor.testid("network-name")
    box.fill("Net")
    expect(box).to_have_attribute("title", "Net")
    short = box.bounding_box()
    assert short is not None
    long_name = "A residual MLP for week three's spirals, with dropout and weight decay"
    box.fill(long_name)
    expect(box).to_have_attribute("title", long_name)  # the whole name, where the box cuts it
    wide = box.bounding_box()
    assert wide is not None
    assert short["width"] < wide["width"] <= MAX_PX + 1, (short, wide)  # grown, within reason
    assert editor.graph()["name"] == long_name
    box.fill(long_name * 3)
    grown = box.bounding_box()
    assert grown is not None and grown["width"] <= MAX_PX + 1, grown  # no further
