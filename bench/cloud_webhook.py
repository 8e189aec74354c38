"""Meta's Cloud API webhook into the gateway: time from Meta's signed POST to the gateway's 200.

    python bench/cloud_webhook.py --notifications 2000 --concurrency 16

Runs ``inboxhub serve`` with one Cloud API session (its Graph API replaced by a local stub that
answers the phone-number check), then posts signed ``messages`` notifications, each a new inbound
message. The 200 comes only after the notification and its events are committed, so this is the
latency Meta sees (it asks partners for a median under 250 ms). With the messaging feature
present it also measures the time until the CRM's ``message.received`` webhook arrives.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import time
from typing import Any

from gateway import percentile, running_gateway
from receiver import Receiver

APP_SECRET = "bench-app-secret"
PHONE_NUMBER_ID = "106540352242922"


class GraphStub:
    """Answers ``GET /{version}/{phone-number-id}`` like Meta, so the session connects."""

    def __init__(self) -> None:
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> str:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for writer in self.writers:
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.add(writer)
        with contextlib.suppress(
            asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError
        ):
            while True:
                await reader.readuntil(b"\r\n\r\n")
                body = json.dumps(
                    {
                        "verified_name": "Bench",
                        "display_phone_number": "+1 555-078-3881",
                        "id": PHONE_NUMBER_ID,
                    }
                ).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    + f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        writer.close()


RUN = f"{time.time_ns():x}"  # a database kept between runs sees new ids and a new session


def notification(n: int) -> bytes:
    message = {
        "from": "16505551234",
        "id": f"wamid.bench{RUN}{n:08d}",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": f"bench-{n}"},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Bench"}, "wa_id": "16505551234"}],
        "messages": [message],
    }
    entry = {"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()


async def run(notifications: int, concurrency: int) -> dict[str, Any]:
    posted_at: dict[str, float] = {}
    delivered: list[float] = []

    def on_body(body: dict[str, Any], arrived: float) -> None:
        if body.get("event") == "message.received":
            start = posted_at.pop(body["data"]["message"].get("content", ""), None)
            if start is not None:
                delivered.append(arrived - start)

    receiver = Receiver(on_body)
    hook = await receiver.start()
    graph = GraphStub()
    graph_url = await graph.start()
    acked: list[float] = []
    with running_gateway() as gateway:
        async with gateway.client() as client:
            options = {
                "accessToken": "EAAbench",
                "phoneNumberId": PHONE_NUMBER_ID,
                "appSecret": APP_SECRET,
                "graphBaseUrl": graph_url,
            }
            r = await client.post(
                "/api/sessions",
                json={
                    "sessionId": f"bench_cloud_{RUN}",
                    "engine": "cloud",
                    "engineOptions": options,
                    "webhookUrl": hook,
                    "webhookEvents": ["message"],
                },
            )
            r.raise_for_status()
            gate = asyncio.Semaphore(concurrency)

            async def post(n: int, record: bool) -> None:
                body = notification(n)
                signature = hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
                async with gate:
                    started = time.perf_counter()
                    if record:
                        posted_at[f"bench-{n}"] = started
                    r = await client.post(
                        f"/api/cloud/webhook/bench_cloud_{RUN}",
                        content=body,
                        headers={"X-Hub-Signature-256": f"sha256={signature}"},
                    )
                    if record:
                        acked.append(time.perf_counter() - started)
                    r.raise_for_status()

            for n in range(20):  # warm-up
                await post(-n - 1, record=False)
            started = time.perf_counter()
            await asyncio.gather(*(post(n, record=True) for n in range(notifications)))
            seconds = time.perf_counter() - started
            # Without the messaging feature no CRM webhook comes: give up on them after 3 s.
            waited = time.monotonic()
            while posted_at and time.monotonic() - waited < (30 if delivered else 3):
                await asyncio.sleep(0.1)
    await receiver.stop()
    await graph.stop()
    return {
        "notifications": notifications,
        "concurrency": concurrency,
        "notifications_per_second": round(notifications / seconds, 1),
        "ack_p50_ms": round(percentile(acked, 50) * 1000, 1),
        "ack_p99_ms": round(percentile(acked, 99) * 1000, 1),
        "crm_webhooks": len(delivered),
        "crm_p50_ms": round(percentile(delivered, 50) * 1000, 1) if delivered else None,
        "crm_p99_ms": round(percentile(delivered, 99) * 1000, 1) if delivered else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(run(args.notifications, args.concurrency))
    if args.json:
        print(json.dumps({"bench": "cloud_webhook", **result}))
    else:
        for key, value in result.items():
            print(f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
