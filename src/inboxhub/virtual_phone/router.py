"""``/api/sandbox``: play the phone and the outside world. Mounted only while the sandbox is enabled."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import Depends, Path
from sqlalchemy import select

from inboxhub.addressing import to_jid
from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.auth.service import is_operator
from inboxhub.db import DbSession, commit_now
from inboxhub.engines.base import Media, Outbound, StatusText
from inboxhub.engines.sandbox.world import World
from inboxhub.envelope import answers, iso, ok
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
    SandboxCallRequest,
    SandboxDelivered,
    SandboxDropped,
    SandboxLinked,
    SandboxMessageRequest,
    SandboxNetworkRead,
    SandboxNetworkSettings,
    SandboxReceiptRequest,
    SandboxReceipts,
    SandboxSessionState,
    SimulatedCallData,
    SimulatedContact,
    SimulatedContactRead,
    SimulatedStatus,
    SimulatedStatusPosted,
    SimulatedStatusView,
    SimulatedView,
)

router = FeatureRouter(prefix="/api/sandbox", tags=["sandbox"])


async def world_of(runtime: Runtime) -> World:
    """The sandbox network, in this process or the cluster's network process."""
    engine = await runtime.pool.engine("sandbox")
    world: World = getattr(engine, "world")  # noqa: B009 - both sandbox engines have one
    return world


def require_sandbox(runtime: Runtime, session: WhatsAppSession, *, here: bool = True) -> None:
    """A sandbox session (running on this node, with ``here``: requests about one session reach
    the node that drives it; the network itself knows whether it runs anywhere)."""
    if session.engine != "sandbox":
        raise ValidationFailed(
            f"Session '{session.session_id}' does not run on the sandbox engine", field="sessionId"
        )
    if here and runtime.pool.get(session.session_id) is None:
        raise NotFound(
            f"Session '{session.session_id}' is not running; connect it first", field="sessionId"
        )


@router.post("/link", responses=answers(SandboxLinked))
async def link_session(
    body: LinkRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Scan a session's QR (or type its pairing code) as the phone would."""
    world = await world_of(runtime)
    session_id, phone = await world.resolve_login(body.qr, body.code, body.phone_number)
    # The QR must belong to a session of the caller's organization; others' look like bad codes.
    session = await sessions.find_session(db, principal, session_id)
    # Linking waits for the write queue, which needs a connection: hold none meanwhile, or enough
    # links at once take the whole pool and wait on each other.
    await commit_now(db)
    async with runtime.pool.lock(session_id):
        _, state = await world.call(session_id, "link", phone, body.push_name)
    return ok(
        {
            "sessionId": session.session_id,
            "status": state,
            "phoneNumber": phone,
            "pushName": body.push_name,
        },
        "Sesión vinculada",
    )


@router.post("/sessions/{id}/drop", responses=answers(SandboxSessionState))
async def drop_connection(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Cut the session's connection; it reconnects by itself."""
    require_sandbox(runtime, session)
    await commit_now(db)  # the drop waits for the write queue: hold no connection meanwhile
    _, state = await (await world_of(runtime)).call(session.session_id, "drop_connection")
    return ok({"sessionId": session.session_id, "status": state})


@router.post("/sessions/{id}/logout", responses=answers(SandboxSessionState))
async def logout_from_phone(
    session: SessionById, db: DbSession, runtime: RuntimeDep
) -> dict[str, Any]:
    """Unlink the session from the phone's "Linked devices" screen."""
    require_sandbox(runtime, session)
    await commit_now(db)  # the logout waits for the write queue: hold no connection meanwhile
    _, state = await (await world_of(runtime)).call(session.session_id, "remote_logout")
    return ok({"sessionId": session.session_id, "status": state})


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


@router.post("/messages", responses=answers(SandboxDelivered))
async def contact_writes(
    body: SandboxMessageRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A contact writes to a session (any message type, the send endpoint's bodies). From the
    phone number of a sandbox session, that session's phone sends it. Answers once stored."""
    world = await world_of(runtime)
    target = await world.device(body.to)
    target_id = target[0] if target else None
    phone = await world.session_of_phone(body.from_)
    if phone is not None:
        try:
            await sessions.find_session(db, principal, phone)
        except SessionNotFound:
            phone = None  # another organization's number writes as any outside contact would
    if target_id is not None:
        session = await sessions.find_session(db, principal, target_id)
    elif phone is not None:
        session = await sessions.find_session(db, principal, phone)
    else:
        raise NotFound(f"No sandbox session has the number or sessionId '{body.to}'", field="to")
    body, reply = await replies.tapped(db, session, body)
    content, quoted = await prepare.build_content(db, runtime, session, body)
    quoted_id = quoted.id if quoted else None
    await commit_now(db)  # the write queue stores the message: hold no connection meanwhile
    if phone is not None and phone != target_id:
        if body.group:
            chat = to_jid(body.group, field="group")
        elif target:
            chat = f"{target[1] or '0'}@s.whatsapp.net"
        else:
            chat = to_jid(body.to, field="to")
        wamid, _ = await world.call(phone, "send_from_phone", chat, content, quoted_id=quoted_id)
        stored_at = phone
    else:
        assert target_id is not None
        wamid, _ = await world.call(
            target_id,
            "receive",
            content,
            sender_phone=body.from_,
            push_name=body.push_name,
            group=to_jid(body.group, field="group") if body.group else None,
            quoted_id=quoted_id,
            inline_media=body.media_inline,
            history=body.history,
            interactive_reply=reply,
        )
        stored_at = target_id
    stored_session = await sessions.find_session(db, principal, stored_at)
    return ok(
        {
            "whatsappMessageId": wamid,
            "sessionId": stored_at,
            "message": await _stored_view(db, runtime, stored_session, wamid),
        },
        "Mensaje entregado",
    )


@router.post("/receipts", responses=answers(SandboxReceipts))
async def contact_receipts(
    body: SandboxReceiptRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A contact's phone reports messages a session sent it as delivered, read or played."""
    world = await world_of(runtime)
    device = await world.device(body.to)
    if device is None or device[0] is None:
        raise NotFound(f"No sandbox session has the number or sessionId '{body.to}'", field="to")
    session = await sessions.find_session(db, principal, device[0])
    ids: list[str]
    if body.all:
        ids, _ = await world.call(session.session_id, "sent_to", f"{body.from_}@s.whatsapp.net")
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
        await world.call(session.session_id, "contact_receipt", body.from_, ids, body.status)
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


@router.put("/network", dependencies=[OperatorOnly], responses=answers(SandboxNetworkRead))
async def configure_network(
    body: SandboxNetworkSettings, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Behaviour of the whole sandbox network to test against (receipt races); the operator's."""
    world = await world_of(runtime)
    return ok(await world.configure(body.receipt_before_send_returns, body.not_on_whatsapp))


@router.post("/network/drop", responses=answers(SandboxDropped))
async def drop_every_connection(
    db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """An outage of the whole network: every connected session of the organization drops at once."""
    world = await world_of(runtime)
    rows = (
        await db.execute(
            select(WhatsAppSession.session_id).where(
                WhatsAppSession.organization_id == principal.organization_id
            )
        )
    ).scalars()
    mine = list(rows)
    await commit_now(db)  # the drops wait for the write queue: hold no connection meanwhile
    return ok({"dropped": await world.drop_all(mine)})


# ---- directory, statuses ----------------------------------------------------------------------


@router.post("/contacts", responses=answers(SimulatedContactRead))
async def put_simulated_contact(
    body: SimulatedContact, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Create or change a simulated contact, optionally saving it in a session's address book.

    Numbers not on WhatsApp (starting with 999, or listed in ``notOnWhatsApp``) are refused."""
    if body.session_id:
        session = await sessions.find_session(db, principal, body.session_id)
        require_sandbox(runtime, session, here=False)
    profile = body.model_dump(
        include={"push_name", "about", "verified_name", "picture_url", "business_profile"},
        exclude_unset=True,
    )
    if profile:  # a profile is what every tenant's sessions see of that number
        await _operator(db, principal)
    world = await world_of(runtime)
    saved = await world.put_contact(
        body.phone_number, profile, body.session_id, body.name, body.hide_number
    )
    return ok(saved, "Contacto simulado guardado")


@router.post(
    "/statuses",
    status_code=201,
    dependencies=[OperatorOnly],
    responses=answers(SimulatedStatusPosted, 201),
)
async def post_simulated_status(
    body: SimulatedStatus, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A simulated contact posts a status; it reaches the sessions that saved its number."""
    poster = body.from_
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
    world = await world_of(runtime)
    return ok(await world.post_status(poster, content, body.timestamp), "Estado publicado")


@router.post(
    "/statuses/{statusId}/views",
    dependencies=[OperatorOnly],
    responses=answers(SimulatedStatusView),
)
async def view_status_as_contact(
    status_id: Annotated[str, Path(alias="statusId", max_length=100)],
    body: SimulatedView,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """A simulated contact views (and reacts to) a session's status."""
    world = await world_of(runtime)
    return ok(await world.view_status(status_id, body.from_, body.reaction), "Estado visto")


# ---- calls ------------------------------------------------------------------------------------


def _call_view(call: dict[str, Any]) -> dict[str, Any]:
    return {
        "callId": call["callId"],
        "sessionId": call["sessionId"],
        "from": call["from"],
        "video": call["video"],
        "status": call["status"],
        "at": iso(call["at"]),
    }


@router.post("/calls", status_code=201, responses=answers(SimulatedCallData, 201))
async def contact_calls(
    body: SandboxCallRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """A contact calls a session's number: the session hears ``call.received``; a session with
    ``rejectCalls`` declines it (``status`` turns ``rejected``) and sends its message."""
    world = await world_of(runtime)
    target = await world.device(body.to)
    if target is None or target[0] is None:
        raise NotFound(f"No sandbox session has the number or sessionId '{body.to}'", field="to")
    session = await sessions.find_session(db, principal, target[0])
    await commit_now(db)  # the call is recorded by the write queue: hold no connection meanwhile
    call, _ = await world.call(session.session_id, "ring", body.from_, video=body.video)
    return ok({"call": _call_view(call)}, "Llamada realizada")


@router.get("/sessions/{id}/calls/{callId}", responses=answers(SimulatedCallData))
async def call_status(
    session: SessionById,
    runtime: RuntimeDep,
    call_id: Annotated[str, Path(alias="callId", max_length=64)],
) -> dict[str, Any]:
    """Whether the call still rings or the session declined it."""
    require_sandbox(runtime, session)
    call, _ = await (await world_of(runtime)).call(session.session_id, "call_status", call_id)
    return ok({"call": _call_view(call)})
