"""An organization's effective handover settings: its own values over the environment's.

The CRM connection from the environment (``CRM_BASE_URL``, ``CRM_API_TOKEN``, ``BOT_API_TOKEN``,
``WEBHOOK_VERIFY_TOKEN``, ``CRM_META_APP_ID``, ``META_WEBHOOK_SECRET``…) belongs to the operator's
organization (flagged at first start): another tenant's tickets must never reach
that CRM. Timeouts, the emergency contact and the customer-facing texts from the environment are
defaults for every organization.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inboxhub.auth.service import is_operator, operator_organization_id
from inboxhub.config import Settings
from inboxhub.errors import Conflict
from inboxhub.handover.menu import DEFAULT_TEXTS, render
from inboxhub.handover.models import HandoverSettings
from inboxhub.handover.schemas import HandoverSettingsUpdate
from inboxhub.ssrf import guard_url

# Values that describe the CRM connection: the environment supplies them to the operator's only.
CONNECTION_FIELDS = (
    "crm_base_url",
    "crm_agent_notification_url",
    "bot_api_token",
    "bot_signature_secret",
    "webhook_verify_token",
    "meta_app_id",
    "meta_app_secret",
)
SECRET_FIELDS = ("bot_api_token", "bot_signature_secret", "webhook_verify_token", "meta_app_secret")
_ENV_NAMES = {"meta_app_id": "crm_meta_app_id", "meta_app_secret": "meta_webhook_secret"}
AGENT_REQUEST_PATH = "/api/bot/agent-request"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hint(secret: str | None) -> str | None:
    return "…" + secret[-4:] if secret and len(secret) >= 12 else ("…" if secret else None)


@dataclass(frozen=True, kw_only=True)
class Effective:
    organization_id: int
    crm_base_url: str | None
    agent_request_url: str | None
    bot_api_token: str | None
    # X-Bot-Signature key: BOT_SIGNATURE_SECRET, else the bot's own API token.
    signature_secret: str | None
    webhook_verify_token: str | None
    meta_app_id: str | None
    meta_app_secret: str | None
    emergency_contact: str | None
    assign_timeout: timedelta
    agent_idle_timeout: timedelta
    texts: dict[str, str]

    def text(self, key: str, **values: str | None) -> str:
        return render(self.texts[key], values)


async def stored(db: AsyncSession, organization_id: int) -> HandoverSettings | None:
    return await db.get(HandoverSettings, organization_id)


def templates(row: HandoverSettings | None) -> dict[str, str]:
    """The customer-facing texts as configured, defaults filled in."""
    own = (row.messages if row is not None else None) or {}
    return {**DEFAULT_TEXTS, **{k: v for k, v in own.items() if k in DEFAULT_TEXTS and v}}


def _texts(row: HandoverSettings | None, emergency: str | None) -> dict[str, str]:
    texts = templates(row)
    if emergency:
        line = render(texts["emergency"], {"emergencyContact": emergency})
        for key in ("noAgent", "authenticationRequired"):
            texts[key] = f"{texts[key]} {line}"
    return texts


def resolve(
    settings: Settings, row: HandoverSettings | None, organization_id: int, *, is_default: bool
) -> Effective:
    def value(name: str) -> Any:
        own = getattr(row, name) if row is not None else None
        if own is not None or not is_default:
            return own
        return getattr(settings, _ENV_NAMES.get(name, name))

    base_url = value("crm_base_url")
    agent_url = value("crm_agent_notification_url") or (
        base_url.rstrip("/") + AGENT_REQUEST_PATH if base_url else None
    )
    emergency = (row.emergency_contact if row else None) or settings.handover_emergency_contact
    assign = (
        row.assign_timeout_seconds if row else None
    ) or settings.handover_assign_timeout_seconds
    idle = (
        row.agent_idle_timeout_seconds if row else None
    ) or settings.handover_agent_idle_timeout_seconds
    return Effective(
        organization_id=organization_id,
        crm_base_url=base_url,
        agent_request_url=agent_url,
        bot_api_token=value("bot_api_token"),
        signature_secret=value("bot_signature_secret") or value("bot_api_token"),
        webhook_verify_token=value("webhook_verify_token"),
        meta_app_id=value("meta_app_id"),
        meta_app_secret=value("meta_app_secret"),
        emergency_contact=emergency,
        assign_timeout=timedelta(seconds=assign),
        agent_idle_timeout=timedelta(seconds=idle),
        texts=_texts(row, emergency),
    )


async def effective(db: AsyncSession, settings: Settings, organization_id: int) -> Effective:
    row = await stored(db, organization_id)
    is_default = organization_id == await operator_organization_id(db)
    return resolve(settings, row, organization_id, is_default=is_default)


async def every_organization(db: AsyncSession, settings: Settings) -> list[Effective]:
    """Every organization with handover settings of its own, plus the default one."""
    default_id = await operator_organization_id(db)
    rows = {r.organization_id: r for r in (await db.execute(select(HandoverSettings))).scalars()}
    ids = set(rows) | ({default_id} if default_id is not None else set())
    return [
        resolve(settings, rows.get(org_id), org_id, is_default=org_id == default_id)
        for org_id in sorted(ids)
    ]


# ---- the CRM's bearer token -------------------------------------------------------------------


async def organization_for_crm_token(
    db: AsyncSession, settings: Settings, token: str
) -> int | None:
    """The organization a CRM token belongs to: an organization's own token, else ``CRM_API_TOKEN``
    for the operator's organization (unless that organization has set a token of its own)."""
    digest = token_hash(token)
    own = (
        await db.execute(
            select(HandoverSettings.organization_id).where(
                HandoverSettings.crm_api_token_hash == digest
            )
        )
    ).scalar_one_or_none()
    if own is not None:
        return own
    if not settings.crm_api_token or not hmac.compare_digest(
        digest.encode(), token_hash(settings.crm_api_token).encode()
    ):
        return None
    default_id = await operator_organization_id(db)
    if default_id is None:
        return None
    row = await stored(db, default_id)
    return None if row is not None and row.crm_api_token_hash else default_id


# ---- the settings API -------------------------------------------------------------------------


async def _require_unused(
    db: AsyncSession, settings: Settings, organization_id: int, token: str
) -> None:
    """A CRM token names one organization: one already in use (another tenant's, or the
    environment's CRM_API_TOKEN) is refused, with one answer for both."""
    digest = token_hash(token)
    other = (
        await db.execute(
            select(HandoverSettings.organization_id).where(
                HandoverSettings.crm_api_token_hash == digest,
                HandoverSettings.organization_id != organization_id,
            )
        )
    ).first()
    env = settings.crm_api_token and hmac.compare_digest(
        digest.encode(), token_hash(settings.crm_api_token).encode()
    )
    if other is not None or (env and not await is_operator(db, organization_id)):
        raise Conflict(
            "This crmApiToken cannot be used: generate a new random one", field="crmApiToken"
        )


async def update(
    db: AsyncSession, settings: Settings, organization_id: int, body: HandoverSettingsUpdate
) -> HandoverSettings:
    row = await stored(db, organization_id)
    if row is None:
        row = HandoverSettings(organization_id=organization_id, messages={})
        db.add(row)
    sent = body.model_fields_set
    for name in ("crm_base_url", "crm_agent_notification_url"):
        if name in sent:
            url = (getattr(body, name) or "").strip() or None
            if url:
                field = "crmBaseUrl" if name == "crm_base_url" else "crmAgentNotificationUrl"
                await guard_url(url, allow_private=settings.allow_private_targets, field=field)
            setattr(row, name, url)
    for name in (*SECRET_FIELDS, "meta_app_id", "emergency_contact"):
        if name in sent:
            setattr(row, name, (getattr(body, name) or "").strip() or None)
    for name in ("assign_timeout_seconds", "agent_idle_timeout_seconds"):
        if name in sent:
            setattr(row, name, getattr(body, name))
    if "crm_api_token" in sent:
        token = (body.crm_api_token or "").strip() or None
        if token:
            await _require_unused(db, settings, organization_id, token)
        row.crm_api_token_hash = token_hash(token) if token else None
        row.crm_api_token_hint = hint(token)
    if "messages" in sent:
        merged = {**(row.messages or {}), **(body.messages or {})}
        row.messages = {k: v for k, v in merged.items() if v}
    await db.flush()
    return row


def describe(
    settings: Settings, row: HandoverSettings | None, organization_id: int, *, is_default: bool
) -> dict[str, Any]:
    """Settings as the API shows them: secrets only as a hint, and where each value comes from."""
    eff = resolve(settings, row, organization_id, is_default=is_default)

    def source(name: str, env_name: str | None = None) -> str | None:
        if row is not None and getattr(row, name) is not None:
            return "organization"
        env_value = getattr(settings, env_name or _ENV_NAMES.get(name, name), None)
        return "environment" if is_default and env_value else None

    own_token = row is not None and row.crm_api_token_hash is not None
    env_token = is_default and bool(settings.crm_api_token) and not own_token
    return {
        "organizationId": organization_id,
        "isDefaultOrganization": is_default,
        "crmBaseUrl": eff.crm_base_url,
        "crmAgentNotificationUrl": eff.agent_request_url,
        "crmApiTokenSet": own_token or env_token,
        "crmApiTokenHint": row.crm_api_token_hint if own_token and row else None,
        "botApiTokenHint": hint(eff.bot_api_token),
        "botSignatureSecretHint": hint(eff.signature_secret),
        "webhookVerifyTokenHint": hint(eff.webhook_verify_token),
        "metaAppId": eff.meta_app_id,
        "metaAppSecretHint": hint(eff.meta_app_secret),
        "emergencyContact": eff.emergency_contact,
        "assignTimeoutSeconds": eff.assign_timeout.total_seconds(),
        "agentIdleTimeoutSeconds": eff.agent_idle_timeout.total_seconds(),
        "messages": templates(row),
        "sources": {
            "crmBaseUrl": source("crm_base_url"),
            "crmApiToken": "organization" if own_token else ("environment" if env_token else None),
            "botApiToken": source("bot_api_token"),
            "botSignatureSecret": source("bot_signature_secret") or source("bot_api_token"),
            "webhookVerifyToken": source("webhook_verify_token"),
            "metaAppId": source("meta_app_id"),
            "metaAppSecret": source("meta_app_secret"),
        },
    }
