"""Resident memory of the web engine process per hosted session.

Starts the real engine process, starts N sessions in it and reads the process's VmRSS. On a
machine without a route to WhatsApp the sessions sit in their connect-retry loop (each has opened
its credential store and its runner thread, nothing else); with a route they would show a QR.

Then deletes: one session stays, ``--deletes`` others are created and deleted (logged out) one
after the other, and the process's RSS and open files are read again; whatsmeow keeps a deleted
session's store open, so this shows whether deleted sessions are released.

Then linked sessions (``--linked N``), which cannot be linked offline for real: each gets a
whatsmeow store filled with a linked account's keys (812 pre-keys, 500 Signal sessions and
identities, 60 sender keys, app-state keys and 3,000 mutation MACs, 500 contacts), opened by Go
as a connected session's store is, and a stream of 600 messages (a fifth with a 20 KB preview)
through neonize's own event dispatch, which fills the session's recent-message cache. The figure
per linked idle session adds its share of the engine process (the process's own memory divided
by ``INBOXHUB_WEB_SESSIONS_PER_PROCESS``).

    .venv/bin/python bench/web_engine_memory.py [--sessions 1 10 50] [--retry-seconds 10]
        [--deletes 150] [--linked 50] [--json]
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
    counts: list[int],
    retry_seconds: float,
    *,
    delete_count: int = 150,
    linked: int = 0,
    quiet: bool = False,
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
    if linked:
        # In a fresh process: this one has imported neonize and run engines already.
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).with_name("web_linked.py")),
            str(linked),
            stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await process.communicate()
        figures = json.loads(out.decode().strip().splitlines()[-1])
        base = result.get("rss_mb_no_session") or figures["rss_mb_neonize"]
        share = base / 50  # INBOXHUB_WEB_SESSIONS_PER_PROCESS
        figures["mb_per_linked_session_with_share"] = round(
            figures["mb_per_linked_session"] + share, 2
        )
        result.update(figures)
        report(
            f"{linked} linked idle sessions: {figures['mb_per_linked_session']:.2f} MB each "
            f"(store {figures['mb_per_linked_store']:.2f} MB, session and recent messages "
            f"{figures['mb_per_linked_cache']:.2f} MB), "
            f"{figures['mb_per_linked_session_with_share']:.2f} MB with its share of the engine "
            f"process ({base:.1f} MB / 50)"
        )
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--retry-seconds", type=float, default=10.0)
    parser.add_argument("--deletes", type=int, default=150)
    parser.add_argument("--linked", type=int, default=50, help="linked sessions (0: none)")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(
        main(
            args.sessions,
            args.retry_seconds,
            delete_count=args.deletes,
            linked=args.linked,
            quiet=args.json,
        )
    )
    if args.json:
        print(json.dumps({"bench": "web_engine_memory", **result}))
