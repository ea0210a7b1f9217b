"""Benchmark: the CPU time of one `netcanvas users list` process, as an admin (and
`tests/test_cli_users.py`, 35 times) runs it.

Side by side, round after round, the same command in a process that imports the graph and
its validation first, as `netcanvas_cli.main` did for every command before it imported them
in `validate` and `schema` alone: the baseline. Each process is timed by its own CPU time
(user + system, from `os.wait4`), which a machine loaded by other work inflates far less
than the wall clock. Reported: the median of each and their ratio.

    .venv/bin/python bench/cli_start.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

COMMAND = "from netcanvas_cli.main import main; main(['users', 'list'])"
BASELINE = "import netcanvas.graph, netcanvas.validation; " + COMMAND


def cpu_seconds(code: str, env: dict[str, str]) -> float:
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, code
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "NETCANVAS_DATA_DIR": folder}
        cpu_seconds(COMMAND, env)  # migrates the new database once, outside the rounds
        now, before = [], []
        for _ in range(args.rounds):
            now.append(cpu_seconds(COMMAND, env))
            before.append(cpu_seconds(BASELINE, env))
    low, high = statistics.median(now), statistics.median(before)
    print(f"netcanvas users list: {low:.3f} s CPU (median of {args.rounds})")
    print(f"baseline, graph and validation imported first: {high:.3f} s CPU")
    print(f"ratio: {low / high:.2f}")


if __name__ == "__main__":
    main()
