"""Cluster nodes as child processes on one PostgreSQL, for the cluster tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.support import eventually
from tests.support.auth import API_KEY
from tests.support.database import truncate
from tests.support.ports import free_port
from tests.support.processes import gateway_env, healthy

LEASE = 4.0


class Node:
    def __init__(self, process: Any, port: int) -> None:
        self.process = process
        self.url = f"http://127.0.0.1:{port}"
        self.api = httpx.AsyncClient(base_url=self.url, headers={"X-API-Key": API_KEY}, timeout=20)


async def start_nodes(
    processes: Any, tmp_path: Path, database_url: str, count: int, **extra: str
) -> list[Node]:
    await truncate(database_url)
    nodes = []
    for n in range(count):
        port = free_port()
        env = gateway_env(
            tmp_path,
            port,
            database_url,
            INBOXHUB_NODE_ID=f"node-{n + 1}",
            INBOXHUB_CLUSTER_LEASE_SECONDS=str(LEASE),
            **extra,
        )
        nodes.append(Node(await processes("serve", env).start(), port))
    for node in nodes:
        await healthy(node.url)

    async def all_alive() -> bool:
        data = (await nodes[0].api.get("/api/cluster")).json()["data"]
        return sum(n["alive"] for n in data["nodes"]) == count

    await eventually(all_alive, timeout=20)
    return nodes
