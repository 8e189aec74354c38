"""Every benchmark, briefly, and one table of the figures next to their goals (``make bench``).

    python bench/run_all.py [--only send --only sessions …] [--json]

Each benchmark runs in a process of its own, against this checkout's code, with short
parameters (a few minutes in all); run a script alone for the full-length figures. Speed figures
depend on the machine and on what else it runs: on a shared or small machine read them as
orders of magnitude. A goal marked MISSED is reported, not failed on; the exit status is 1 only
when a benchmark could not run.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = str(HERE.parent / "src")

# name -> the script and its brief arguments.
RUNS: dict[str, list[str]] = {
    "send": ["send.py", "--seconds", "5", "--rate", "300"],
    "webhooks": ["webhooks.py", "--events", "3000", "--rate", "200", "--seconds", "6"],
    "sessions": ["sessions.py", "--quick"],
    "cloud_webhook": ["cloud_webhook.py", "--notifications", "500"],
    "web_engine_memory": ["web_engine_memory.py", "--sessions", "1", "10", "--retry-seconds", "3"],
}


@dataclass
class Figure:
    bench: str
    label: str
    value: Callable[[dict[str, Any]], Any]
    unit: str = ""
    goal: str = ""
    met: Callable[[Any], bool] | None = None


def _at(*keys: str) -> Callable[[dict[str, Any]], Any]:
    def read(result: dict[str, Any]) -> Any:
        value: Any = result
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    return read


def _sum(*keys: str) -> Callable[[dict[str, Any]], Any]:
    return lambda result: sum(int(result.get(key) or 0) for key in keys)


FIGURES = [
    Figure(
        "send",
        "sends/s (saturation)",
        _at("saturation", "sends_per_second"),
        "/s",
        "≥ 1,000/s",
        lambda v: v >= 1000,
    ),
    Figure("send", "send p50 at 300/s offered", _at("fixed_rate_300", "latency_p50_ms"), " ms"),
    Figure(
        "send",
        "send p99 at 300/s offered",
        _at("fixed_rate_300", "latency_p99_ms"),
        " ms",
        "< 50 ms",
        lambda v: v < 50,
    ),
    Figure("send", "send errors", _sum("errors"), "", "0", lambda v: v == 0),
    Figure(
        "webhooks",
        "webhook events delivered/s",
        _at("delivered_per_second"),
        "/s",
        "≥ 1,000/s",
        lambda v: v >= 1000,
    ),
    Figure("webhooks", "webhook p50 at 200/s", _at("latency_p50_ms"), " ms"),
    Figure(
        "webhooks",
        "webhook p99 at 200/s",
        _at("latency_p99_ms"),
        " ms",
        "< 100 ms",
        lambda v: v < 100,
    ),
    Figure(
        "webhooks",
        "webhook events lost",
        _sum("bulk_lost", "paced_lost"),
        "",
        "0",
        lambda v: v == 0,
    ),
    Figure("sessions", "sessions linked", _at("sessions")),
    Figure("sessions", "memory per linked session", _at("kb_per_session"), " KB"),
    Figure(
        "sessions", "memory per session after traffic", _at("kb_per_session_after_traffic"), " KB"
    ),
    Figure("sessions", "time to create + link all", _at("link_seconds"), " s"),
    Figure("sessions", "inbound → webhook p50 (all live)", _at("latency_p50_ms"), " ms"),
    Figure("sessions", "inbound → webhook p99 (all live)", _at("latency_p99_ms"), " ms"),
    Figure(
        "sessions", "messages lost", _sum("lost", "after_restart_lost"), "", "0", lambda v: v == 0
    ),
    Figure(
        "sessions", "restart: all reconnected after", _at("restart_all_connected_seconds"), " s"
    ),
    Figure(
        "sessions",
        "restart: sessions back",
        lambda r: f"{r.get('restart_connected', 0) - 1}/{r.get('sessions')}",
        "",
        "all",
        lambda v: v.split("/")[0] == v.split("/")[1],
    ),
    Figure(
        "cloud_webhook",
        "Meta webhook ack p50",
        _at("ack_p50_ms"),
        " ms",
        "< 250 ms",
        lambda v: v < 250,
    ),
    Figure("cloud_webhook", "Meta webhook ack p99", _at("ack_p99_ms"), " ms"),
    Figure("web_engine_memory", "web engine memory per session", _at("mb_per_session"), " MB"),
]


def run(name: str) -> tuple[dict[str, Any] | None, float, str]:
    """One benchmark: its JSON result (None if it failed), its seconds, and its error output."""
    script, *arguments = RUNS[name]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])),
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / script), *arguments, "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=HERE,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode == 0:
        for line in reversed(done.stdout.splitlines()):
            if line.startswith("{"):
                with contextlib.suppress(json.JSONDecodeError):
                    result: dict[str, Any] = json.loads(line)
                    return result, seconds, ""
                break
    return None, seconds, (done.stderr or done.stdout)[-2000:]


def _format(value: Any, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, float) and value >= 100:
        value = f"{value:,.0f}"
    elif isinstance(value, int):
        value = f"{value:,}"
    return f"{value}{unit}"


def table(results: dict[str, dict[str, Any] | None]) -> list[str]:
    rows = [("figure", "measured", "goal", "")]
    for figure in FIGURES:
        if figure.bench not in results:
            continue
        result = results[figure.bench]
        value = figure.value(result) if result is not None else None
        verdict = ""
        if figure.met is not None and value is not None:
            verdict = "ok" if figure.met(value) else "MISSED"
        shown = _format(value, figure.unit) if result is not None else "did not run"
        rows.append((figure.label, shown, figure.goal or "—", verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", choices=sorted(RUNS), help="run only this one (repeatable)"
    )
    parser.add_argument("--json", action="store_true", help="print every result as one JSON line")
    args = parser.parse_args()
    names = args.only or list(RUNS)
    if "web_engine_memory" in names and importlib.util.find_spec("neonize") is None:
        names.remove("web_engine_memory")
        print("web_engine_memory: skipped (neonize is not installed)", file=sys.stderr)
    results: dict[str, dict[str, Any] | None] = {}
    failed = False
    for name in names:
        print(f"{name} …", end=" ", flush=True, file=sys.stderr)
        result, seconds, error = run(name)
        results[name] = result
        print(f"{seconds:.0f} s" + ("" if result else " FAILED"), file=sys.stderr)
        if result is None:
            failed = True
            print(error, file=sys.stderr)
    if args.json:
        print(json.dumps(results))
    else:
        print()
        print("\n".join(table(results)))
        print(
            "\nBrief runs on this machine; shared or small machines give noisy figures. "
            "Full-length runs: python bench/<name>.py --help."
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
