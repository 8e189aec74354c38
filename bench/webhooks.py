"""Webhook delivery: inbound events recorded and delivered per second, and the latency from the
engine's event to the CRM's receiver (or to a consumer of a message broker sink).

    python bench/webhooks.py [--events 20000] [--rate 200] [--seconds 15] [--chats 200]
                             [--sink webhook|amqp|nats]
                             [--database-url postgresql+asyncpg://…] [--data-dir DIR] [--json]

The gateway runs in this process (so events enter exactly where an engine hands them over,
``runtime.writes.submit``); the receiver runs in a child process on the other core and notes when each
event arrives. With ``--sink amqp`` the events go to the local RabbitMQ (127.0.0.1:5672,
guest/guest; an exchange of the run's own) and the child consumes a queue bound to it; with
``--sink nats`` to the local NATS JetStream (127.0.0.1:4222; a stream of the run's own) and the
child subscribes to its subjects. Two phases:

* throughput: ``--events`` events handed over as fast as the engine side can, timed until the
  receiver has every one of them (a missing one is reported as lost);
* latency: events paced at ``--rate`` per second for ``--seconds``; each one's time from hand-over
  to arrival at the receiver (same monotonic clock in both processes).

Inbound WhatsApp messages (``message.received``, one ordering chain per chat) are used when the
messaging feature is installed; ``--kind status`` uses session status changes instead (one chain
per session), whose recording is much cheaper, to measure the delivery side on its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SRC = str(Path(__file__).resolve().parents[1] / "src")
sys.path.insert(0, SRC)

from receiver import Receiver  # noqa: E402

API_KEY = "ihk_bench_" + "w" * 40


# ---- the receiver (child process) -------------------------------------------------------------


def _token(body: dict[str, Any]) -> str | None:
    data = body.get("data") or {}
    message = data.get("message") if isinstance(data.get("message"), dict) else None
    token = message.get("whatsappMessageId") if message else data.get("reason")
    return token if isinstance(token, str) and token.startswith("bench-") else None


RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"
NATS_URL = "nats://127.0.0.1:4222"


async def serve_receiver(sink: str, name: str) -> None:
    out = sys.stdout

    def on_body(body: dict[str, Any], _arrived: float) -> None:
        token = _token(body)
        if token is not None:
            out.write(f"{token} {time.monotonic():.6f}\n")
            out.flush()

    if sink == "amqp":
        import aio_pika

        connection = await aio_pika.connect(RABBITMQ_URL)
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=1000)
        # Declared as the gateway declares it (durable), and deleted when the run ends.
        exchange = await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key="#")

        async def on_message(message: Any) -> None:
            on_body(json.loads(message.body), 0.0)

        # aiormq's consumer under aio-pika's: the consumer must not be what the figures measure.
        raw = await channel.get_underlay_channel()
        await raw.basic_consume(queue.name, on_message, no_ack=True)
        where = name
    elif sink == "nats":
        import nats
        from nats.js.api import StreamConfig

        client = await nats.connect(NATS_URL)
        await client.jetstream().add_stream(StreamConfig(name=name.upper(), subjects=[f"{name}.>"]))

        async def on_nats(message: Any) -> None:
            on_body(json.loads(message.data), 0.0)

        # What the stream stores is published on its subjects: a plain subscriber sees it too.
        await client.subscribe(f"{name}.>", cb=on_nats)
        where = name
    else:
        receiver = Receiver(on_body)
        where = await receiver.start()
    out.write(f"url {where}\n")
    out.flush()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await stop.wait()
    finally:
        if sink == "nats":
            with contextlib.suppress(Exception):
                await client.jetstream().delete_stream(name.upper())
        elif sink == "amqp":
            with contextlib.suppress(Exception):
                await channel.exchange_delete(name)


# ---- the gateway and the load (this process) --------------------------------------------------


class Arrivals:
    def __init__(self, stream: asyncio.StreamReader) -> None:
        self.times: dict[str, float] = {}
        self.changed = asyncio.Event()
        self._stream = stream

    async def read(self) -> None:
        while line := await self._stream.readline():
            token, _, at = line.decode().partition(" ")
            self.times.setdefault(token, float(at))
            self.changed.set()

    async def wait_for(self, tokens: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        missing = set(tokens)
        while time.monotonic() < deadline:
            missing = {t for t in missing if t not in self.times}
            if not missing:
                return
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 0.5)


async def start_worker(settings: Any) -> asyncio.subprocess.Process:
    """``inboxhub worker`` in a process of its own, on the same database."""
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "INBOXHUB_DATABASE_URL": settings.resolved_database_url,
        "INBOXHUB_DATA_DIR": str(settings.data_dir),
        "INBOXHUB_ALLOW_PRIVATE_TARGETS": "true",
        "INBOXHUB_LOG_LEVEL": "WARNING",
        "INBOXHUB_WEBHOOK_POLL_INTERVAL_SECONDS": "0.05",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from inboxhub.cli import main; main()", "worker", env=env
    )


def worker_cpu(worker: asyncio.subprocess.Process | None, since: float = 0.0) -> float:
    """CPU seconds the worker process has used (Linux)."""
    if worker is None:
        return 0.0
    fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") - since


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def event_factory(kind: str, sessions: list[str], chats: int) -> tuple[str, Any]:
    from inboxhub.engines import events as ev
    from inboxhub.event_handlers import HANDLERS

    if kind == "message" or (kind == "auto" and ev.MessageReceived in HANDLERS):

        def message(token: str, n: int) -> Any:
            phone = f"3461{n % chats:07d}"
            return ev.MessageReceived(
                session_id=sessions[n % len(sessions)],
                message=ev.InboundMessage(
                    id=token,
                    chat_id=f"{phone}@s.whatsapp.net",
                    sender_id=f"{phone}@s.whatsapp.net",
                    from_me=False,
                    timestamp=datetime.now(UTC),
                    type="text",
                    text="Hola, ¿tienen stock?",
                    push_name="Cliente",
                ),
            )

        return "message.received", message

    def status(token: str, n: int) -> Any:
        return ev.StateChanged(
            session_id=sessions[n % len(sessions)], state="connecting", reason=token
        )

    return "session.status", status


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import httpx
    from asgi_lifespan import LifespanManager

    from inboxhub.app import create_app
    from inboxhub.cli import tune_garbage_collector
    from inboxhub.config import Settings

    name = f"ihbench{uuid.uuid4().hex[:10]}"
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--receiver",
        "--sink",
        args.sink,
        "--name",
        name,
        stdout=asyncio.subprocess.PIPE,
    )
    assert child.stdout is not None
    url = (await child.stdout.readline()).decode().split()[1]
    arrivals = Arrivals(child.stdout)
    reader = asyncio.create_task(arrivals.read())

    data_dir = Path(tempfile.mkdtemp(prefix="inboxhub-bench-webhooks-", dir=args.data_dir))
    settings = Settings(
        data_dir=data_dir,
        database_url=args.database_url,
        api_key=API_KEY,
        admin_email="bench@example.com",
        admin_password="bench-password",
        allow_private_targets=True,
        rate_limit_auth="off",
        rate_limit_user="off",
        rate_limit_session="off",
        rate_limit_messages="off",
        log_level="WARNING",
        embedded_worker=args.worker == "embedded",
    )
    app = create_app(settings)
    tune_garbage_collector()  # as `inboxhub serve` does
    result: dict[str, Any] = {
        "database": "postgresql" if args.database_url else "sqlite",
        "worker": args.worker,
        "sink": args.sink,
    }
    if not args.database_url:
        result["data_dir"] = str(data_dir.parent)
    worker: asyncio.subprocess.Process | None = None
    try:
        async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60):
            if args.worker == "process":
                worker = await start_worker(settings)
            runtime = app.state.runtime
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://gw", headers={"X-API-Key": API_KEY}
            ) as api:
                org = (await api.get("/api/webhooks/subscriptions")).json()["data"]
                if args.sink == "amqp":
                    hook = await api.post(
                        "/api/webhooks/sinks",
                        json={"type": "amqp", "url": RABBITMQ_URL, "exchange": url},
                    )
                elif args.sink == "nats":
                    hook = await api.post(
                        "/api/webhooks/sinks",
                        json={"type": "nats", "url": NATS_URL, "subjectPrefix": url},
                    )
                else:
                    hook = await api.post(
                        f"/api/webhooks/organizations/{org['organizationId']}",
                        json={"name": "bench CRM", "url": url, "secret": "bench-secret"},
                    )
                hook.raise_for_status()
                sessions = []
                for i in range(args.sessions):
                    session_id = f"bench_{i:03d}"
                    r = await api.post("/api/sessions", json={"sessionId": session_id})
                    r.raise_for_status()
                    await api.post(f"/api/sessions/{session_id}/disconnect")
                    sessions.append(session_id)
            kind, make = event_factory(args.kind, sessions, args.chats)
            result["event"] = kind
            sink = runtime.writes.submit

            async def hand_over(tokens: list[str], offset: int) -> None:
                await asyncio.gather(*(sink(make(t, offset + n)) for n, t in enumerate(tokens)))

            warm = [f"bench-warm-{n}" for n in range(500)]
            await hand_over(warm, 0)
            await arrivals.wait_for(warm, 60)

            # Throughput: everything at once.
            tokens = [f"bench-bulk-{n}" for n in range(args.events)]
            cpu_started = time.process_time()
            cpu_worker = worker_cpu(worker)
            started = time.monotonic()
            await hand_over(tokens, 0)
            recorded = time.monotonic() - started
            await arrivals.wait_for(tokens, args.timeout)
            cpu = time.process_time() - cpu_started + worker_cpu(worker, since=cpu_worker)
            got = [arrivals.times[t] for t in tokens if t in arrivals.times]
            delivered = (max(got) - started) if got else float("nan")
            result.update(
                events=args.events,
                recorded_per_second=round(args.events / recorded, 1),
                delivered_per_second=round(len(got) / delivered, 1),
                bulk_lost=args.events - len(got),
                # The gateway's CPU per event, recording and delivery together: what a core
                # can sustain, whatever else the machine is running.
                cpu_ms_per_event=round(cpu * 1000 / args.events, 3),
            )

            # Latency at a steady rate.
            sent_at: dict[str, float] = {}
            stored: list[float] = []
            tasks = []

            async def paced(token: str, n: int) -> None:
                await sink(make(token, n))
                stored.append(time.monotonic() - sent_at[token])

            total = int(args.rate * args.seconds)
            start = time.monotonic()
            for n in range(total):
                due = start + n / args.rate
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                token = f"bench-paced-{n}"
                sent_at[token] = time.monotonic()
                tasks.append(asyncio.create_task(paced(token, n)))
            await asyncio.gather(*tasks)
            await arrivals.wait_for(list(sent_at), args.timeout)
            latencies = [arrivals.times[t] - s for t, s in sent_at.items() if t in arrivals.times]
            result.update(
                rate=args.rate,
                paced_events=total,
                paced_lost=total - len(latencies),
                stored_p50_ms=round(percentile(stored, 50) * 1000, 1),
                stored_p99_ms=round(percentile(stored, 99) * 1000, 1),
                latency_p50_ms=round(percentile(latencies, 50) * 1000, 1),
                latency_p99_ms=round(percentile(latencies, 99) * 1000, 1),
                latency_max_ms=round(max(latencies, default=float("nan")) * 1000, 1),
            )
    finally:
        if worker is not None:
            worker.terminate()
            await worker.wait()
        reader.cancel()
        child.terminate()  # it removes its exchange or stream from the shared broker
        try:
            await asyncio.wait_for(child.wait(), 10)
        except TimeoutError:
            child.kill()
            await child.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--kind",
        choices=("auto", "message", "status"),
        default="auto",
        help="inbound messages (when messaging is installed) or session status changes",
    )
    parser.add_argument(
        "--worker",
        choices=("embedded", "process"),
        default="embedded",
        help="deliver in the gateway's process, or in an `inboxhub worker` of its own "
        "(on SQLite it only polls: other processes cannot wake it)",
    )
    parser.add_argument(
        "--sink",
        choices=("webhook", "amqp", "nats"),
        default="webhook",
        help="an HTTP webhook, or a message broker sink on the local RabbitMQ or NATS JetStream",
    )
    parser.add_argument("--name", default="", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--data-dir", default=None, help="where the SQLite file goes")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    parser.add_argument("--receiver", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.receiver:
        asyncio.run(serve_receiver(args.sink, args.name))
        return
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps({"bench": "webhooks", **result}))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
