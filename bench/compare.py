"""``bench/send.py`` on two versions of the gateway, runs alternated, figures side by side.

    python bench/compare.py --base HEAD~1 [--head WORKTREE] [--runs 3] [--seconds 8]
                            [--database-url postgresql+asyncpg://…/postgres] [--json]

A small or shared machine drifts by tens of per cent within minutes (its neighbours, its clock),
more than most changes are worth: two runs an hour apart compare the machine, not the code.
Here the two versions take turns (base, head, base, head…) and each figure is given as its
median and range per version, so a change shows only where the ranges part. With two or three
runs a side ranges part by chance too: take five or more before calling a change.

``--base``/``--head``: a git revision (checked out in a temporary worktree) or ``WORKTREE``
(this checkout as it is on disk, uncommitted changes included). Each version runs its own
``bench/send.py`` (this checkout's with ``--this-bench``) and ``src``, in this Python
environment. On PostgreSQL (``--database-url``
naming any database of the server) every run gets a database ``inboxhub_bench_compare`` afresh.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gateway import fresh_database

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
WORKTREE = "WORKTREE"
DATABASE = "inboxhub_bench_compare"

# The figures compared: (phase, key) of bench/send.py's JSON, with how to read them.
FIGURES = [
    ("saturation", "sends_per_second", "sends/s at saturation", "higher"),
    ("saturation", "gateway_cpu_ms_per_send", "CPU ms per send at saturation", "lower"),
    ("saturation", "write_batch_ms", "write batch ms at saturation", "lower"),
    ("fixed_rate_300", "latency_p50_ms", "p50 ms at 300/s", "lower"),
    ("fixed_rate_300", "latency_p99_ms", "p99 ms at 300/s", "lower"),
    ("fixed_rate_300", "gateway_cpu_ms_per_send", "CPU ms per send at 300/s", "lower"),
    ("fixed_rate_300", "gateway_cpu_share", "share of a core at 300/s", "lower"),
]


@contextlib.contextmanager
def tree(revision: str) -> Iterator[Path]:
    """The checkout holding ``revision``: this one for ``WORKTREE``, else a temporary one."""
    if revision == WORKTREE:
        yield CHECKOUT
        return
    with tempfile.TemporaryDirectory(prefix="inboxhub-compare-") as parent:
        path = Path(parent) / "tree"
        git = ["git", "-C", str(CHECKOUT)]
        subprocess.run([*git, "worktree", "add", "--detach", str(path), revision], check=True)
        try:
            yield path
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(path)], check=False)


def one_run(checkout: Path, args: argparse.Namespace) -> dict[str, Any]:
    bench = CHECKOUT if args.this_bench else checkout
    command = [sys.executable, str(bench / "bench" / "send.py"), "--json"]
    command += ["--seconds", str(args.seconds), "--rate", "300"]
    if args.database_url:
        command += ["--database-url", asyncio.run(fresh_database(args.database_url, DATABASE))]
    env = {**os.environ, "INBOXHUB_BENCH_SRC": str(checkout / "src")}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def summary(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    figures = {}
    for phase, key, label, _ in FIGURES:
        values = [run[phase][key] for run in runs if key in run.get(phase, {})]
        if values:
            figures[label] = {
                "median": round(statistics.median(values), 2),
                "min": min(values),
                "max": max(values),
            }
    return figures


def verdict(base: dict[str, float], head: dict[str, float], better: str) -> str:
    """Where the ranges do not overlap the change is larger than the drift; else say so."""
    if head["min"] > base["max"]:
        return "better" if better == "higher" else "worse"
    if head["max"] < base["min"]:
        return "better" if better == "lower" else "worse"
    return "within the noise"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="a git revision, or WORKTREE")
    parser.add_argument("--head", default=WORKTREE, help="a git revision, or WORKTREE (default)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each version (default 3)")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument(
        "--this-bench",
        action="store_true",
        help="both versions run this checkout's bench/send.py (a change to the bench hits both)",
    )
    args = parser.parse_args()
    runs: dict[str, list[dict[str, Any]]] = {"base": [], "head": []}
    with tree(args.base) as base, tree(args.head) as head:
        for _ in range(args.runs):
            for side, checkout in (("base", base), ("head", head)):
                runs[side].append(one_run(checkout, args))
    base_figures, head_figures = summary(runs["base"]), summary(runs["head"])
    if args.json:
        print(json.dumps({"bench": "compare", "base": base_figures, "head": head_figures}))
        return
    print(f"{'':34} {'base ' + args.base:>26} {'head ' + args.head:>26}")
    for _, _, label, better in FIGURES:
        if label not in base_figures or label not in head_figures:
            continue
        b, h = base_figures[label], head_figures[label]
        cells = [f"{s['median']:g} ({s['min']:g}–{s['max']:g})" for s in (b, h)]
        call = verdict(b, h, better) if args.runs >= 3 else "(too few runs to call)"
        print(f"{label:34} {cells[0]:>26} {cells[1]:>26}  {call}")


if __name__ == "__main__":
    main()
