"""Instructions per send: ``bench/send.py``'s saturation phase counted by valgrind, not timed.

    python bench/instructions.py                       # this checkout
    python bench/instructions.py --base HEAD~1         # and another version, side by side
    python bench/instructions.py --database-url postgresql+asyncpg://…/postgres

A shared machine's speed drifts by tens of per cent within minutes, more than most changes to
the send path are worth, and CPU seconds drift with it. The instructions the gateway's process
runs for a send do not: the gateway runs under callgrind (``valgrind --tool=callgrind``), which
counts them, in every thread, while ``--connections`` keep-alive connections send back to back
for ``--seconds``. Counting starts after a warm-up and stops before the answer is read, so
start-up and shutdown are left out. Instructions are not time (a cache miss costs more than an
addition), but a change that removes work shows as fewer of them, run after run.

Under callgrind the gateway runs some fifty times slower: a run of ``--seconds 20`` sends a few
hundred messages and takes about a minute a version. Sandbox engine, SQLite unless
``--database-url`` names a PostgreSQL server (each version gets a database afresh, and only the
gateway's process is counted, not PostgreSQL's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from compare import DATABASE, WORKTREE, tree
from gateway import analyze, fresh_database, running_gateway
from send import linked_session, saturate

HERE = Path(__file__).resolve().parent


def _control(pid: int, *flags: str) -> None:
    subprocess.run(["callgrind_control", *flags, str(pid)], check=True, capture_output=True)


def _instructions(out: Path) -> int:
    """The instructions of a callgrind dump (its ``summary``, or its ``totals``)."""
    total = 0
    for dump in out.parent.glob(out.name + "*"):
        match = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total


async def one_version(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="inboxhub-instructions-") as scratch:
        out = Path(scratch) / "callgrind.out"
        wrapper = (
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
        )
        env = {"INBOXHUB_DATABASE_URL": args.database_url} if args.database_url else {}
        with running_gateway(env=env, wrapper=wrapper) as gateway:
            host, port, path = await linked_session(gateway)
            await saturate(host, port, path, args.connections, args.seconds / 4)  # warm-up
            if args.database_url:
                await analyze(args.database_url)
            _control(gateway.pid, "--instr=on")
            phase = await saturate(host, port, path, args.connections, args.seconds)
            _control(gateway.pid, "--dump")
            _control(gateway.pid, "--instr=off")
            counted = _instructions(out)
        sends = max(phase["sends"], 1)
        return {
            "sends": phase["sends"],
            "errors": phase["errors"],
            "instructions_per_send": round(counted / sends),
        }


def _run_version(revision: str, args: argparse.Namespace) -> dict[str, Any]:
    with tree(revision) as checkout:
        command = [sys.executable, str(HERE / "instructions.py"), "--one", "--json"]
        command += ["--seconds", str(args.seconds), "--connections", str(args.connections)]
        if args.database_url:
            url = asyncio.run(fresh_database(args.database_url, DATABASE))
            command += ["--database-url", url]
        env = {**os.environ, "INBOXHUB_BENCH_SRC": str(checkout / "src")}
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--base", help="another version to count: a git revision, or WORKTREE")
    parser.add_argument("--head", default=WORKTREE, help="a git revision, or WORKTREE (default)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # this process measures the ``src`` it was given (INBOXHUB_BENCH_SRC)
        print(json.dumps(asyncio.run(one_version(args))))
        return
    versions = ([args.base] if args.base else []) + [args.head]
    results = {version: _run_version(version, args) for version in versions}
    if args.json:
        print(json.dumps({"bench": "instructions", **results}))
        return
    for version, result in results.items():
        figures = ", ".join(f"{key} {value}" for key, value in result.items())
        print(f"{version}: {figures}")
    if args.base:
        base, head = (results[v]["instructions_per_send"] for v in versions)
        print(f"head against base: {(head - base) / base * 100:+.1f} % instructions per send")


if __name__ == "__main__":
    main()
