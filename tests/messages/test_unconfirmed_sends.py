"""Sends a stopped gateway left ``pending``, never confirmed by WhatsApp: failed once, with why."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select, update

from inboxhub.cluster.models import ClusterNode
from inboxhub.messages.models import Message
from inboxhub.messages.pacer import fail_unconfirmed
from inboxhub.migrate import head_revision
from inboxhub.sessions.models import WhatsAppSession
from tests.messages.conftest import CONTACT, OTHER, SHOP
from tests.messages.helpers import events
from tests.support import eventually, link_session
from tests.support.database import fresh_install, someone_waits_for_a_lock
from tests.support.lifespan import client_for, reusable_app, running


async def _left_pending(app, session_id: str, count: int) -> list[int]:
    """Rows as a gateway killed between writing a send and hearing WhatsApp's answer leaves them."""
    async with app.state.database.sessionmaker() as db, db.begin():
        session = (
            await db.execute(
                select(WhatsAppSession).where(WhatsAppSession.session_id == session_id)
            )
        ).scalar_one()
        rows = [
            Message(
                organization_id=session.organization_id,
                session_pk=session.id,
                chat_id=f"{CONTACT}@s.whatsapp.net",
                from_me=True,
                type="text",
                body=f"en camino {n}",
                status="pending",
                source="api",
            )
            for n in range(count)
        ]
        db.add_all(rows)
        await db.flush()
        return [row.id for row in rows]


async def test_two_recoveries_at_once_fail_each_send_once(client, app, shop):
    """On PostgreSQL a node taking sessions over and the start-up recovery can look at the same
    rows at the same moment; each send still gets one ``failed`` event, not one per look. (SQLite
    has one writer: there the second recovery runs after the first.)"""
    database = app.state.database
    pending = await _left_pending(app, "shop", 3)

    async with database.sessionmaker() as first, first.begin():
        await fail_unconfirmed(first, session_pks=[shop["id"]])
        await first.flush()  # its changes are written (and their rows locked), not committed

        async def second() -> None:
            async with database.sessionmaker() as db, db.begin():
                await fail_unconfirmed(db)

        racing = None if database.is_sqlite else asyncio.create_task(second())

        if racing is not None:
            await eventually(lambda: someone_waits_for_a_lock(database))
    await (second() if racing is None else asyncio.wait_for(racing, 10))

    for message_id in pending:
        r = await client.get(f"/api/messages/shop/messages/{message_id}")
        message = r.json()["data"]["message"]
        assert message["status"] == "failed"
        assert message["error"] == "the gateway stopped before WhatsApp confirmed the send"
    changes = [
        (e["data"]["messageId"], e["data"]["previousStatus"], e["data"]["status"])
        for e in await events(app, "message.status")
    ]
    assert sorted(changes) == [(pk, "pending", "failed") for pk in pending]


async def test_a_restart_fails_its_own_stopped_sends_and_leaves_a_live_nodes_alone(
    make_settings, database_url
):
    """A gateway starting fails what it left ``pending`` itself, one ``failed`` event each, before
    it answers. In cluster mode it leaves alone the sends of sessions another live node drives:
    those are under way there, and WhatsApp's answer is still to come."""
    settings = make_settings()
    await fresh_install(database_url, settings)
    app = reusable_app(settings)
    async with running(app), client_for(app) as client:
        await link_session(client, "shop", SHOP)
        await link_session(client, "other", OTHER)
        own = await _left_pending(app, "other", 2)
        elsewhere = await _left_pending(app, "shop", 2)
    if not app.state.database.is_sqlite:
        await _driven_by_a_live_node(app, "shop")

    app = reusable_app(settings)
    async with running(app), client_for(app) as client:
        for message_id in own:
            r = await client.get(f"/api/messages/other/messages/{message_id}")
            assert r.json()["data"]["message"]["status"] == "failed"
        expected = "failed" if app.state.database.is_sqlite else "pending"
        # Read in the database: the API forwards requests for "shop" to the node driving it.
        async with app.state.database.sessionmaker() as db:
            statuses = await db.execute(select(Message.status).where(Message.id.in_(elsewhere)))
            assert set(statuses.scalars()) == {expected}
        changes = sorted(
            (e["data"]["messageId"], e["data"]["previousStatus"], e["data"]["status"])
            for e in await events(app, "message.status")
        )
        failed = own + elsewhere if expected == "failed" else own
        assert changes == sorted((pk, "pending", "failed") for pk in failed)


async def _driven_by_a_live_node(app, session_id: str) -> None:
    async with app.state.database.sessionmaker() as db, db.begin():
        db.add(
            ClusterNode(
                node_id="elsewhere",
                url="http://127.0.0.1:9",
                version="1",
                schema_revision=head_revision(),
                started_at=func.now(),
                heartbeat_at=func.now() + timedelta(minutes=5),
            )
        )
        await db.flush()
        await db.execute(
            update(WhatsAppSession)
            .where(WhatsAppSession.session_id == session_id)
            .values(owner_node="elsewhere")
        )
