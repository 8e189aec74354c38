"""Many linked sandbox sessions in one gateway: memory per session and message latency.

    python bench/sessions.py --sessions 1000 --messages 2000

Links N sessions through the API, reads the gateway's resident memory before and after, then has
every session write to the next one and measures the time from ``POST /send`` to the receiving
session's ``message.received`` webhook arriving at a local receiver.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from typing import Any

from gateway import percentile, running_gateway
from receiver import Receiver


async def link(client: Any, index: int, hook: str) -> str:
    session_id = f"bench_{index:05d}"
    r = await client.post(
        "/api/sessions",
        json={"sessionId": session_id, "webhookUrl": hook, "webhookEvents": ["message"]},
    )
    r.raise_for_status()
    qr = r.json()["data"]["qrText"]
    phone = f"3491{index:07d}"
    r = await client.post(
        "/api/sandbox/link", json={"qr": qr, "phoneNumber": phone, "pushName": session_id}
    )
    r.raise_for_status()
    return phone


async def run(sessions: int, messages: int, concurrency: int) -> dict[str, Any]:
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    done = asyncio.Event()

    def on_body(body: dict[str, Any], arrived: float) -> None:
        if body.get("event") != "message.received":
            return
        token = body["data"]["message"].get("content", "")
        start = sent_at.pop(token, None)
        if start is not None:
            latencies.append(arrived - start)
            if len(latencies) >= messages:
                done.set()

    receiver = Receiver(on_body)
    hook = await receiver.start()
    with running_gateway() as gateway:
        async with gateway.client() as client:
            await link(client, 99_999, hook)  # warm-up: first session pays for imports and caches
            before = gateway.rss_bytes()
            gate = asyncio.Semaphore(concurrency)

            async def link_one(i: int) -> str:
                async with gate:
                    return await link(client, i, hook)

            started = time.perf_counter()
            phones = await asyncio.gather(*(link_one(i) for i in range(sessions)))
            link_seconds = time.perf_counter() - started
            await asyncio.sleep(1)
            after = gateway.rss_bytes()

            async def send(n: int) -> None:
                async with gate:
                    i = n % sessions
                    token = f"bench-{n}"
                    sent_at[token] = time.perf_counter()
                    r = await client.post(
                        f"/api/messages/bench_{i:05d}/send",
                        json={"to": phones[(i + 1) % sessions], "type": "text", "message": token},
                    )
                    r.raise_for_status()

            started = time.perf_counter()
            await asyncio.gather(*(send(n) for n in range(messages)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=120)
            exchange_seconds = time.perf_counter() - started
    await receiver.stop()
    return {
        "sessions": sessions,
        "link_seconds": round(link_seconds, 2),
        "rss_mb_before": round(before / 2**20, 1),
        "rss_mb_after": round(after / 2**20, 1),
        "kb_per_session": round((after - before) / 1024 / sessions, 1),
        "messages": messages,
        "delivered": len(latencies),
        "lost": messages - len(latencies),
        "messages_per_second": round(len(latencies) / exchange_seconds, 1),
        "latency_p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "latency_p99_ms": round(percentile(latencies, 99) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(run(args.sessions, args.messages, args.concurrency))
    if args.json:
        print(json.dumps({"bench": "sessions", **result}))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
