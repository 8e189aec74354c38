"""``/api/sandbox``: play the phone and the outside world. Mounted only while the sandbox is enabled."""

from __future__ import annotations

import asyncio
import base64
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Depends, Path
from sqlalchemy import select

from inboxhub.addressing import to_jid
from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.auth.service import is_operator
from inboxhub.db import DbSession, commit_now
from inboxhub.engines.base import Media, Outbound, StatusText
from inboxhub.engines.sandbox.client import SandboxClient
from inboxhub.engines.sandbox.directory import (
    NOT_ON_WHATSAPP_PREFIX,
    Person,
    directory_of,
    number_exists,
    put_person,
    save_contact,
    user_info,
)
from inboxhub.engines.sandbox.messaging import messaging_of
from inboxhub.engines.sandbox.network import SandboxEngine, SandboxNetwork
from inboxhub.engines.sandbox.statuses import audience, post_status_as, view_status_as
from inboxhub.envelope import ok
from inboxhub.errors import Forbidden, NotFound, SessionNotFound, ValidationFailed
from inboxhub.messages import payloads, prepare
from inboxhub.messages.models import Message
from inboxhub.routing import FeatureRouter
from inboxhub.runtime import Runtime
from inboxhub.sessions import service as sessions
from inboxhub.sessions.dependencies import SessionById
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.virtual_phone import replies
from inboxhub.virtual_phone.schemas import (
    LinkRequest,
    SandboxMessageRequest,
    SandboxNetworkSettings,
    SandboxReceiptRequest,
    SimulatedContact,
    SimulatedStatus,
    SimulatedView,
)

router = FeatureRouter(prefix="/api/sandbox", tags=["sandbox"])


async def network_of(runtime: Runtime) -> SandboxNetwork:
    engine = await runtime.pool.engine("sandbox")
    assert isinstance(engine, SandboxEngine)
    return engine.network


def sandbox_client(runtime: Runtime, session: WhatsAppSession) -> SandboxClient:
    client = runtime.pool.get(session.session_id)
    if session.engine != "sandbox":
        raise ValidationFailed(
            f"Session '{session.session_id}' does not run on the sandbox engine", field="sessionId"
        )
    if not isinstance(client, SandboxClient):
        raise NotFound(
            f"Session '{session.session_id}' is not running; connect it first", field="sessionId"
        )
    return client


@router.post("/link")
async def link_session(
    body: LinkRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Scan a session's QR (or type its pairing code) as the phone would."""
    network = await network_of(runtime)
    client, phone = network.resolve_login(
        qr=body.qr, code=body.code, phone_number=body.phone_number
    )
    # The QR must belong to a session of the caller's organization; others' look like bad codes.
    session = await sessions.find_session(db, principal, client.session_id)
    # Linking waits for the write queue, which needs a connection: hold none meanwhile, or enough
    # links at once take the whole pool and wait on each other.
    await commit_now(db)
    async with runtime.pool.lock(client.session_id):
        await client.link(phone, body.push_name)
    return ok(
        {
            "sessionId": session.session_id,
            "status": client.state,
            "phoneNumber": phone,
            "pushName": body.push_name,
        },
        "Sesión vinculada",
    )


@router.post("/sessions/{id}/drop")
async def drop_connection(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Cut the session's connection; it reconnects by itself."""
    client = sandbox_client(runtime, session)
    await commit_now(db)  # the drop waits for the write queue: hold no connection meanwhile
    await client.drop_connection()
    return ok({"sessionId": session.session_id, "status": client.state})


@router.post("/sessions/{id}/logout")
async def logout_from_phone(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Unlink the session from the phone's "Linked devices" screen."""
    client = sandbox_client(runtime, session)
    await commit_now(db)  # the logout waits for the write queue: hold no connection meanwhile
    await client.remote_logout()
    return ok({"sessionId": session.session_id, "status": client.state})


# ---- messaging --------------------------------------------------------------------------------


async def _stored_view(
    db: DbSession, runtime: Runtime, session: WhatsAppSession, wamid: str
) -> dict[str, Any] | None:
    message = (
        await db.execute(
            select(Message).where(
                Message.session_pk == session.id, Message.whatsapp_message_id == wamid
            )
        )
    ).scalar_one_or_none()
    return payloads.message_view(runtime, session.session_id, message) if message else None


@router.post("/messages")
async def contact_writes(
    body: SandboxMessageRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A contact writes to a session (any message type, the send endpoint's bodies). From the
    phone number of a sandbox session, that session's phone sends it. Answers once stored."""
    network = await network_of(runtime)
    target = network.client_for(body.to)
    phone = network.by_phone.get(body.from_)
    if phone is not None:
        try:
            await sessions.find_session(db, principal, phone.session_id)
        except SessionNotFound:
            phone = None  # another organization's number writes as any outside contact would
    if target is not None:
        session = await sessions.find_session(db, principal, target.session_id)
    elif phone is not None:
        session = await sessions.find_session(db, principal, phone.session_id)
    else:
        raise NotFound(f"No sandbox session has the number or sessionId '{body.to}'", field="to")
    body, reply = await replies.tapped(db, session, body)
    content, quoted = await prepare.build_content(db, runtime, session, body)
    quoted_id = quoted.id if quoted else None
    await commit_now(db)  # the write queue stores the message: hold no connection meanwhile
    if phone is not None and phone is not target:
        if body.group:
            chat = to_jid(body.group, field="group")
        else:
            chat = target.own_jid if target else to_jid(body.to, field="to")
        wamid = await phone.send_from_phone(chat, content, quoted_id=quoted_id)
        stored_at = phone.session_id
    else:
        assert target is not None
        wamid = await target.receive(
            content,
            sender_phone=body.from_,
            push_name=body.push_name,
            group=to_jid(body.group, field="group") if body.group else None,
            quoted_id=quoted_id,
            inline_media=body.media_inline,
            history=body.history,
            interactive_reply=reply,
        )
        stored_at = target.session_id
    stored_session = await sessions.find_session(db, principal, stored_at)
    return ok(
        {
            "whatsappMessageId": wamid,
            "sessionId": stored_at,
            "message": await _stored_view(db, runtime, stored_session, wamid),
        },
        "Mensaje entregado",
    )


@router.post("/receipts")
async def contact_receipts(
    body: SandboxReceiptRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A contact's phone reports messages a session sent it as delivered, read or played."""
    network = await network_of(runtime)
    client = network.client_for(body.to)
    if client is None:
        raise NotFound(f"No sandbox session has the number or sessionId '{body.to}'", field="to")
    session = await sessions.find_session(db, principal, client.session_id)
    if body.all:
        ids = client.sent_to(f"{body.from_}@s.whatsapp.net")
    elif body.message_ids:
        ids = []
        for ref in body.message_ids:
            message = await prepare.find_message(db, session, str(ref), field="messageIds")
            if message.whatsapp_message_id:
                ids.append(message.whatsapp_message_id)
    else:
        raise ValidationFailed("Give messageIds or all: true", field="messageIds")
    if ids:
        await commit_now(db)
        await client.contact_receipt(body.from_, ids, body.status)
    return ok({"sessionId": session.session_id, "status": body.status, "messageIds": ids})


async def _operator(db: DbSession, principal: ApiKeyAuth) -> None:
    """Settings of the whole network (its behaviour, contacts' profiles, their statuses) reach
    every tenant's sessions: they are the operator's to change."""
    if not await is_operator(db, principal.organization_id):
        raise Forbidden(
            "The sandbox network's settings are shared by every organization: only the "
            "operator's organization may change them"
        )


OperatorOnly = Depends(_operator)


@router.put("/network", dependencies=[OperatorOnly])
async def configure_network(
    body: SandboxNetworkSettings, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Behaviour of the whole sandbox network to test against (receipt races); the operator's."""
    state = messaging_of(await network_of(runtime))
    if body.receipt_before_send_returns is not None:
        state.receipt_before_send_returns = body.receipt_before_send_returns
    if body.not_on_whatsapp is not None:
        state.not_on_whatsapp = set(body.not_on_whatsapp)
    return ok(
        {
            "receiptBeforeSendReturns": state.receipt_before_send_returns,
            "notOnWhatsApp": sorted(state.not_on_whatsapp),
        }
    )


@router.post("/network/drop")
async def drop_every_connection(
    db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """An outage of the whole network: every connected session of the organization drops at once."""
    network = await network_of(runtime)
    rows = (
        await db.execute(
            select(WhatsAppSession.session_id).where(
                WhatsAppSession.organization_id == principal.organization_id
            )
        )
    ).scalars()
    mine = set(rows)
    dropped = [c for sid, c in list(network.clients.items()) if sid in mine and c.is_connected]
    await commit_now(db)  # the drops wait for the write queue: hold no connection meanwhile
    await asyncio.gather(*(client.drop_connection() for client in dropped))
    return ok({"dropped": sorted(c.session_id for c in dropped)})


# ---- directory, statuses ----------------------------------------------------------------------


@router.post("/contacts")
async def put_simulated_contact(
    body: SimulatedContact, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Create or change a simulated contact, optionally saving it in a session's address book.

    Numbers not on WhatsApp (starting with 999, or listed in ``notOnWhatsApp``) are refused."""
    network = await network_of(runtime)
    phone = body.phone_number
    if not number_exists(network, phone):
        raise ValidationFailed(
            f"{phone} is not on WhatsApp (numbers starting with {NOT_ON_WHATSAPP_PREFIX} never are)",
            field="phoneNumber",
        )
    profile = body.model_dump(
        include={"push_name", "about", "verified_name", "picture_url", "business_profile"},
        exclude_unset=True,
    )
    if profile:  # a profile is what every tenant's sessions see of that number
        await _operator(db, principal)
    person = directory_of(network).people.get(phone) or Person(phone=phone)
    if profile or phone not in directory_of(network).people:
        put_person(network, replace(person, **profile))
    saved = None
    if body.session_id:
        session = await sessions.find_session(db, principal, body.session_id)
        client = sandbox_client(runtime, session)
        saved = save_contact(network, client, phone, body.name, hide_number=body.hide_number)
    info = user_info(network, phone)
    return ok(
        {
            "phoneNumber": phone,
            "jid": info.jid,
            "lid": info.lid,
            "pushName": info.push_name,
            "about": info.about,
            "verifiedName": info.verified_name,
            "pictureUrl": info.picture_url,
            "businessProfile": info.business_profile,
            "savedBy": body.session_id if saved else None,
            "savedAs": saved.jid if saved else None,
        },
        "Contacto simulado guardado",
    )


@router.post("/statuses", status_code=201, dependencies=[OperatorOnly])
async def post_simulated_status(
    body: SimulatedStatus, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A simulated contact posts a status; it reaches the sessions that saved its number."""
    network = await network_of(runtime)
    poster = body.from_
    if poster in network.by_phone:
        raise ValidationFailed(
            "That number is a session: post its status with POST /api/status/sessions/{sessionId}",
            field="from",
        )
    content: Outbound
    if body.type == "text":
        if not body.text:
            raise ValidationFailed("A text status needs text", field="text")
        content = StatusText(body=body.text, background_color=body.background_color, font=body.font)
    else:
        if not body.base64:
            raise ValidationFailed(f"An {body.type} status needs base64 bytes", field="base64")
        try:
            data = base64.b64decode(body.base64, validate=True)
        except ValueError as exc:
            raise ValidationFailed("base64 is not valid base64", field="base64") from exc
        default_mime = "image/jpeg" if body.type == "image" else "video/mp4"
        content = Media(
            kind=body.type, data=data, mimetype=body.mimetype or default_mime, caption=body.caption
        )
    status = post_status_as(network, poster, content, posted_at=body.timestamp)
    reached = [c.session_id for c in audience(network, poster)]
    return ok(
        {
            "statusId": status.id,
            "from": poster,
            "postedAt": status.posted_at,
            "deliveredTo": reached,
        },
        "Estado publicado",
    )


@router.post("/statuses/{statusId}/views", dependencies=[OperatorOnly])
async def view_status_as_contact(
    status_id: Annotated[str, Path(alias="statusId", max_length=100)],
    body: SimulatedView,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """A simulated contact views (and reacts to) a session's status."""
    network = await network_of(runtime)
    status = view_status_as(network, status_id, body.from_, reaction=body.reaction)
    return ok({"statusId": status.id, "viewers": len(status.viewers)}, "Estado visto")
