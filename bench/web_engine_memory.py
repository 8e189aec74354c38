"""Resident memory of the web engine process per hosted session.

Starts the real engine process, starts N sessions in it and reads the process's VmRSS. On a
machine without a route to WhatsApp the sessions sit in their connect-retry loop (each has opened
its credential store and its runner thread, nothing else); with a route they would show a QR.

    .venv/bin/python bench/web_engine_memory.py [--sessions 1 10 50] [--retry-seconds 10] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from inboxhub.engines.web.supervisor import HostConfig, Supervisor


async def rss_kb(supervisor: Supervisor) -> int:
    stats: dict[str, Any] = await supervisor.call("stats", "")
    return int(stats["rssKb"])


async def main(counts: list[int], retry_seconds: float, *, quiet: bool = False) -> dict[str, Any]:
    result: dict[str, Any] = {}

    def report(line: str) -> None:
        if not quiet:
            sys.stdout.write(line + "\n")

    with tempfile.TemporaryDirectory() as store:
        supervisor = Supervisor(
            HostConfig(
                store_dir=str(Path(store)),
                reconnect_initial=0.05,
                reconnect_max=0.05,
                qr_timeout=170.0,
                start_settle=1.0,
                log_level="ERROR",
            ),
            on_event=lambda event: None,
            on_lost=lambda reason: None,
            restart_initial=1.0,
            restart_max=1.0,
            request_timeout=30.0,
        )
        await supervisor.start()
        try:
            base = await rss_kb(supervisor)
            report(f"engine process, no session: {base / 1024:.1f} MB")
            result["rss_mb_no_session"] = round(base / 1024, 1)
            started = 0
            for count in counts:
                while started < count:
                    await supervisor.start_session(f"bench_{started}")
                    started += 1
                await asyncio.sleep(1.0)
                rss = await rss_kb(supervisor)
                per = (rss - base) / count / 1024
                report(f"{count:4d} sessions: {rss / 1024:.1f} MB ({per:.2f} MB per session)")
                result[f"mb_per_session_at_{count}"] = round(per, 2)
                result["mb_per_session"] = round(per, 2)
            before = await rss_kb(supervisor)
            await asyncio.sleep(retry_seconds)
            after = await rss_kb(supervisor)
            retries = int(retry_seconds / 0.05)
            result.update(
                sessions=started,
                rss_mb_before_retries=round(before / 1024, 1),
                rss_mb_after_retries=round(after / 1024, 1),
            )
            report(
                f"{started} sessions retrying a failed connect for {retry_seconds:.0f} s "
                f"(~{retries} attempts each): {before / 1024:.1f} -> {after / 1024:.1f} MB"
            )
        finally:
            await supervisor.stop()
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--retry-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(main(args.sessions, args.retry_seconds, quiet=args.json))
    if args.json:
        print(json.dumps({"bench": "web_engine_memory", **result}))
