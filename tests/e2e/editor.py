"""The editor's UI contract (its data-testid values) as a small driver for the tests.

Selectors used here, and only here:
- nodes `.react-flow__node[data-id=<id>]` with `node-type`, `node-shape`, `node-params`,
  `node-error` inside and `data-invalid` on the node; handles `out` (source), `in0`... (targets);
- the palette's `palette-item-<Type>`, the properties panel's `prop-id` and `param-<name>`;
- the toolbar's buttons and `graph-status` (`data-valid`, `data-pending`), which opens `problems`;
- the confirm dialog's `confirm-dialog`, `confirm-ok` and `confirm-cancel`;
- `window.netcanvas.graph()`, the graph being edited, and `window.netcanvas.dirty()`.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page, expect

SETTLE_MS = 15_000


def wait_until(
    condition: Callable[[], Any],
    timeout: float = 15.0,
    what: str = "condition",
    page: Page | None = None,
) -> Any:
    """Poll `condition` until it returns something truthy; fail naming `what` otherwise.
    A condition on what `page.on(...)` handlers collect needs `page`: Playwright hands its
    events over only while a call to it runs, so the waits between tries are the page's."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        if page is None:
            time.sleep(0.1)
        else:
            page.wait_for_timeout(100)


def api(base_url: str, path: str, body: Any = None) -> Any:
    """GET (or POST `body` as JSON to) the app's API; the answer as JSON."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{base_url}{path}", data=data, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class Editor:
    """One page of the editor."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    # --- finding things -------------------------------------------------------------

    def testid(self, name: str) -> Locator:
        return self.page.get_by_test_id(name)

    def nodes(self) -> Locator:
        return self.page.locator(".react-flow__node")

    def node(self, node_id: str) -> Locator:
        return self.page.locator(f'.react-flow__node[data-id="{node_id}"]')

    def shape(self, node_id: str) -> Locator:
        return self.node(node_id).get_by_test_id("node-shape")

    def node_ids(self) -> list[str]:
        ids: list[str] = self.nodes().evaluate_all("els => els.map(e => e.dataset.id)")
        return ids

    def graph(self) -> dict[str, Any]:
        graph: dict[str, Any] = self.page.evaluate("() => window.netcanvas.graph()")
        return graph

    # --- waiting --------------------------------------------------------------------

    def open(self, route: str = "") -> None:
        """Load the editor (at `#<route>` when given) and wait until the canvas is there."""
        self.page.goto(f"{self.base_url}/{'#' + route if route else ''}")
        self.wait_ready()

    def wait_ready(self) -> None:
        expect(self.page.locator(".react-flow__pane")).to_be_visible(timeout=30_000)
        expect(self.testid("palette")).to_be_visible()
        self.page.wait_for_function("() => typeof window.netcanvas?.graph === 'function'")

    def settled(self) -> None:
        """Wait until no validation is pending or in flight."""
        expect(self.testid("graph-status")).to_have_attribute(
            "data-pending", "false", timeout=SETTLE_MS
        )

    def view_still(self) -> None:
        """Wait until the canvas's view stops moving: a fit animates for 200 ms, longer on a
        loaded machine, and a graph just opened is fitted once its nodes are measured."""
        self.page.wait_for_timeout(600)
        viewport = self.page.locator(".react-flow__viewport")
        seen: list[str] = []

        def still() -> bool:
            seen.append(viewport.evaluate("e => e.style.transform"))
            return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

        wait_until(still, what="the canvas's view to stop moving", page=self.page)

    def expect_valid(self, valid: bool = True) -> None:
        self.settled()
        expect(self.testid("graph-status")).to_have_attribute(
            "data-valid", "true" if valid else "false", timeout=SETTLE_MS
        )

    def expect_shape(self, node_id: str, shape: list[int]) -> None:
        expect(self.shape(node_id)).to_have_text(str(shape), timeout=SETTLE_MS)

    # --- editing --------------------------------------------------------------------

    def drop(self, layer: str, x: float, y: float) -> str:
        """Drag `layer` from the palette onto the pane at (x, y) of the pane; the new node's id."""
        before = set(self.node_ids())
        item = self.testid(f"palette-item-{layer}")
        item.scroll_into_view_if_needed()
        item.drag_to(self.page.locator(".react-flow__pane"), target_position={"x": x, "y": y})
        added = wait_until(
            lambda: set(self.node_ids()) - before, what=f"a {layer} node after the drop"
        )
        assert len(added) == 1, f"one drop added {sorted(added)}"
        new_id: str = added.pop()
        return new_id

    def connect(self, source: str, target: str, port: int = 0) -> None:
        """Drag from `source`'s output handle to `target`'s input handle `port`."""
        edges = self.page.locator(".react-flow__edge")
        count = edges.count()
        self.drag_port(source, target, port)
        expect(edges).to_have_count(count + 1)

    def drag_port(self, source: str, target: str, port: int = 0) -> None:
        """Drag `source`'s output onto `target`'s input `port`, whatever the canvas makes of it."""
        start = self.node(source).locator('.react-flow__handle.source[data-handleid="out"]')
        end = self.node(target).locator(f'.react-flow__handle.target[data-handleid="in{port}"]')
        a, b = start.bounding_box(), end.bounding_box()
        assert a is not None and b is not None, f"handles of {source} → {target} not on screen"
        mouse = self.page.mouse
        mouse.move(a["x"] + a["width"] / 2, a["y"] + a["height"] / 2)
        mouse.down()
        mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=12)
        mouse.up()

    def select(self, node_id: str) -> None:
        """Click a node and wait until the properties panel shows it."""
        self.node(node_id).get_by_test_id("node-type").click()
        prop_id = self.testid("prop-id")
        wait_until(
            lambda: (
                node_id
                in prop_id.evaluate("e => e instanceof HTMLInputElement ? e.value : e.textContent")
            ),
            what=f"the properties panel to show {node_id}",
        )

    def set_param(self, node_id: str, name: str, value: str) -> None:
        """Select the node, type `value` into its parameter `name`, commit with Tab."""
        self.select(node_id)
        field = self.testid(f"param-{name}")
        field.fill(value)
        field.press("Tab")

    def blur(self) -> None:
        """Move the focus out of any field, so that keyboard shortcuts reach the editor."""
        self.page.evaluate("() => document.activeElement?.blur()")

    def shortcut(self, keys: str) -> None:
        self.blur()
        self.page.keyboard.press(keys)

    def dirty(self) -> bool:
        """Whether replacing the document (New, a sample, Open, Import) would ask first."""
        return bool(self.page.evaluate("() => window.netcanvas.dirty()"))

    def replace(self, action: Callable[[], object], discard: bool = True) -> None:
        """Do `action`, which replaces the document; answer the question it asks, if any."""
        asked = self.dirty()
        action()
        if asked:
            expect(self.testid("confirm-dialog")).to_be_visible()
            self.testid("confirm-ok" if discard else "confirm-cancel").click()
            expect(self.testid("confirm-dialog")).to_have_count(0)

    def new_network(self) -> None:
        """Start an empty network, discarding unsaved work."""
        self.replace(lambda: self.testid("new-network").click())
        expect(self.nodes()).to_have_count(0)

    def import_file(self, path: str) -> None:
        """Import a graph file, discarding unsaved work."""
        self.replace(lambda: self.testid("import").set_input_files(path))

    def open_sample(self, sample: str) -> None:
        """Start a new network from the sample whose id or name is `sample`."""
        select = self.testid("sample-select")
        wanted = sample.lower()
        options: list[dict[str, str]] = []

        def matching() -> list[dict[str, str]]:
            # The samples' list comes apart from the catalogue: the menu fills in when it is here.
            options[:] = select.locator("option").evaluate_all(
                "os => os.map(o => ({value: o.value, label: o.textContent.trim()}))"
            )
            return [o for o in options if wanted in (o["value"].lower(), o["label"].lower())]

        try:
            match = wait_until(matching, what=f"the option {sample!r} of sample-select")
        except AssertionError as error:
            raise AssertionError(f"sample-select has no option {sample!r}: {options}") from error
        self.replace(lambda: select.select_option(value=match[0]["value"]))
        expect(self.nodes()).not_to_have_count(0, timeout=SETTLE_MS)
        self.settled()

    def unsaved_visible(self) -> bool:
        return self.testid("unsaved").is_visible()

    def expect_listed_by_name(self, job_id: int, ja: str, en: str, key: str) -> None:
        """From a Japanese page: the jobs list names job `job_id`'s dataset `ja`, then, once
        the language is English, `en`, and never by its key."""
        self.page.goto(f"{self.base_url}/#/jobs")
        row = self.testid(f"job-row-{job_id}")
        expect(row).to_contain_text(ja)
        self.testid("language").select_option("en")
        expect(row).to_contain_text(en)
        expect(row).not_to_contain_text(key)


# A shape as the nodes show it: `[16, 24, 24]`, `[]` for a loss.
SHAPE = re.compile(r"^\[[\d, ]*\]$")
