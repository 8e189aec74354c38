"""Where a broker sink's messages go: its broker's URL (guarded like a webhook's, credentials
kept secret), and the routing key or subject of each event."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from inboxhub.errors import ValidationFailed
from inboxhub.ssrf import guard_url

SCHEMES: dict[str, Mapping[str, int]] = {
    "amqp": {"amqp": 5672, "amqps": 5671},
    # nats-py's own spelling: ``tls://`` is NATS over TLS.
    "nats": {"nats": 4222, "tls": 4222},
}
DEFAULT_DESTINATION = "inboxhub"
# A routing-key or subject token for events of no session (no session id can be "_").
NO_SESSION = "_"
HIDDEN = "***"

# RabbitMQ's own rule for exchange names (``amq.`` is reserved: see ``check_exchange``).
EXCHANGE_PATTERN = r"^[A-Za-z0-9_.:-]{1,255}$"
# Dot-separated tokens, none empty, without NATS's wildcards or spaces.
SUBJECT_PREFIX_PATTERN = r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$"
# Session ids may hold dots, which split routing keys and subjects into tokens: they are
# percent-encoded (a session id never holds "%", so the encoding is unambiguous).
_TOKEN_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def check_exchange(name: str | None) -> str | None:
    if name is not None and name.startswith("amq."):
        raise ValueError("exchange names starting with 'amq.' are reserved for the broker")
    return name


def session_token(session_id: str | None) -> str:
    if not session_id:
        return NO_SESSION
    return _TOKEN_UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), session_id
    )


def routing_key(organization_id: int, session_id: str | None, event_type: str) -> str:
    """AMQP: ``{org}.{sessionId}.{event}`` (the event's own dots make more tokens)."""
    return f"{organization_id}.{session_token(session_id)}.{event_type}"


def subject(prefix: str, organization_id: int, session_id: str | None, event_type: str) -> str:
    """NATS: ``{prefix}.{org}.{sessionId}.{event}``."""
    return f"{prefix}.{routing_key(organization_id, session_id, event_type)}"


# aiormq reads TLS files named in the query (``cafile``, ``certfile``…) and can turn off
# certificate checks: a tenant's URL must not make the gateway read its files or trust anyone.
QUERY_ALLOWED = {"amqp": frozenset({"heartbeat"}), "nats": frozenset[str]()}


async def guard(url: str, sink_type: str, *, allow_private: bool, resolve: bool = True) -> str:
    """A broker URL of the sink's type, to an address the gateway may reach (as a webhook's)."""
    url = url.strip()
    try:
        query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    except ValueError as exc:
        raise ValidationFailed("url is not a valid URL", field="url") from exc
    refused = sorted(set(query) - QUERY_ALLOWED[sink_type])
    if refused:
        allowed = ", ".join(sorted(QUERY_ALLOWED[sink_type])) or "none"
        raise ValidationFailed(
            f"url: query parameter(s) {refused} are not accepted (allowed: {allowed})",
            field="url",
        )
    await guard_url(
        url,
        allow_private=allow_private,
        field="url",
        resolve=resolve,
        schemes=SCHEMES[sink_type],
        credentials=True,
    )
    return url


def keep_hidden_secret(new_url: str, old_url: str | None) -> str:
    """A client that sends back the URL it was shown (its password as ``***``) keeps the stored
    password, as long as it names the same broker and user (its query may change)."""
    if not old_url or HIDDEN not in new_url:
        return new_url
    try:
        new, old = urlsplit(new_url), urlsplit(old_url)
        same_place = (new.scheme, new.hostname, new.port, new.path) == (
            old.scheme,
            old.hostname,
            old.port,
            old.path,
        )
        hidden = (new.password == HIDDEN and new.username == old.username) or (
            new.username == HIDDEN and new.password is None
        )
    except ValueError:
        return new_url
    if not (same_place and hidden):
        return new_url
    stored = old.netloc.rpartition("@")[0]
    return new._replace(netloc=f"{stored}@{new.netloc.rpartition('@')[2]}").geturl()


def credentials(url: str) -> tuple[str | None, str | None]:
    """The user and password written in a URL, decoded."""
    parts = urlsplit(url)
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return user, password


def scrub(text: str, url: str | None) -> str:
    """An error's text without the URL's secret (its password, or a lone token), whatever a
    client library put in it."""
    if not url:
        return text
    try:
        user, password = credentials(url)
    except ValueError:
        return text
    secret = password or user
    if secret and len(secret) >= 3:
        text = text.replace(secret, HIDDEN)
    return text
