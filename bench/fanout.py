"""Benchmark: how soon a job's events reach the browsers watching it, with 1 and 100 watchers.

Starts `netcanvas serve` as `make run` does in a temporary folder, launches a job that
emits events steadily (the XOR MLP for 300 epochs: an epoch event and progress events
every few milliseconds), opens N websockets on its events at once and, for every live
event each socket receives, takes the receipt time minus the `ts` the worker stamped on
it. Printed: p50 and p99 over all sockets and events, for 1 watcher (the baseline) and
for 100, run one after the other on the same server, and their ratio.

    .venv/bin/python bench/fanout.py [--watchers 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import websockets

sys.path.insert(0, str(Path(__file__).parent))
from first_step import GRAPH, call, serving


async def watch(url: str, job: int) -> list[tuple[float, float]]:
    """(ts, seconds from ts to receipt here) of each event, until `finished`."""
    seen: list[tuple[float, float]] = []
    async with websockets.connect(f"{url}/api/jobs/{job}/events", max_size=None) as socket:
        async for message in socket:
            received = time.time()
            event = json.loads(message)["event"]
            if event.get("ts"):
                seen.append((event["ts"], received - event["ts"]))
            if event["type"] == "finished":
                break
    return seen


async def one_round(url: str, watchers: int) -> list[float]:
    body = {"graph": GRAPH, "dataset": "xor", "config": {"epochs": 300, "lr": 0.02}}
    job = call(f"{url}/api/jobs", body)["id"]
    ws = url.replace("http://", "ws://")
    results = await asyncio.gather(*(watch(ws, job) for _ in range(watchers)))
    # Only events stamped once every socket was following (a second after the last one's
    # first message): the earlier ones were replayed, or waited for the sockets to open.
    following = max(seen[0][0] + seen[0][1] for seen in results if seen) + 1.0
    return [delay for seen in results for ts, delay in seen if ts > following]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watchers", type=int, default=100)
    args = parser.parse_args()
    with serving() as url:
        asyncio.run(one_round(url, 1))  # not counted: the worker's first child
        time.sleep(3)
        alone = asyncio.run(one_round(url, 1))
        time.sleep(3)
        crowd = asyncio.run(one_round(url, args.watchers))
    print("event ts → client receipt, one job's live events (XOR MLP, 300 epochs)")
    for name, delays in (("1 watcher", alone), (f"{args.watchers} watchers", crowd)):
        p50, p99 = percentile(delays, 0.5), percentile(delays, 0.99)
        mean = statistics.mean(delays) * 1000
        print(f"  {name:12} p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  ({len(delays)}, mean {mean:.1f})")
    ratio = percentile(crowd, 0.99) / max(percentile(alone, 0.99), 1e-3)
    print(f"  p99 ratio {args.watchers} / 1: {ratio:.1f}")


if __name__ == "__main__":
    main()
