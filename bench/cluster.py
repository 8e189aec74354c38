"""Cluster mode on one machine: sends/s and webhook events/s with 1 and 2 node processes on the
same PostgreSQL, and the time from a node's SIGKILL to its sessions connected on another node.

    python bench/cluster.py --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
                            [--seconds 10] [--sessions 8] [--events 4000] [--json]

A database ``inboxhub_bench_cluster`` is created afresh on that server for each phase.

* throughput, for ``--workers`` 1 and 2 (``inboxhub serve --workers N``: N nodes sharing one
  port; the kernel spreads connections over them, so about half of the requests reach a node
  that does not drive their session and are forwarded to the one that does): sessions are
  created (placed on the least loaded node) and linked on the sandbox; then ``--connections``
  keep-alive connections send text messages back to back, round robin over the sessions
  (sends/s, gateway CPU per send); with two nodes, again with each connection sent to the node
  that drives its sessions (no forwarding, as behind a load balancer that routes by session);
  and ``--events`` inbound messages are written by contacts (the sandbox's API, on the nodes
  that drive their sessions) and timed until a local receiver has every signed webhook
  (events/s).
* each phase prints the CPU per send (or event) of the gateway's processes, the PostgreSQL
  server and the load generator, and the cores they kept busy together: on a machine with few
  cores, whether a phase was bound by the CPU or by something that waits.
* failover: two nodes on their own ports with the default 10 s lease, ``--sessions`` sessions
  spread over them; one node is killed with SIGKILL and the time until each of its sessions is
  ``connected`` on the other is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from gateway import analyze, free_port, fresh_database, running_gateway
from receiver import Receiver
from send import Connection, CpuMeter, saturate

DATABASE = "inboxhub_bench_cluster"


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


async def node_urls(api: httpx.AsyncClient) -> dict[str, str]:
    data = (await api.get("/api/cluster")).json()["data"]
    return {n["nodeId"]: n["url"] for n in data["nodes"] if n["alive"]}


async def link_sessions(
    api: httpx.AsyncClient, count: int, webhook_url: str | None
) -> dict[str, str]:
    """Create ``count`` sessions (placed by the cluster) and link each on the node that drives
    it; answers sessionId -> the URL of its node."""
    urls = await node_urls(api)
    placed: dict[str, str] = {}
    for n in range(count):
        body: dict[str, Any] = {"sessionId": f"bench_{n}"}
        if webhook_url:
            body.update(webhookUrl=webhook_url, webhookSecret="bench", webhookEvents=["message"])
        created = (await api.post("/api/sessions", json=body)).raise_for_status().json()["data"]
        owner = urls[created["node"]]
        async with httpx.AsyncClient(base_url=owner, headers=api.headers, timeout=30) as node:
            linked = await node.post(
                "/api/sandbox/link",
                json={"qr": created["qrText"], "phoneNumber": f"346000{n:05d}"},
            )
            linked.raise_for_status()
        placed[created["sessionId"]] = owner
    for session_id in placed:
        while (await api.get(f"/api/sessions/{session_id}/status")).json()["data"][
            "status"
        ] != "connected":
            await asyncio.sleep(0.05)
    return placed


async def throughput(args: argparse.Namespace, workers: int) -> dict[str, Any]:
    url = await fresh_database(args.database_url, DATABASE)
    received: Counter[str] = Counter()
    receiver = Receiver(lambda body, _arrived: received.update([str(body.get("event"))]))
    hook = await receiver.start()
    port = free_port()
    env = {"INBOXHUB_DATABASE_URL": url, "INBOXHUB_RATE_LIMIT_AUTH": "off"}
    with running_gateway(env=env, args=("--workers", str(workers)), port=port) as gateway:
        async with gateway.client() as api:
            # Every worker answers /health before the first of them is asked to place sessions.
            while len(await node_urls(api)) < workers:
                await asyncio.sleep(0.1)
            placed = await link_sessions(api, args.sessions, hook)
            nodes = sorted(set(placed.values()))
            paths = [f"/api/messages/{s}/send" for s in placed]
            pids = [gateway.pid, *children(gateway.pid)]
            # Warm-up: sends, and inbound messages with their webhooks, so that the statistics
            # gathered next (as autovacuum's would be in service) know every table's rows.
            await saturate("127.0.0.1", port, paths, args.connections, 2)
            await inbound(args, placed, received, pids, events=args.connections * 8)
            await analyze(url)
            meter = CpuMeter(pids, database=True)
            sends = await saturate("127.0.0.1", port, paths, args.connections, args.seconds)
            sends |= meter.per_send(sends["sends"])
            to_owners = await sends_to_owners(args, placed, pids) if len(nodes) > 1 else None

            webhooks = await inbound(args, placed, received, pids)
    await receiver.stop()
    return {
        "workers": workers,
        "nodes_with_sessions": len(nodes),
        "sends": sends,
        "sends_to_owners": to_owners,
        "webhooks": webhooks,
    }


async def inbound(
    args: argparse.Namespace,
    placed: dict[str, str],
    received: Counter[str],
    pids: list[int],
    events: int | None = None,
) -> dict[str, Any]:
    """``events`` (default ``--events``) inbound messages written by contacts (the sandbox's
    API, on the node that drives each session, over ``--connections`` kept-alive connections),
    timed until the receiver has each one's signed webhook."""
    events = events or args.events
    received.clear()
    owners = [(session_id, httpx.URL(owner)) for session_id, owner in placed.items()]
    meter = CpuMeter(pids, database=True)
    started = time.perf_counter()

    async def inject(n: int) -> int:
        session_id, owner = owners[n % len(owners)]
        connection = await Connection(owner.host, owner.port or 80).open()
        failed = 0
        try:
            for m in range(n, events, args.connections):
                body = {"from": f"3461{m % 500:07d}", "to": session_id, "message": f"in {m}"}
                failed += (
                    await connection.post("/api/sandbox/messages", json.dumps(body).encode()) != 200
                )
        finally:
            connection.close()
        return failed

    errors = sum(await asyncio.gather(*(inject(n) for n in range(args.connections))))
    injected = time.perf_counter() - started
    while received["message.received"] < events - errors:
        if time.perf_counter() - started > 120:
            break
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - started
    delivered = received["message.received"]
    return {
        "events": events,
        "errors": errors,
        "delivered": delivered,
        "events_per_second": round(delivered / elapsed, 1),
        **{k.replace("_per_send", "_per_event"): v for k, v in meter.per_send(delivered).items()},
        # Each inbound message is answered once stored: the rate the contacts write at can
        # bound the delivered rate.
        "injected_per_second": round(events / injected, 1),
    }


async def sends_to_owners(
    args: argparse.Namespace, placed: dict[str, str], pids: list[int]
) -> dict[str, Any]:
    """Sends/s when every request goes to the node that drives its session (as behind a load
    balancer that routes by session): the nodes' cost without the forwarding."""
    by_owner: dict[str, list[str]] = {}
    for session_id, owner in placed.items():
        by_owner.setdefault(owner, []).append(f"/api/messages/{session_id}/send")
    connections = max(args.connections // len(by_owner), 1)
    nodes = [(httpx.URL(owner), paths) for owner, paths in by_owner.items()]
    meter = CpuMeter(pids, database=True)
    results = await asyncio.gather(
        *(
            saturate(url.host, url.port or 80, paths, connections, args.seconds)
            for url, paths in nodes
        )
    )
    return {
        "sends_per_second": round(sum(r["sends_per_second"] for r in results), 1),
        "errors": sum(r["errors"] for r in results),
        **meter.per_send(sum(r["sends"] for r in results)),
    }


async def failover(args: argparse.Namespace) -> dict[str, Any]:
    url = await fresh_database(args.database_url, DATABASE)
    data_dir = Path(tempfile.mkdtemp(prefix="inboxhub-bench-cluster-"))
    env = {"INBOXHUB_DATABASE_URL": url}
    with (
        running_gateway(data_dir=data_dir, env={**env, "INBOXHUB_NODE_ID": "a"}) as first,
        running_gateway(data_dir=data_dir, env={**env, "INBOXHUB_NODE_ID": "b"}) as second,
    ):
        async with first.client() as api:
            while len(await node_urls(api)) < 2:
                await asyncio.sleep(0.1)
            placed = await link_sessions(api, args.sessions, None)
            victims = [s for s, owner in placed.items() if owner == second.url]
            os.kill(second.pid, signal.SIGKILL)
            killed = time.perf_counter()
            back: dict[str, float] = {}
            while len(back) < len(victims) and time.perf_counter() - killed < 120:
                for session_id in victims:
                    if session_id in back:
                        continue
                    r = await api.get(f"/api/sessions/{session_id}/status")
                    if r.status_code == 200 and r.json()["data"]["status"] == "connected":
                        back[session_id] = time.perf_counter() - killed
                await asyncio.sleep(0.05)
    return {
        "lease_seconds": 10,
        "sessions_moved": len(back),
        "of": len(victims),
        "kill_to_connected_max_s": round(max(back.values(), default=float("nan")), 2),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    one = await throughput(args, 1)
    two = await throughput(args, 2)
    result: dict[str, Any] = {"one_node": one, "two_nodes": two}
    result["sends_scaling"] = round(
        two["sends"]["sends_per_second"] / max(one["sends"]["sends_per_second"], 1), 2
    )
    result["webhooks_scaling"] = round(
        two["webhooks"]["events_per_second"] / max(one["webhooks"]["events_per_second"], 1), 2
    )
    result["failover"] = await failover(args)
    return result


def cpu_line(phase: dict[str, Any], unit: str = "send") -> str:
    """CPU per send (or event) by party, and the cores they kept busy together: next to the
    machine's core count, whether a phase was bound by the CPU or by something that waits."""
    parts = ("gateway", "postgres", "client")
    per_unit = {p: phase[f"{p}_cpu_ms_per_{unit}"] for p in parts}
    cores = sum(per_unit.values()) * phase[f"{unit}s_per_second"] / 1000
    return (
        f"CPU per {unit} (ms): "
        + ", ".join(f"{p} {v}" for p, v in per_unit.items())
        + f"; {cores:.2f} of {os.cpu_count()} cores busy"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps(result))
        return
    for phase in ("one_node", "two_nodes"):
        data = result[phase]
        print(
            f"{data['workers']} node(s): {data['sends']['sends_per_second']} sends/s "
            f"(p99 {data['sends']['latency_p99_ms']} ms, {data['sends']['errors']} errors); "
            f"{data['webhooks']['events_per_second']} webhook events/s "
            f"({data['webhooks']['delivered']}/{data['webhooks']['events']} delivered, "
            f"injected at {data['webhooks']['injected_per_second']}/s)"
        )
        print(f"   {cpu_line(data['sends'])}")
        print(f"   {cpu_line(data['webhooks'], 'event')}")
        if data["sends_to_owners"]:
            print(
                f"   each request to its session's node: "
                f"{data['sends_to_owners']['sends_per_second']} sends/s "
                f"({data['sends_to_owners']['errors']} errors)"
            )
            print(f"   {cpu_line(data['sends_to_owners'])}")
    print(
        f"scaling 1 -> 2 nodes: sends x{result['sends_scaling']}, webhooks x{result['webhooks_scaling']} (goal >= 1.4)"
    )
    f = result["failover"]
    print(
        f"failover: {f['sessions_moved']}/{f['of']} sessions connected on the other node, "
        f"at most {f['kill_to_connected_max_s']} s after SIGKILL (goal <= 15 s, lease 10 s)"
    )


if __name__ == "__main__":
    sys.exit(main())
