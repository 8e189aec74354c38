"""Many linked sandbox sessions in one gateway (SQLite): memory per session, event latency while
they are all live, time to link them, and time for all of them to reconnect after a restart.

    python bench/sessions.py [--sessions 1000] [--duration 120] [--rate 20] [--quick] [--json]

1. starts ``inboxhub serve``, links one warm-up session and reads the resident memory (baseline);
2. creates and links ``--sessions`` sessions through the API (``--concurrency`` at a time), each
   with its own webhook URL pointing at a local receiver; reads the memory again;
3. runs steady traffic for ``--duration`` seconds at ``--rate`` messages/s across all sessions,
   open loop: half are simulated contacts writing in (``POST /api/sandbox/messages``), half are
   sessions writing to each other (``POST /api/messages/{id}/send``). Latency is from the moment
   a message is due to its ``message.received`` webhook arriving at the receiver. The memory is
   sampled all along, to show that it does not grow with traffic;
4. stops the gateway and starts it again on the same data: the time until it answers, and until
   every session is connected again; then a contact writes to sessions again, to show that they
   work (``after_restart_lost``).

``--quick`` is a small run (100 sessions, 10 s) for ``bench/run_all.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from gateway import Gateway, percentile, running_gateway
from receiver import Receiver

MB = 2**20


def session_id(index: int) -> str:
    return f"bench_{index:05d}"


def session_phone(index: int) -> str:
    return f"3491{index:07d}"


def contact_phone(index: int) -> str:
    return f"3462{index:07d}"


class Arrivals:
    """``message.received`` webhooks at the receiver, by the token the message carries."""

    def __init__(self) -> None:
        self.due: dict[str, float] = {}
        self.latencies: dict[str, list[float]] = {}
        self.changed = asyncio.Event()

    def expect(self, token: str, due: float) -> None:
        self.due[token] = due

    def on_body(self, body: dict[str, Any], arrived: float) -> None:
        if body.get("event") != "message.received":
            return
        token = str((body.get("data") or {}).get("message", {}).get("content", ""))
        due = self.due.pop(token, None)
        if due is not None:
            self.latencies.setdefault(token.split("-", 1)[0], []).append(arrived - due)
            self.changed.set()

    async def settle(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.due and time.monotonic() < deadline:
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 0.5)


async def link(client: httpx.AsyncClient, index: int, hook: str) -> None:
    r = await client.post(
        "/api/sessions",
        json={"sessionId": session_id(index), "webhookUrl": hook, "webhookEvents": ["message"]},
    )
    r.raise_for_status()
    r = await client.post(
        "/api/sandbox/link",
        json={
            "qr": r.json()["data"]["qrText"],
            "phoneNumber": session_phone(index),
            "pushName": session_id(index),
        },
    )
    r.raise_for_status()


async def contact_writes(client: httpx.AsyncClient, contact: int, to: int, token: str) -> None:
    r = await client.post(
        "/api/sandbox/messages",
        json={"from": contact_phone(contact), "to": session_phone(to), "message": token},
    )
    r.raise_for_status()


async def session_sends(client: httpx.AsyncClient, sender: int, to: int, token: str) -> None:
    r = await client.post(
        f"/api/messages/{session_id(sender)}/send",
        json={"to": session_phone(to), "type": "text", "message": token},
    )
    r.raise_for_status()


async def connected(client: httpx.AsyncClient) -> int:
    with contextlib.suppress(httpx.HTTPError):
        r = await client.get("/health")
        return int(r.json()["data"]["sessions"]["connected"])
    return -1


async def traffic(
    gateway: Gateway,
    client: httpx.AsyncClient,
    arrivals: Arrivals,
    *,
    sessions: int,
    rate: float,
    seconds: float,
) -> dict[str, Any]:
    """Open-loop traffic: a message is due at its time whether or not earlier ones answered."""
    errors = 0
    answers: list[float] = []
    rss: list[float] = []
    total = int(rate * seconds)
    start = time.perf_counter() + 0.05
    tasks: list[asyncio.Task[None]] = []
    next_sample = 0.0

    async def one(n: int, due: float) -> None:
        nonlocal errors
        # Spread over every session: n-th message to session n, from a contact or a session.
        to = n % sessions
        token = f"{'inbound' if n % 2 == 0 else 'between'}-{n}"
        arrivals.expect(token, due)
        try:
            if n % 2 == 0:
                await contact_writes(client, n % 5000, to, token)
            else:
                await session_sends(client, (to + 1 + n // sessions) % sessions, to, token)
            answers.append(time.perf_counter() - due)
        except httpx.HTTPError:
            errors += 1
            arrivals.due.pop(token, None)

    for n in range(total):
        due = start + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if due - start >= next_sample:
            rss.append(round(gateway.rss_bytes() / MB, 1))
            next_sample += max(1.0, seconds / 20)
        tasks.append(asyncio.create_task(one(n, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    await arrivals.settle(60)
    inbound = arrivals.latencies.get("inbound", [])
    between = arrivals.latencies.get("between", [])
    every = inbound + between
    return {
        "rate_offered": rate,
        "traffic_seconds": round(elapsed, 1),
        "messages": total,
        "api_errors": errors,
        "delivered": len(every),
        "lost": len(arrivals.due),
        "api_p50_ms": round(percentile(answers, 50) * 1000, 1),
        "api_p99_ms": round(percentile(answers, 99) * 1000, 1),
        "latency_p50_ms": round(percentile(every, 50) * 1000, 1),
        "latency_p99_ms": round(percentile(every, 99) * 1000, 1),
        "inbound_p50_ms": round(percentile(inbound, 50) * 1000, 1),
        "inbound_p99_ms": round(percentile(inbound, 99) * 1000, 1),
        "between_p50_ms": round(percentile(between, 50) * 1000, 1),
        "between_p99_ms": round(percentile(between, 99) * 1000, 1),
        "rss_mb_samples": rss,
    }


async def wait_connected(client: httpx.AsyncClient, expected: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    seen = await connected(client)
    while seen < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        seen = await connected(client)
    return seen


async def run(args: argparse.Namespace) -> dict[str, Any]:
    arrivals = Arrivals()
    receiver = Receiver(arrivals.on_body)
    hook = await receiver.start()
    data_dir = Path(tempfile.mkdtemp(prefix="inboxhub-bench-sessions-"))
    warm = 99_999  # the warm-up session pays for first imports and caches
    n = args.sessions
    result: dict[str, Any] = {"sessions": n, "database": "sqlite"}
    try:
        with running_gateway(data_dir) as gateway:
            result["cold_start_seconds"] = round(gateway.start_seconds, 2)
            async with gateway.client() as client:
                await link(client, warm, hook)
                for i in range(20):
                    token = f"warm-{i}"
                    arrivals.expect(token, time.perf_counter())
                    await contact_writes(client, i, warm, token)
                await arrivals.settle(30)
                arrivals.latencies.clear()
                await asyncio.sleep(1)
                before = gateway.rss_bytes()

                gate = asyncio.Semaphore(args.concurrency)

                async def link_one(i: int) -> None:
                    async with gate:
                        await link(client, i, hook)

                started = time.perf_counter()
                await asyncio.gather(*(link_one(i) for i in range(n)))
                result["link_seconds"] = round(time.perf_counter() - started, 2)
                result["links_per_second"] = round(n / result["link_seconds"], 1)
                await asyncio.sleep(2)
                linked = gateway.rss_bytes()
                result.update(
                    rss_mb_baseline=round(before / MB, 1),
                    rss_mb_linked=round(linked / MB, 1),
                    kb_per_session=round((linked - before) / 1024 / n, 1),
                )
                flow = await traffic(
                    gateway,
                    client,
                    arrivals,
                    sessions=n,
                    rate=args.rate,
                    seconds=args.duration,
                )
                after = gateway.rss_bytes()
                result.update(flow)
                result.update(
                    rss_mb_after_traffic=round(after / MB, 1),
                    kb_per_session_after_traffic=round((after - before) / 1024 / n, 1),
                )
            stopping = time.perf_counter()
        result["stop_seconds"] = round(time.perf_counter() - stopping, 2)

        # The restart: every linked session must come back by itself.
        restarted = time.perf_counter()
        with running_gateway(data_dir) as gateway:
            async with gateway.client() as client:
                seen = await wait_connected(client, n + 1, timeout=300)
                reconnect = time.perf_counter() - restarted
                result.update(
                    restart_ready_seconds=round(gateway.start_seconds, 2),
                    restart_all_connected_seconds=round(reconnect, 2),
                    restart_connected=seen,
                    rss_mb_after_restart=round(gateway.rss_bytes() / MB, 1),
                )
                checks = min(n, 100)
                for i in range(checks):
                    token = f"restart-{i}"
                    arrivals.expect(token, time.perf_counter())
                await asyncio.gather(
                    *(
                        contact_writes(client, i, i * n // checks, f"restart-{i}")
                        for i in range(checks)
                    )
                )
                await arrivals.settle(60)
                result["after_restart_lost"] = sum(t.startswith("restart-") for t in arrivals.due)
    finally:
        await receiver.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of traffic")
    parser.add_argument("--rate", type=float, default=20.0, help="messages/s across all sessions")
    parser.add_argument("--concurrency", type=int, default=20, help="sessions linked at a time")
    parser.add_argument("--quick", action="store_true", help="100 sessions, 10 s of traffic")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.duration = min(args.sessions, 100), min(args.duration, 10.0)
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps({"bench": "sessions", **result}))
    else:
        for key, value in result.items():
            print(f"{key:>30}: {value}")


if __name__ == "__main__":
    main()
