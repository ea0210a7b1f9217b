"""What `netcanvas serve` started, kept in `data_dir/serve.json`, so a serve started after one
that was killed (SIGKILL, the OOM killer, a closed terminal) stops what that one left running.

Its workers and local Redis run in sessions of their own, so they outlive a killed serve:
the workers would go on training into that Redis, beside the new serve's own, and two
Redis servers would write one append-only file. Each process is named by its pid and its
start time (a pid the system gave to another process since is left alone). A serve that
is still running keeps its folder: a second one is refused.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

FILE = "serve.json"
STOP_WAIT_S = 10  # how long a left Redis gets to write its append-only file before a kill


def started_at(pid: int) -> int | None:
    """When process `pid` started (clock ticks since boot, `/proc/<pid>/stat`); None if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[19]) if len(fields) > 19 and fields[0] != "Z" else None


def record(data_dir: Path, serve: int, processes: Iterable[subprocess.Popen[bytes]]) -> None:
    """Write what this serve (pid `serve`) runs now: itself and `processes`, each the leader
    of its own process group (a worker's pool processes are in its group)."""
    entries = [
        {"pid": pid, "started": started_at(pid)} for pid in (serve, *(p.pid for p in processes))
    ]
    path = data_dir / FILE
    temporary = path.with_name(f".{FILE}.tmp-{os.getpid()}")
    temporary.write_text(json.dumps({"serve": entries[0], "processes": entries[1:]}))
    temporary.replace(path)


def forget(data_dir: Path) -> None:
    """A serve that stopped what it started: nothing is left."""
    (data_dir / FILE).unlink(missing_ok=True)


def _alive(entry: object) -> int | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("pid"), int):
        return None
    pid = int(entry["pid"])
    return pid if entry.get("started") is not None and started_at(pid) == entry["started"] else None


def running_serve(data_dir: Path) -> int | None:
    """The pid of another serve still running on `data_dir`, if one is."""
    try:
        found = json.loads((data_dir / FILE).read_text())
    except (OSError, ValueError):
        return None
    pid = _alive(found.get("serve")) if isinstance(found, dict) else None
    return pid if pid != os.getpid() else None


def stop_leftovers(data_dir: Path) -> list[int]:
    """Stop the process groups a killed serve left on `data_dir`: SIGTERM, then SIGKILL what
    is still there after `STOP_WAIT_S` (a worker's run, killed so, resumes from its
    checkpoint once the reaper takes its job back). Returns the pids it stopped."""
    try:
        found = json.loads((data_dir / FILE).read_text())
    except (OSError, ValueError):
        return []
    entries = found.get("processes", []) if isinstance(found, dict) else []
    left = [pid for pid in (_alive(entry) for entry in entries) if pid is not None]
    for pid in left:
        with suppress(ProcessLookupError):
            # Workers at once (a warm shutdown would wait for the whole run); Redis gracefully.
            os.killpg(pid, signal.SIGTERM if _is_redis(pid) else signal.SIGKILL)
    deadline = time.monotonic() + STOP_WAIT_S
    while any(started_at(pid) is not None for pid in left) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        if started_at(pid) is not None:
            with suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    forget(data_dir)
    return left


def _is_redis(pid: int) -> bool:
    with suppress(OSError):
        return b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return False
