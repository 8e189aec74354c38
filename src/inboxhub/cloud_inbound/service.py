"""Meta's webhook, received: verify the signature, then store and record before answering.

A notification goes through the write queue (``writes.py``) as one ``CloudNotification``
(``recorder.py``): its raw body, the dedupe keys of its messages and statuses, and what they
record are committed together, and the queue resolves only then. Only then does Meta get its 200;
if anything could not be recorded, Meta gets an error and its redelivery records it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.cloud_inbound.models import CloudWebhookKey, CloudWebhookPayload
from inboxhub.cloud_inbound.recorder import CloudNotification
from inboxhub.db import commit_now, utcnow
from inboxhub.engines.cloud.inbound import Update, changes, parse_messages_change
from inboxhub.engines.cloud.options import CloudOptions, parse_options
from inboxhub.errors import ApiError, Forbidden, NotFound
from inboxhub.runtime import Runtime
from inboxhub.sessions.models import WhatsAppSession

log = logging.getLogger(__name__)


class InvalidSignature(ApiError):
    status_code = 401
    code = "INVALID_SIGNATURE"


class EventsNotRecorded(ApiError):
    status_code = 503
    code = "EVENTS_NOT_RECORDED"


@dataclass
class CloudSession:
    session: WhatsAppSession
    options: CloudOptions


@dataclass
class Intake:
    new_events: int = 0
    duplicates: int = 0
    ignored_changes: int = 0
    fields: list[str] = field(default_factory=list)


# ---- finding the session(s) a request is for ------------------------------------------------


def _cloud_options(session: WhatsAppSession) -> CloudOptions | None:
    try:
        return parse_options(dict(session.engine_options or {}))
    except ApiError:
        return None


async def session_by_path(db: AsyncSession, session_id: str) -> CloudSession:
    """The cloud session a per-session webhook URL names (any organization: Meta has no API key)."""
    session = (
        await db.execute(
            select(WhatsAppSession).where(
                WhatsAppSession.session_id == session_id, WhatsAppSession.engine == "cloud"
            )
        )
    ).scalar_one_or_none()
    options = _cloud_options(session) if session is not None else None
    if session is None or options is None:
        raise NotFound(f"No Cloud API session '{session_id}'", field="sessionId")
    return CloudSession(session, options)


async def all_cloud_sessions(db: AsyncSession) -> list[CloudSession]:
    rows = (
        (await db.execute(select(WhatsAppSession).where(WhatsAppSession.engine == "cloud")))
        .scalars()
        .all()
    )
    found = []
    for session in rows:
        options = _cloud_options(session)
        if options is not None:
            found.append(CloudSession(session, options))
    return found


# ---- Meta's two proofs ------------------------------------------------------------------------


def signature_matches(app_secret: str, body: bytes, header: str | None) -> bool:
    """``X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the app secret>``."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    given = header.removeprefix("sha256=").strip().lower()
    return hmac.compare_digest(expected.encode(), given.encode())


def signed_by(
    candidates: list[CloudSession], body: bytes, header: str | None
) -> list[CloudSession]:
    """The sessions whose app secret produced the signature (none: the request is refused)."""
    if not header:
        raise InvalidSignature("X-Hub-Signature-256 header is missing", field="X-Hub-Signature-256")
    with_secret = [c for c in candidates if c.options.app_secret is not None]
    if not with_secret:
        raise InvalidSignature(
            "engineOptions.appSecret is not set, so Meta's webhooks cannot be verified",
            field="engineOptions.appSecret",
        )
    signed = [
        c
        for c in with_secret
        if c.options.app_secret is not None
        and signature_matches(c.options.app_secret.get_secret_value(), body, header)
    ]
    if not signed:
        raise InvalidSignature(
            "X-Hub-Signature-256 does not match the body", field="X-Hub-Signature-256"
        )
    return signed


def answer_challenge(
    candidates: list[CloudSession], mode: str | None, token: str | None, challenge: str | None
) -> str:
    """Meta's subscription handshake: echo ``hub.challenge`` when the verify token is ours."""
    if mode != "subscribe" or not token or challenge is None:
        raise Forbidden("Expected hub.mode=subscribe with hub.verify_token and hub.challenge")
    for candidate in candidates:
        secret = candidate.options.verify_token
        if secret is not None and hmac.compare_digest(
            secret.get_secret_value().encode(), token.encode()
        ):
            return challenge
    raise Forbidden(
        "hub.verify_token does not match engineOptions.verifyToken", field="hub.verify_token"
    )


# ---- intake -----------------------------------------------------------------------------------


async def intake(
    db: AsyncSession,
    runtime: Runtime,
    *,
    body: bytes,
    payload: dict[str, Any],
    signed: list[CloudSession],
) -> Intake:
    """Store the notification, then wait until its events are recorded (or refuse it)."""
    by_number: dict[str, list[WhatsAppSession]] = {}
    for candidate in signed:
        by_number.setdefault(candidate.options.phone_number_id, []).append(candidate.session)
    result = Intake()
    routed: list[tuple[int, Update]] = []
    numbers: list[str] = []
    for change in changes(payload):
        result.fields.append(change.field)
        if change.phone_number_id and change.phone_number_id not in numbers:
            numbers.append(change.phone_number_id)
        # Meta sends every number of the business account to the app: keep only our numbers'.
        sessions = by_number.get(change.phone_number_id or "", [])
        if change.field != "messages" or not sessions:
            result.ignored_changes += 1
            continue
        for session in sessions:
            routed += [
                (session.id, u) for u in parse_messages_change(session.session_id, change.value)
            ]
        for error in _errors(change.value):
            log.warning(
                "Cloud API error %s on number %s", error.get("code"), change.phone_number_id
            )

    raw = body.decode("utf-8", errors="replace")
    number_ids = ",".join(numbers)[:500] or None
    field_names = ",".join(dict.fromkeys(result.fields))[:500] or None
    if not routed:  # nothing for a session: kept raw only, committed before the 200
        db.add(
            CloudWebhookPayload(
                phone_number_ids=number_ids,
                fields=field_names,
                body=raw,
                new_events=0,
                duplicates=0,
                processed_at=utcnow(),
            )
        )
        return result
    owner = next(c.session for c in signed if c.session.id == routed[0][0])
    notification = CloudNotification(
        session_id=owner.session_id,
        body=raw,
        received_at=utcnow(),
        phone_number_ids=number_ids,
        fields=field_names,
        updates=routed,
    )
    await commit_now(db)  # ends the read: the connection goes back while the write queue writes
    try:
        await runtime.writes.submit(notification)  # resolves once committed
    except Exception:
        raise EventsNotRecorded("The notification could not be stored; redeliver later") from None
    result.new_events = notification.outcome.recorded
    result.duplicates = notification.outcome.duplicates
    if notification.outcome.failed:
        raise EventsNotRecorded(
            f"{notification.outcome.failed} event(s) could not be recorded; the others are "
            "stored, redeliver later"
        )
    return result


def _errors(value: dict[str, Any]) -> list[dict[str, Any]]:
    errors = value.get("errors")
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


async def prune(db: AsyncSession, *, retention: timedelta) -> None:
    """Forget notifications and keys older than Meta could still redeliver them."""
    cutoff = utcnow() - retention
    await db.execute(delete(CloudWebhookKey).where(CloudWebhookKey.created_at < cutoff))
    await db.execute(delete(CloudWebhookPayload).where(CloudWebhookPayload.received_at < cutoff))
