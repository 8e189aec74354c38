"""Throughput and latency of ``POST /api/messages/{sessionId}/send`` (text, sandbox, SQLite).

    python bench/send.py --seconds 10 --rate 300 --rate 100
    python bench/send.py --sandbox-network   # the session on ``inboxhub sandbox-network``

Starts a gateway in a child process (rate limits off), links one sandbox session, then:
1. saturation: ``--connections`` keep-alive connections send back to back; prints sends/s;
2. a fixed offered rate (``--rate`` sends/s, open loop: a request is due at its scheduled time
   whether or not earlier ones have answered, so queueing shows up in the latency); prints
   p50/p99 from the scheduled time to the answer.
Every send goes to a simulated contact, which acknowledges ``delivered`` at once, so the receipt
path runs during the measurement too. The load generator is a bare asyncio HTTP/1.1 client,
so that the client's own cost stays small next to the gateway's on a small machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

from gateway import (
    API_KEY,
    Gateway,
    analyze,
    percentile,
    running_gateway,
    running_sandbox_network,
)
from prometheus_client.parser import text_string_to_metric_families


class Connection:
    """One keep-alive HTTP/1.1 connection that sends JSON POSTs and reads the answers."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> Connection:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def post(self, path: str, body: bytes) -> int:
        assert self.reader is not None and self.writer is not None
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nX-API-Key: {API_KEY}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(command: str = "postgres") -> float:
    """CPU time so far of a server's processes on this machine (``postgres``: the postmaster,
    its backends and background workers), with the time of those that have exited: the
    postmaster reaps its backends, whose time then counts among its children's."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # exited while listed
            continue
        name, rest = text.split("(", 1)[1].rsplit(")", 1)
        if name == command:
            fields = rest.split()
            # utime, stime, and the reaped children's cutime, cstime.
            total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


class CpuMeter:
    """CPU per send of each party over a phase: the gateway's processes, the PostgreSQL server
    and this load generator, so that a phase says where a machine's cores went."""

    def __init__(self, gateway_pids: list[int], database: bool) -> None:
        self.pids = gateway_pids
        self.database = database
        self.start = self._read()

    def _read(self) -> tuple[float, float, float]:
        return (
            sum(cpu_seconds(pid) for pid in self.pids),
            server_cpu_seconds() if self.database else 0.0,
            time.process_time(),
        )

    def per_send(self, sends: int) -> dict[str, float]:
        end = self._read()
        gateway, database, client = (
            round((b - a) / max(sends, 1) * 1000, 2) for a, b in zip(self.start, end, strict=True)
        )
        found = {"gateway_cpu_ms_per_send": gateway, "client_cpu_ms_per_send": client}
        if self.database:
            found["postgres_cpu_ms_per_send"] = database
        return found


def _body(n: int) -> bytes:
    return json.dumps({"to": f"3461{n % 10_000:07d}", "message": f"bench {n}"}).encode()


async def saturate(
    host: str, port: int, path: str | list[str], connections: int, seconds: float
) -> dict[str, Any]:
    """Back-to-back sends on ``connections`` connections; with several paths (sessions), each
    connection sends to one of them, round robin."""
    paths = [path] if isinstance(path, str) else path
    pool = [await Connection(host, port).open() for _ in range(connections)]
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + seconds

    async def worker(conn: Connection, path: str) -> None:
        nonlocal errors, counter
        while time.perf_counter() < deadline:
            counter += 1
            started = time.perf_counter()
            status = await conn.post(path, _body(counter))
            latencies.append(time.perf_counter() - started)
            errors += status != 200

    started = time.perf_counter()
    await asyncio.gather(*(worker(c, paths[n % len(paths)]) for n, c in enumerate(pool)))
    elapsed = time.perf_counter() - started
    for conn in pool:
        conn.close()
    return {
        "connections": connections,
        "sends": len(latencies),
        "errors": errors,
        "sends_per_second": round(len(latencies) / elapsed, 1),
        "latency_p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "latency_p99_ms": round(percentile(latencies, 99) * 1000, 2),
    }


async def offered_rate(
    host: str, port: int, path: str, rate: float, seconds: float
) -> dict[str, Any]:
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(16):
        idle.put_nowait(await Connection(host, port).open())
    opened = 16
    latencies: list[float] = []
    errors = 0

    async def one(n: int, due: float) -> None:
        nonlocal errors, opened
        try:
            conn = idle.get_nowait()
        except asyncio.QueueEmpty:
            opened += 1
            conn = await Connection(host, port).open()
        status = await conn.post(path, _body(n))
        latencies.append(time.perf_counter() - due)
        errors += status != 200
        idle.put_nowait(conn)

    total = int(rate * seconds)
    start = time.perf_counter() + 0.05
    tasks = []
    for n in range(total):
        due = start + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(n, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    while not idle.empty():
        idle.get_nowait().close()
    return {
        "offered_per_second": rate,
        "sends": len(latencies),
        "errors": errors,
        "achieved_per_second": round(len(latencies) / elapsed, 1),
        "connections_used": opened,
        "latency_p50_ms": round(percentile(latencies, 50) * 1000, 2),
        "latency_p99_ms": round(percentile(latencies, 99) * 1000, 2),
    }


async def write_queue(client: Any) -> tuple[float, float, float]:
    """The write queue's totals so far, from ``/metrics``: writes, batches, seconds busy."""
    text = (await client.get("/metrics")).text
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name] = float(sample.value)
    return (
        found.get("inboxhub_writes_total", 0.0),
        found.get("inboxhub_write_batch_seconds_count", 0.0),
        found.get("inboxhub_write_batch_seconds_sum", 0.0),
    )


def write_queue_share(
    before: tuple[float, float, float], after: tuple[float, float, float], sends: int, wall: float
) -> dict[str, Any]:
    """How busy the write queue was over a phase (1.0: a batch under way all the time), and its
    batches: where a send's time goes once the database is the limit."""
    writes, batches, busy = (b - a for a, b in zip(before, after, strict=True))
    batches = max(batches, 1.0)
    return {
        "write_queue_busy": round(busy / wall, 2),
        "writes_per_send": round(writes / max(sends, 1), 2),
        "writes_per_batch": round(writes / batches, 1),
        "write_batch_ms": round(busy / batches * 1000, 2),
    }


async def linked_session(gateway: Gateway) -> tuple[str, int, str]:
    """Creates and links the session ``bench``; answers the host, port and path of its sends."""
    async with gateway.client() as client:
        r = await client.post("/api/sessions", json={"sessionId": "bench"})
        r.raise_for_status()
        linked = await client.post(
            "/api/sandbox/link",
            json={"qr": r.json()["data"]["qrText"], "phoneNumber": "34600000001"},
        )
        linked.raise_for_status()
    return "127.0.0.1", int(gateway.url.rsplit(":", 1)[1]), "/api/messages/bench/send"


async def run(args: argparse.Namespace) -> dict[str, Any]:
    if not args.sandbox_network:
        return await _run(args, {}, None)
    with running_sandbox_network() as (env, network_pid):
        return await _run(args, env, network_pid)


async def _run(
    args: argparse.Namespace, env: dict[str, str], network_pid: int | None
) -> dict[str, Any]:
    if args.database_url:
        env["INBOXHUB_DATABASE_URL"] = args.database_url
    with running_gateway(env=env) as gateway:
        host, port, path = await linked_session(gateway)
        await saturate(host, port, path, args.connections, 2)  # warm-up
        if args.database_url:
            await analyze(args.database_url)
        async with gateway.client() as client:
            meter = CpuMeter([gateway.pid], bool(args.database_url))
            network_before = cpu_seconds(network_pid) if network_pid else 0.0
            queue_before, started = await write_queue(client), time.perf_counter()
            saturation = await saturate(host, port, path, args.connections, args.seconds)
            wall = time.perf_counter() - started
            sends = max(saturation["sends"], 1)
            saturation |= meter.per_send(sends)
            if network_pid:
                network_cpu = cpu_seconds(network_pid) - network_before
                saturation["network_cpu_ms_per_send"] = round(network_cpu / sends * 1000, 2)
            saturation |= write_queue_share(queue_before, await write_queue(client), sends, wall)
            result: dict[str, Any] = {"saturation": saturation}
            for rate in args.rate or [300.0]:
                await asyncio.sleep(2)  # let the previous phase's receipts settle
                meter = CpuMeter([gateway.pid], bool(args.database_url))
                queue_before, started = await write_queue(client), time.perf_counter()
                fixed = await offered_rate(host, port, path, rate, args.seconds)
                wall = time.perf_counter() - started
                fixed |= meter.per_send(fixed["sends"])
                # Below saturation the share of a core matters more than the cost per send:
                # it is what is left for everything else the gateway does.
                cpu = fixed["gateway_cpu_ms_per_send"] * fixed["sends"] / 1000
                fixed["gateway_cpu_share"] = round(cpu / wall, 2)
                fixed |= write_queue_share(
                    queue_before, await write_queue(client), fixed["sends"], wall
                )
                result[f"fixed_rate_{rate:g}"] = fixed
        result["gateway_rss_mb"] = round(gateway.rss_bytes() / 2**20, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rate", type=float, action="append", help="offered sends/s (repeatable; default 300)"
    )
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument(
        "--sandbox-network",
        action="store_true",
        help="the session on a sandbox network process of its own (INBOXHUB_SANDBOX_URL)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps({"bench": "send", **result}))
        return
    for phase, values in result.items():
        if not isinstance(values, dict):
            print(f"{phase}: {values}")
            continue
        print(phase)
        for key, value in values.items():
            print(f"  {key:>24}: {value}")


if __name__ == "__main__":
    main()
