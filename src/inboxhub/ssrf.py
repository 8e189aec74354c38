"""The guard on every URL the gateway fetches or posts to (webhooks, media URLs, CRM callbacks,
message brokers).

Link-local and cloud metadata addresses are never reachable. Loopback and private networks are
reachable only when ``INBOXHUB_ALLOW_PRIVATE_TARGETS`` is set (a CRM on the same host or LAN).
The check runs on every resolved address at registration and again before each request.

One exception: the gateway's own webhook inspector (``{public URL}/api/webhooks/inspector/<token>``,
exactly) may be a loopback or private address, so that a fresh gateway can show its own signed
webhooks without opening private networks to every subscriber.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

from inboxhub.config import Settings
from inboxhub.errors import ValidationFailed

# Cloud metadata endpoints outside link-local space.
_METADATA = [ipaddress.ip_network(n) for n in ("100.100.100.200/32", "fd00:ec2::254/128")]
_BLOCKED_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


# The inspector's capture path; its token is letters, digits, ``_`` and ``-`` (no dots, so no
# ``..`` segment can lead anywhere else on the gateway).
INSPECTOR_PATH = "/api/webhooks/inspector/"
_INSPECTOR_TOKEN = re.compile(r"whi_[A-Za-z0-9_-]{20,80}")


class BlockedTarget(ValidationFailed):
    code = "URL_NOT_ALLOWED"


def _origin(url: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(url.strip())
        scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".").lower()
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None
    if parts.username or parts.password:
        return None
    return scheme, host, port


def own_inspector(url: str, *, public_base_url: str) -> bool:
    """Whether ``url`` is exactly a capture URL of this gateway's webhook inspector."""
    origin = _origin(url)
    if origin is None or origin != _origin(public_base_url):
        return False
    parts = urlsplit(url.strip())
    prefix = urlsplit(public_base_url).path.rstrip("/") + INSPECTOR_PATH
    if parts.query or parts.fragment or not parts.path.startswith(prefix):
        return False
    return _INSPECTOR_TOKEN.fullmatch(parts.path[len(prefix) :]) is not None


def private_allowed(url: str, *, allow_private: bool, public_base_url: str) -> bool:
    """What ``allow_private`` a check of ``url`` gets: the setting, or the inspector exception."""
    return allow_private or own_inspector(url, public_base_url=public_base_url)


def check_address(address: str, *, allow_private: bool, field: str = "url") -> None:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # Link-local holds the cloud metadata services; the others cannot be a web server at all.
    never = ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved
    if never or any(ip in net for net in _METADATA):
        raise BlockedTarget(f"{field} points at a blocked address ({ip})", field=field)
    # Only globally routable addresses by default: loopback, private, CGNAT, test and
    # documentation ranges are all "not global".
    if not allow_private and not ip.is_global:
        raise BlockedTarget(
            f"{field} points at a private or loopback address ({ip}); "
            "set INBOXHUB_ALLOW_PRIVATE_TARGETS=true to allow it",
            field=field,
        )


HTTP_SCHEMES: Mapping[str, int] = {"http": 80, "https": 443}


def parse_url(
    url: str,
    *,
    field: str = "url",
    schemes: Mapping[str, int] = HTTP_SCHEMES,
    credentials: bool = False,
) -> tuple[str, int]:
    """Syntax only: a URL of one of ``schemes`` (name -> default port) with a host.

    Returns (host, port). Credentials in the URL are refused unless ``credentials`` (a broker's
    URL carries its user and password).
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ValidationFailed(f"{field} is not a valid URL", field=field) from exc
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        names = " or ".join(schemes)
        raise ValidationFailed(f"{field} must be an {names} URL", field=field)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise ValidationFailed(f"{field} has no host", field=field)
    if (parts.username or parts.password) and not credentials:
        raise ValidationFailed(f"{field} must not carry credentials", field=field)
    if host in _BLOCKED_HOSTS:
        raise BlockedTarget(f"{field} points at a blocked host", field=field)
    return host, port or schemes[scheme]


def hide_credentials(url: str | None) -> str | None:
    """The URL with its password (or lone token) replaced by ``***``: what logs and answers show."""
    if not url:
        return url
    try:
        parts = urlsplit(url)
        user, password, netloc = parts.username, parts.password, parts.netloc
    except ValueError:
        return "***"
    if user is None and password is None:
        return url
    host = netloc.rpartition("@")[2]
    shown = f"{user}:***" if password is not None else "***"
    return parts._replace(netloc=f"{shown}@{host}").geturl()


async def resolve_checked(
    host: str, port: int, *, allow_private: bool, field: str = "url"
) -> list[str]:
    """The addresses ``host`` resolves to, each checked: connect to these, not to the name again
    (a second lookup could answer with an address the guard never saw)."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ValidationFailed(f"{field}: host '{host}' does not resolve", field=field) from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:  # every address, or a round-robin answer could slip through
        check_address(address, allow_private=allow_private, field=field)
    return addresses


async def guard_url(
    url: str,
    *,
    allow_private: bool,
    field: str = "url",
    resolve: bool = True,
    schemes: Mapping[str, int] = HTTP_SCHEMES,
    credentials: bool = False,
) -> str:
    """Refuse a URL whose host is, or resolves to, an address the gateway must not reach."""
    host, port = parse_url(url, field=field, schemes=schemes, credentials=credentials)
    try:
        check_address(host, allow_private=allow_private, field=field)
        return url
    except ValueError:
        pass  # not an IP literal: resolve the name
    if resolve:
        await resolve_checked(host, port, allow_private=allow_private, field=field)
    return url


async def guard_webhook_url(url: str, settings: Settings, *, field: str = "url") -> str:
    """``guard_url`` for a webhook subscriber's address (the inspector exception included)."""
    allow = private_allowed(
        url, allow_private=settings.allow_private_targets, public_base_url=settings.public_base_url
    )
    return await guard_url(url, allow_private=allow, field=field)
