"""The names of events: what each payload is called, and what a subscription lists to hear it."""

from __future__ import annotations

from collections.abc import Iterable

# Payload event name -> subscription event name (what ``webhookEvents`` lists).
SUBSCRIPTION_NAMES = {
    "message.received": "message",
    "message.sent": "message",
    "message.status": "message_status",
    "message.updated": "message",
    "session.status": "session_status",
    "session.qr": "qr_code",
    "group.updated": "group",
    "contact.updated": "contact",
    "status.received": "message",
    "handover.updated": "handover",
    "call.received": "call",
}
# Events about the webhooks themselves: only ``*`` subscribers (and exact names) hear them.
WEBHOOK_DISABLED = "webhook.disabled"
# Events for the live stream only, never delivered to subscribers: a delivery the inspector
# captured would otherwise be delivered to the inspector again, without end.
WEBHOOK_INSPECTED = "webhook.inspected"
STREAM_ONLY = frozenset({WEBHOOK_INSPECTED})
EVENT_TYPES = frozenset(SUBSCRIPTION_NAMES) | {WEBHOOK_DISABLED} | STREAM_ONLY
SUBSCRIPTION_EVENTS = frozenset(SUBSCRIPTION_NAMES.values()) | {"*"}


def selects(events: Iterable[str] | None, event_type: str) -> bool:
    """Whether a subscription's event list (subscription or payload names) takes this event.

    An empty list takes everything, like ``["*"]``.
    """
    names = set(events or ())
    if not names or "*" in names or event_type in names:
        return True
    return SUBSCRIPTION_NAMES.get(event_type, "") in names


def unknown_event_names(names: Iterable[str]) -> list[str]:
    return [n for n in names if n not in SUBSCRIPTION_EVENTS and n not in EVENT_TYPES]


def payload_types(names: Iterable[str]) -> frozenset[str] | None:
    """The payload event names a list of subscription/payload names stands for (None: all)."""
    wanted = set(names)
    if not wanted or "*" in wanted:
        return None
    return frozenset(t for t in EVENT_TYPES if selects(wanted, t))
