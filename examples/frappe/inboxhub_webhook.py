"""Inbox Hub webhooks in a Frappe app: copy this file into your app (``my_app/inboxhub_webhook.py``).

The endpoint is ``/api/method/my_app.inboxhub_webhook.handle_webhook``: use it as the session's
``webhookUrl`` (or the organization webhook's ``url``; ``FRAPPE_WEBHOOK_URL`` for the gateway's
global Frappe webhook). Put the secret in the site config::

    bench --site mysite set-config inboxhub_webhook_secret "<the webhookSecret>"

and install the SDK (``inboxhub-client``, in ``clients/python`` of the gateway's repository) into
the bench's environment: ``bench pip install /path/to/inboxhub/clients/python``.
Deliveries are verified over the raw body, de-duplicated in the site's Redis cache by event id,
and handled in a background job, so that the gateway gets its answer at once.

In ``hooks.py`` nothing is needed for the endpoint; to react in your own code, add::

    inboxhub_event_handlers = {"message.received": "my_app.crm.on_whatsapp_message"}
"""

from __future__ import annotations

import frappe
from inboxhub_client import RedisStore, WebhookReceiver, WebhookVerificationError
from inboxhub_client.events import parse_event


def _receiver() -> WebhookReceiver:
    secret = frappe.conf.get("inboxhub_webhook_secret")
    if not secret:
        frappe.throw("inboxhub_webhook_secret is not set in the site config")
    # frappe.cache is a redis.Redis: SET NX EX shares the seen ids between workers.
    return WebhookReceiver(secret, store=RedisStore(frappe.cache(), prefix="inboxhub:event:"))


@frappe.whitelist(allow_guest=True, methods=["POST"])
def handle_webhook() -> dict[str, object]:
    receiver = _receiver()
    body = frappe.request.get_data()
    try:
        event = receiver.receive(body, dict(frappe.request.headers))
    except WebhookVerificationError:
        frappe.local.response.http_status_code = 401
        return {"ok": False}
    if event is None:
        return {"ok": True, "duplicate": True}
    frappe.enqueue(
        f"{__name__}.process_event",
        queue="short",
        payload=event.model_dump(mode="json", by_alias=True),
    )
    return {"ok": True, "duplicate": False}


def process_event(payload: dict[str, object]) -> None:
    """Runs in a worker: calls the handlers ``hooks.py`` names for the event's type."""
    event = parse_event(payload)
    for path in frappe.get_hooks("inboxhub_event_handlers", {}).get(event.event, []):
        frappe.get_attr(path)(event)
