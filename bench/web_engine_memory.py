"""Resident memory of the web engine process per hosted session.

Starts the real engine process, starts N sessions in it and reads the process's VmRSS. On a
machine without a route to WhatsApp the sessions sit in their connect-retry loop (each has opened
its credential store and its runner thread, nothing else); with a route they would show a QR.

Then deletes: one session stays, ``--deletes`` others are created and deleted (logged out) one
after the other, and the process's RSS and open files are read again; whatsmeow keeps a deleted
session's store open, so this shows whether deleted sessions are released.

    .venv/bin/python bench/web_engine_memory.py [--sessions 1 10 50] [--retry-seconds 10]
        [--deletes 150] [--json]
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


def new_supervisor(store: str) -> Supervisor:
    return Supervisor(
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


async def rss_kb(supervisor: Supervisor) -> int:
    stats: dict[str, Any] = await supervisor.call("stats", "")
    return int(stats["rssKb"])


def process_figures(pid: int | None) -> tuple[float, int, int]:
    """(RSS in MB, open files, open files of deleted stores) of a process; zeros once it ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except (OSError, TypeError):
        return 0.0, 0, 0
    rss = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
    deleted = 0
    for fd in fds:
        try:
            deleted += fd.readlink().name.endswith(".db (deleted)")
        except OSError:
            continue
    return round(rss / 1024, 1), len(fds), deleted


async def hosting(supervisor: Supervisor, session_id: str) -> None:
    """Until the process (a renewed one, maybe) hosts ``session_id``."""
    for _ in range(300):
        if supervisor.ready and session_id in await supervisor.call("hosted", ""):
            return
        await asyncio.sleep(0.1)


async def deletes(supervisor: Supervisor, count: int, report: Any) -> dict[str, Any]:
    await supervisor.start_session("keeper")
    await asyncio.sleep(1.0)
    rss, files, _ = process_figures(supervisor.pid)
    report(f"one session kept: {rss:.1f} MB, {files} open files")
    result: dict[str, Any] = {"rss_mb_keeper": rss, "open_files_keeper": files}
    for i in range(count):
        await hosting(supervisor, "keeper")  # each guest reaches a process
        await supervisor.start_session(f"guest_{i}")
        await supervisor.logout_session(f"guest_{i}")
    await hosting(supervisor, "keeper")
    await asyncio.sleep(1.0)
    rss, files, deleted = process_figures(supervisor.pid)
    report(
        f"after {count} sessions created and deleted beside it: {rss:.1f} MB, "
        f"{files} open files ({deleted} of deleted stores)"
    )
    result.update(
        deleted_sessions=count,
        rss_mb_after_deletes=rss,
        open_files_after_deletes=files,
        deleted_stores_open=deleted,
    )
    return result


async def main(
    counts: list[int], retry_seconds: float, *, delete_count: int = 150, quiet: bool = False
) -> dict[str, Any]:
    result: dict[str, Any] = {}

    def report(line: str) -> None:
        if not quiet:
            sys.stdout.write(line + "\n")

    with tempfile.TemporaryDirectory() as store:
        supervisor = new_supervisor(store)
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
    if delete_count:
        with tempfile.TemporaryDirectory() as store:
            supervisor = new_supervisor(store)
            await supervisor.start()
            try:
                result.update(await deletes(supervisor, delete_count, report))
            finally:
                await supervisor.stop()
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--retry-seconds", type=float, default=10.0)
    parser.add_argument("--deletes", type=int, default=150)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(
        main(args.sessions, args.retry_seconds, delete_count=args.deletes, quiet=args.json)
    )
    if args.json:
        print(json.dumps({"bench": "web_engine_memory", **result}))
