"""Resident memory of the web engine process per hosted session.

Starts the real engine process, starts N sessions in it and reads the process's VmRSS. On a
machine without a route to WhatsApp the sessions sit in their connect-retry loop (each has opened
its credential store and its runner thread, nothing else); with a route they would show a QR.

    .venv/bin/python bench/web_engine_memory.py [--sessions 1 10 50] [--retries 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from inboxhub.engines.web.supervisor import HostConfig, Supervisor


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


async def rss_kb(supervisor: Supervisor) -> int:
    stats: dict[str, Any] = await supervisor.call("stats", "")
    return int(stats["rssKb"])


async def main(counts: list[int], retry_seconds: float) -> None:
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
            started = 0
            for count in counts:
                while started < count:
                    await supervisor.start_session(f"bench_{started}")
                    started += 1
                await asyncio.sleep(1.0)
                rss = await rss_kb(supervisor)
                per = (rss - base) / count / 1024
                report(f"{count:4d} sessions: {rss / 1024:.1f} MB ({per:.2f} MB per session)")
            before = await rss_kb(supervisor)
            await asyncio.sleep(retry_seconds)
            after = await rss_kb(supervisor)
            retries = int(retry_seconds / 0.05)
            report(
                f"{started} sessions retrying a failed connect for {retry_seconds:.0f} s "
                f"(~{retries} attempts each): {before / 1024:.1f} -> {after / 1024:.1f} MB"
            )
        finally:
            await supervisor.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--retry-seconds", type=float, default=10.0)
    args = parser.parse_args()
    asyncio.run(main(args.sessions, args.retry_seconds))
