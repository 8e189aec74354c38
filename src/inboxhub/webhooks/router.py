"""``/api/webhooks``: organization webhooks (seed 02), the delivery log, redelivery and replay;
``/api/events/stream``: the live event stream."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from inboxhub.auth.dependencies import ApiKeyAuth, RuntimeDep
from inboxhub.auth.principal import Principal
from inboxhub.db import MAX_ROW_ID, DbSession, Moment
from inboxhub.envelope import answers, ok
from inboxhub.errors import NotFound
from inboxhub.routing import FeatureRouter
from inboxhub.sessions import service as sessions
from inboxhub.sessions.dependencies import SessionByPath
from inboxhub.sessions.models import WhatsAppSession
from inboxhub.sessions.service import frappe_allowed
from inboxhub.webhooks import delivery_log, service
from inboxhub.webhooks.models import WebhookSubscription
from inboxhub.webhooks.schemas import (
    DeliveryStatus,
    ReplayRequest,
    ReplayResult,
    SessionWebhookRemoved,
    SubscriberRemoved,
    SubscriptionList,
    WebhookCreate,
    WebhookDeleted,
    WebhookDeliveryDetail,
    WebhookDeliveryList,
    WebhookList,
    WebhookRead,
    WebhookTestResult,
    WebhookUpdate,
)

webhooks = FeatureRouter(prefix="/api/webhooks", tags=["webhooks"])

OrganizationId = Annotated[int, Path(alias="organizationId", ge=1, le=MAX_ROW_ID)]
WebhookId = Annotated[int, Path(alias="webhookId", ge=1, le=MAX_ROW_ID)]
Page = Annotated[int, Query(ge=1, le=100_000)]
Limit = Annotated[int, Query(ge=1, le=200)]


def _own(principal: Principal, organization_id: int) -> int:
    # Another organization's webhooks do not exist for this key.
    if organization_id != principal.organization_id:
        raise NotFound(f"Organization {organization_id} not found", field="organizationId")
    return organization_id


# ---- organization webhooks (seed 02) ----------------------------------------------------------


@webhooks.post(
    "/organizations/{organizationId}", status_code=201, responses=answers(WebhookRead, 201)
)
async def create_webhook(
    organization_id: OrganizationId,
    body: WebhookCreate,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    org = _own(principal, organization_id)
    subscription = await service.create_webhook(db, runtime.settings, org, body)
    return ok(service.describe(subscription, None, runtime.settings), "Webhook creado")


@webhooks.get("/organizations/{organizationId}", responses=answers(WebhookList))
async def list_webhooks(
    organization_id: OrganizationId, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    org = _own(principal, organization_id)
    rows = await service.list_subscriptions(db, org, kind="organization")
    items = [service.describe(s, owner, runtime.settings) for s, owner in rows]
    return ok({"webhooks": items, "total": len(items)})


@webhooks.get("/organizations/{organizationId}/{webhookId}", responses=answers(WebhookRead))
async def get_webhook(
    organization_id: OrganizationId,
    webhook_id: WebhookId,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    org = _own(principal, organization_id)
    subscription, _ = await service.get_subscription(db, org, webhook_id, kind="organization")
    return ok(service.describe(subscription, None, runtime.settings))


@webhooks.put("/organizations/{organizationId}/{webhookId}", responses=answers(WebhookRead))
async def update_webhook(
    organization_id: OrganizationId,
    webhook_id: WebhookId,
    body: WebhookUpdate,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    org = _own(principal, organization_id)
    subscription, _ = await service.get_subscription(db, org, webhook_id, kind="organization")
    subscription = await service.update_webhook(db, runtime.settings, subscription, body)
    return ok(service.describe(subscription, None, runtime.settings), "Webhook actualizado")


@webhooks.delete("/organizations/{organizationId}/{webhookId}", responses=answers(WebhookDeleted))
async def delete_webhook(
    organization_id: OrganizationId, webhook_id: WebhookId, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    org = _own(principal, organization_id)
    subscription, _ = await service.get_subscription(db, org, webhook_id, kind="organization")
    await db.delete(subscription)
    return ok({"id": webhook_id, "deleted": True}, "Webhook eliminado")


@webhooks.post(
    "/organizations/{organizationId}/{webhookId}/test", responses=answers(WebhookTestResult)
)
async def test_webhook(
    organization_id: OrganizationId,
    webhook_id: WebhookId,
    db: DbSession,
    principal: ApiKeyAuth,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """POST a signed ``webhook.test`` event now and answer with what the receiver said."""
    org = _own(principal, organization_id)
    subscription, _ = await service.get_subscription(db, org, webhook_id, kind="organization")
    result = await service.send_test(
        runtime.settings,
        url=subscription.url,
        secret=subscription.secret,
        organization_id=org,
        session_id=None,
        subscription_id=subscription.id,
    )
    return ok(result, "Webhook de prueba entregado" if result["delivered"] else "Webhook fallido")


# ---- every subscriber: organization, session and Frappe webhooks ------------------------------


async def _subscription(
    db: DbSession, runtime: RuntimeDep, organization_id: int, webhook_id: int
) -> tuple[WebhookSubscription, WhatsAppSession | None]:
    subscription, owner = await service.get_subscription(db, organization_id, webhook_id)
    # The operator's Frappe webhook is not another tenant's to see, test or turn on.
    if subscription.kind == "frappe" and not await frappe_allowed(
        db, runtime.settings, organization_id
    ):
        raise NotFound("Webhook not found", field="webhookId")
    return subscription, owner


@webhooks.get("/subscriptions", responses=answers(SubscriptionList))
async def list_subscriptions(
    db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Every subscriber of the caller's organization, with its health."""
    rows = await service.list_subscriptions(db, principal.organization_id)
    if not await frappe_allowed(db, runtime.settings, principal.organization_id):
        rows = [(s, owner) for s, owner in rows if s.kind != "frappe"]
    items = [service.describe(s, owner, runtime.settings) for s, owner in rows]
    return ok(
        {"organizationId": principal.organization_id, "subscriptions": items, "total": len(items)}
    )


@webhooks.post("/subscriptions/{webhookId}/enable", responses=answers(WebhookRead))
async def enable_subscription(
    webhook_id: WebhookId, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Turn a disabled subscriber back on; what it missed can be replayed."""
    subscription, owner = await _subscription(db, runtime, principal.organization_id, webhook_id)
    subscription = await service.enable(db, subscription)
    return ok(service.describe(subscription, owner, runtime.settings), "Webhook activado")


@webhooks.delete("/subscriptions/{webhookId}", responses=answers(SubscriberRemoved))
async def remove_subscription(
    webhook_id: WebhookId, db: DbSession, principal: ApiKeyAuth
) -> dict[str, Any]:
    """Remove a subscriber of any kind: an organization webhook is deleted; a session's webhook
    (or its Frappe forwarding) is switched off on the session. Pending deliveries are cancelled."""
    subscription, owner = await service.get_subscription(db, principal.organization_id, webhook_id)
    await service.remove_subscriber(db, subscription, owner)
    return ok({"id": webhook_id, "kind": subscription.kind, "removed": True}, "Webhook eliminado")


@webhooks.post("/subscriptions/{webhookId}/test", responses=answers(WebhookTestResult))
async def test_subscription(
    webhook_id: WebhookId, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    subscription, owner = await _subscription(db, runtime, principal.organization_id, webhook_id)
    service.check_http(subscription)
    url, secret = service.target_of(subscription, owner, runtime.settings)
    result = await service.send_test(
        runtime.settings,
        url=url,
        secret=secret,
        organization_id=principal.organization_id,
        session_id=owner.session_id if owner else None,
        subscription_id=subscription.id,
    )
    return ok(result, "Webhook de prueba entregado" if result["delivered"] else "Webhook fallido")


@webhooks.post("/sessions/{sessionId}/test", responses=answers(WebhookTestResult))
async def test_session_webhook(session: SessionByPath, runtime: RuntimeDep) -> dict[str, Any]:
    """Test a session's ``webhookUrl`` (signed with its ``webhookSecret``)."""
    result = await service.send_test(
        runtime.settings,
        url=session.webhook_url,
        secret=session.webhook_secret,
        organization_id=session.organization_id,
        session_id=session.session_id,
        subscription_id=None,
    )
    return ok(result, "Webhook de prueba entregado" if result["delivered"] else "Webhook fallido")


@webhooks.delete("/sessions/{sessionId}", responses=answers(SessionWebhookRemoved))
async def remove_session_webhook(session: SessionByPath, db: DbSession) -> dict[str, Any]:
    """Remove a session's own webhook: its URL, secret and events are cleared and what was still
    waiting for it is cancelled; its delivery log stays."""
    subscription = await service.session_subscriber(db, session)
    if subscription is not None:
        await service.remove_subscriber(db, subscription, session)
    else:
        session.webhook_url = session.webhook_secret = None
        session.webhook_events = []
    return ok({"sessionId": session.session_id, "removed": True}, "Webhook eliminado")


# ---- the delivery log -------------------------------------------------------------------------


@webhooks.get("/deliveries", responses=answers(WebhookDeliveryList))
async def list_deliveries(
    db: DbSession,
    principal: ApiKeyAuth,
    page: Page = 1,
    limit: Limit = 50,
    subscription_id: Annotated[
        int | None, Query(alias="subscriptionId", ge=1, le=MAX_ROW_ID)
    ] = None,
    session_id: Annotated[str | None, Query(alias="sessionId", max_length=100)] = None,
    status: DeliveryStatus | None = None,
    event: Annotated[str | None, Query(max_length=50)] = None,
    since: Moment | None = None,
) -> dict[str, Any]:
    """The delivery log, newest first: status, attempts, last answer, duration, times."""
    session_pk = None
    if session_id:
        session_pk = (await sessions.find_session(db, principal, session_id)).id
    items, pagination = await delivery_log.list_deliveries(
        db,
        principal.organization_id,
        page=page,
        limit=limit,
        subscription_id=subscription_id,
        session_pk=session_pk,
        status=status,
        event_type=event,
        since=since,
    )
    return ok({"deliveries": items, "total": pagination.total, "pagination": pagination.as_dict()})


@webhooks.get("/dead-letters", responses=answers(WebhookDeliveryList))
async def list_dead_letters(
    db: DbSession,
    principal: ApiKeyAuth,
    page: Page = 1,
    limit: Limit = 50,
    subscription_id: Annotated[
        int | None, Query(alias="subscriptionId", ge=1, le=MAX_ROW_ID)
    ] = None,
) -> dict[str, Any]:
    """Deliveries that failed every attempt; redeliver them one by one or replay them all."""
    items, pagination = await delivery_log.list_deliveries(
        db,
        principal.organization_id,
        page=page,
        limit=limit,
        subscription_id=subscription_id,
        status="failed",
    )
    return ok({"deliveries": items, "total": pagination.total, "pagination": pagination.as_dict()})


@webhooks.get("/deliveries/{deliveryId}", responses=answers(WebhookDeliveryDetail))
async def get_delivery(
    delivery_id: Annotated[int, Path(alias="deliveryId", ge=1, le=MAX_ROW_ID)],
    db: DbSession,
    principal: ApiKeyAuth,
) -> dict[str, Any]:
    row = await delivery_log.get_delivery(db, principal.organization_id, delivery_id)
    return ok(await delivery_log.describe_delivery(db, row))


@webhooks.post(
    "/deliveries/{deliveryId}/redeliver",
    status_code=202,
    responses=answers(WebhookDeliveryDetail, 202),
)
async def redeliver(
    delivery_id: Annotated[int, Path(alias="deliveryId", ge=1, le=MAX_ROW_ID)],
    db: DbSession,
    principal: ApiKeyAuth,
) -> dict[str, Any]:
    """Send the delivery's event again (same event id) as a new delivery."""
    delivery, _, _ = await delivery_log.get_delivery(db, principal.organization_id, delivery_id)
    again = await delivery_log.redeliver(db, delivery)
    row = await delivery_log.get_delivery(db, principal.organization_id, again.id)
    return ok(await delivery_log.describe_delivery(db, row), "Reenvío en cola")


@webhooks.post("/replay", status_code=202, responses=answers(ReplayResult, 202))
async def replay(
    body: ReplayRequest, db: DbSession, principal: ApiKeyAuth, runtime: RuntimeDep
) -> dict[str, Any]:
    """Queue again everything since ``since`` (or only the dead letters) for its subscribers."""
    session = None
    if body.session_id:
        session = await sessions.find_session(db, principal, body.session_id)
    if body.subscription_id is not None:
        await service.get_subscription(db, principal.organization_id, body.subscription_id)
    result = await delivery_log.replay(
        db, runtime.settings, principal.organization_id, body, session=session
    )
    return ok(result, f"{result['queued']} entrega(s) en cola")


router = webhooks
