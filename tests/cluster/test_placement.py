"""The placement against what nodes do meanwhile: a move is never started on a session that
changed hands since the placement chose it."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, update

from inboxhub.auth.models import Organization
from inboxhub.cluster import service
from inboxhub.cluster.models import ClusterNode
from inboxhub.db import Database
from inboxhub.migrate import head_revision
from inboxhub.sessions.models import WhatsAppSession
from tests.support import eventually
from tests.support.database import fresh_database, someone_waits_for_a_lock

LEASE = 10.0


@pytest.fixture
async def database(database_url: str):
    if not database_url.startswith("postgresql"):
        pytest.skip("cluster mode runs on PostgreSQL")
    await fresh_database(database_url)
    db = Database(database_url)
    try:
        yield db
    finally:
        await db.dispose()


async def _cluster(database: Database) -> list[int]:
    """node-1 draining with two linked sessions; node-3 alive with none."""
    async with database.sessionmaker() as db, db.begin():
        for node, draining in (("node-1", True), ("node-3", False)):
            db.add(
                ClusterNode(
                    node_id=node,
                    url=f"http://127.0.0.1/{node}",
                    version="1",
                    schema_revision=head_revision(),
                    started_at=func.now(),
                    heartbeat_at=func.now(),
                    draining=draining,
                )
            )
        organization = Organization(name="Tienda", slug="tienda")
        db.add(organization)
        await db.flush()
        sessions = [
            WhatsAppSession(
                organization_id=organization.id,
                session_id=f"mudanza_{n}",
                name=f"mudanza_{n}",
                phone_number=f"3460000090{n}",
                owner_node="node-1",
            )
            for n in range(2)
        ]
        db.add_all(sessions)
        await db.flush()
        return [s.id for s in sessions]


async def test_a_session_handed_over_while_the_placement_runs_is_not_moved_again(database):
    """node-1 drains: it hands its sessions to node-3 while another node's placement, which saw
    them still on node-1, starts their moves to node-3. The session node-1 just handed over must
    not keep a move to the node that owns it (that node would neither start it nor move it)."""
    first, second = await _cluster(database)

    async with database.sessionmaker() as handing, handing.begin():
        assert await service.hand_over(handing, first, "node-1", "node-3")
        await handing.flush()  # the row is locked until this transaction commits

        async def placement() -> service.Placement | None:
            async with database.sessionmaker() as db, db.begin():
                return await service.place(db, lease_seconds=LEASE, max_moves=10, may_reap=False)

        placing = asyncio.create_task(placement())

        await eventually(lambda: someone_waits_for_a_lock(database))
    placed = await asyncio.wait_for(placing, 10)
    assert placed is not None

    async with database.sessionmaker() as db:
        rows = {
            pk: (owner, target)
            for pk, owner, target in await db.execute(
                select(WhatsAppSession.id, WhatsAppSession.owner_node, WhatsAppSession.target_node)
            )
        }
    assert rows[first] == ("node-3", None)
    # The other is still node-1's: its move to node-3 starts as usual.
    assert rows[second] == ("node-1", "node-3")

    # A move that names its session's own owner (left by an earlier version) is called off.
    async with database.sessionmaker() as db, db.begin():
        await db.execute(
            update(WhatsAppSession).where(WhatsAppSession.id == first).values(target_node="node-3")
        )
    async with database.sessionmaker() as db, db.begin():
        await service.place(db, lease_seconds=LEASE, max_moves=10, may_reap=False)
        target = await db.scalar(
            select(WhatsAppSession.target_node).where(WhatsAppSession.id == first)
        )
    assert target is None
