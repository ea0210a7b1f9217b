"""Benchmark: the editor's initial render and its frame time while dragging a node, in Chromium.

Starts the app as `make run` does (`netcanvas serve`, its own data folder and
Redis), saves generated networks of Linear+ReLU blocks laid out on a grid
through the API, opens each one at `/#/networks/<id>` in headless Chromium
(Playwright) and measures:

- render: from the start of navigation to the first animation frame after
  which the nodes and edges React Flow puts in the page stop changing in number
  and the nodes are all measured (visible), timed when that frame's callback
  runs. Whether it renders every node or only those on
  screen is the app's choice; the count it rendered is printed.
- drag: the intervals between animation frames recorded in the page while a
  node is dragged in a 60-step mouse move (mean and 95th percentile).

Each figure is set against the same measurement on a 10-node graph, taken side
by side in the same rounds (round after round, medians over rounds).

`--against DIR` serves a second build of the editor (a `frontend/dist` folder,
say of the code before a change) beside this one, each app with its own data
folder, and measures both the same way in every round, in alternating order,
each against its own 10-node figure.

    .venv/bin/python bench/editor_render.py [--sizes 300 1000] [--rounds 3] [--url URL]
        [--against DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
BASELINE = 10
COLUMNS = 20
DRAG_STEPS = 60

# Resolves once the nodes and edges in the page have kept the same count, every node
# measured, for 10 animation frames; gives the time (ms since navigation start) of the
# frame where the count last changed, and the nodes and edges drawn. The time is read
# when the frame's callback runs (`performance.now()`), not the frame's own timestamp,
# which is when the frame was due: after a long task the two differ by the whole task.
# `measure` installs it before the page's own scripts (`OBSERVE`): evaluated after the
# navigation, it started only once the page gave the main thread up, and a page busy with
# a long task then counted from the first frame after it.
RENDERED = """(expected) => new Promise((resolve) => {
  let count = -1, since = 0, stable = 0;
  const frame = () => {
    const now = performance.now();
    const nodes = document.querySelectorAll('.react-flow__node');
    const drawn = nodes.length + document.querySelectorAll('.react-flow__edge').length;
    const loaded = window.netcanvas && nodes.length > 0 &&
      [...nodes].every((n) => getComputedStyle(n).visibility !== 'hidden');
    if (!loaded || drawn !== count) {
      count = loaded ? drawn : -1; since = now; stable = 0;
    } else if (++stable >= 10 && window.netcanvas.graph().nodes.length === expected) {
      return resolve({ms: since, rendered: nodes.length, edges: count - nodes.length});
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})"""

OBSERVE = "window.__rendered = (%s)(%d);"

RECORD_FRAMES = """() => {
  window.__frames = [];
  window.__recording = true;
  const frame = (now) => {
    if (!window.__recording) return;
    window.__frames.push(now);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}"""

STOP_FRAMES = """() => {
  window.__recording = false;
  const f = window.__frames;
  return f.slice(1).map((t, i) => t - f[i]);
}"""


def blocks_graph(node_count: int) -> dict[str, Any]:
    """Input [64], then Linear(64) and ReLU one after another, on a snake of COLUMNS columns."""
    types = ["Input"] + ["Linear" if index % 2 else "ReLU" for index in range(1, node_count)]
    nodes = []
    for index, layer in enumerate(types):
        row, column = divmod(index, COLUMNS)
        if row % 2:
            column = COLUMNS - 1 - column
        node: dict[str, Any] = {
            "id": f"n{index}",
            "type": layer,
            "ui": {"x": column * 240, "y": row * 160},
        }
        if layer == "Input":
            node["params"] = {"shape": [64]}
        elif layer == "Linear":
            node["params"] = {"out_features": 64}
        nodes.append(node)
    edges = [{"source": f"n{i}", "target": f"n{i + 1}"} for i in range(node_count - 1)]
    name = f"{node_count} nodes"
    return {"format": "netcanvas/graph@1", "name": name, "nodes": nodes, "edges": edges}


def post(url: str, body: Any) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@contextmanager
def served(frontend: Path | None = None) -> Iterator[str]:
    """`netcanvas serve` on a free port with a throwaway data folder (and the editor built
    in `frontend` when given)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
        env["NETCANVAS_DATA_DIR"] = folder
        if frontend is not None:
            env["NETCANVAS_FRONTEND_DIR"] = str(frontend)
        log = Path(folder) / "serve.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "netcanvas_cli", "serve", "--port", str(port)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/api/health", timeout=1):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        failure = f"netcanvas serve did not start:\n{log.read_text()}"
                        raise SystemExit(failure) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def measure(browser: Browser, url: str, network_id: int, node_count: int) -> dict[str, float]:
    """One render and one drag of the saved network, in a fresh page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.add_init_script(OBSERVE % (RENDERED, node_count))
    try:
        page.goto(f"{url}/#/networks/{network_id}", wait_until="commit")
        rendered = page.evaluate("window.__rendered")
        frames = drag_frames(page)
    finally:
        context.close()
    return {
        "render_ms": rendered["ms"],
        "rendered": rendered["rendered"],
        "edges": rendered["edges"],
        "frame_ms": statistics.mean(frames),
        "frame_p95_ms": statistics.quantiles(frames, n=20)[-1],
    }


def drag_frames(page: Page) -> list[float]:
    """Frame intervals while the first rendered node is dragged 300 px in 60 steps."""
    page.wait_for_timeout(500)  # let validation answer and the page go quiet
    node = page.locator(".react-flow__node").first
    box = node.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate(RECORD_FRAMES)
    for step in range(1, DRAG_STEPS + 1):
        page.mouse.move(x + 5 * step, y + 2 * step)
    page.mouse.up()
    page.wait_for_timeout(100)
    frames: list[float] = page.evaluate(STOP_FRAMES)
    moved = node.bounding_box()
    if moved is None or abs(moved["x"] - box["x"]) < 10:
        raise SystemExit(f"the drag did not move the node: {box} → {moved}")
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", help="an app already running; default: start one")
    parser.add_argument(
        "--against",
        type=Path,
        help="another build of the editor (a frontend/dist folder) to serve and measure beside",
    )
    args = parser.parse_args()
    if not (ROOT / "frontend" / "dist" / "index.html").is_file() and args.url is None:
        raise SystemExit("frontend/dist is missing: `make install` builds the editor")
    if args.against is not None and not (args.against / "index.html").is_file():
        raise SystemExit(f"--against {args.against}: no index.html there (a built editor's folder)")
    sizes = [BASELINE, *args.sizes]
    with ExitStack() as stack:
        urls = {"now": stack.enter_context(served() if args.url is None else nullcontext(args.url))}
        if args.against is not None:
            urls = {"against": stack.enter_context(served(args.against)), **urls}
        networks = {name: saved_networks(url, sizes) for name, url in urls.items()}
        results: dict[str, dict[int, list[dict[str, float]]]] = {
            name: {size: [] for size in sizes} for name in urls
        }
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                headless=True,
            )
            for name, url in urls.items():  # warm-up: caches, JIT
                measure(browser, url, networks[name][BASELINE], BASELINE)
            for round_ in range(args.rounds):
                names = list(urls) if round_ % 2 == 0 else list(reversed(urls))
                for name in names:
                    for size in sizes:
                        figures = measure(browser, urls[name], networks[name][size], size)
                        results[name][size].append(figures)
            browser.close()
    for name, runs in results.items():
        if len(results) > 1:
            print(f"{name}: {args.against if name == 'against' else 'this checkout'}")
        report(runs)


def saved_networks(url: str, sizes: list[int]) -> dict[int, int]:
    """The generated network of each size, saved in a new project of the app at `url`."""
    project = post(f"{url}/api/projects", {"name": "bench"})
    return {
        size: post(
            f"{url}/api/projects/{project['id']}/networks",
            {"name": f"{size} nodes", "graph": blocks_graph(size)},
        )["id"]
        for size in sizes
    }


def report(results: dict[int, list[dict[str, float]]]) -> None:
    median = {
        size: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        for size, runs in results.items()
    }
    base = median[BASELINE]
    print(
        f"{'nodes':>6} {'rendered':>8} {'edges':>6} {'render':>10} {'ratio':>6} {'drag frame':>11} "
        f"{'p95':>8} {'ratio':>6}"
    )
    for size, figures in median.items():
        print(
            f"{size:>6} {figures['rendered']:>8.0f} {figures['edges']:>6.0f} "
            f"{figures['render_ms']:>8.0f} ms "
            f"{figures['render_ms'] / base['render_ms']:>5.2f}× {figures['frame_ms']:>8.1f} ms "
            f"{figures['frame_p95_ms']:>5.1f} ms {figures['frame_ms'] / base['frame_ms']:>5.2f}×"
        )


if __name__ == "__main__":
    main()
