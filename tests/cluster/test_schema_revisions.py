"""A node that runs another schema revision than the live nodes refuses to join, and says why."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support.database import truncate
from tests.support.ports import free_port
from tests.support.processes import gateway_env

pytestmark = pytest.mark.slow


async def test_a_node_of_another_schema_revision_refuses_to_join(
    processes: Any, tmp_path: Path, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("cluster mode runs on PostgreSQL")
    await truncate(database_url)
    engine = create_async_engine(database_url)
    async with engine.begin() as db:
        # A live node that runs an older schema (it renewed its lease just now).
        await db.execute(
            text(
                "INSERT INTO cluster_nodes (node_id, url, version, schema_revision, started_at,"
                " heartbeat_at, draining) VALUES ('old-node', 'http://127.0.0.1:9', '0.9.0',"
                " '0006_old', now(), now(), false)"
            )
        )
    await engine.dispose()
    env = gateway_env(tmp_path, free_port(), database_url, INBOXHUB_NODE_ID="new-node")
    node = await processes("serve", env).start()
    assert node.proc is not None
    code = await asyncio.wait_for(node.proc.wait(), 60)
    assert code != 0
    said = (tmp_path / "serve.log").read_text()
    assert "cannot join the cluster" in said
    assert "old-node (0006_old)" in said, said[-2000:]
    assert "Upgrade every node together" in said
    assert "Traceback" not in said
