"""The guard on every URL the gateway fetches or posts to (webhooks, media URLs, CRM callbacks).

Link-local and cloud metadata addresses are never reachable. Loopback and private networks are
reachable only when ``INBOXHUB_ALLOW_PRIVATE_TARGETS`` is set (a CRM on the same host or LAN).
The check runs on every resolved address at registration and again before each request.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from inboxhub.errors import ValidationFailed

# Cloud metadata endpoints outside link-local space.
_METADATA = [ipaddress.ip_network(n) for n in ("100.100.100.200/32", "fd00:ec2::254/128")]
_BLOCKED_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


class BlockedTarget(ValidationFailed):
    code = "URL_NOT_ALLOWED"


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


def parse_url(url: str, *, field: str = "url") -> tuple[str, int]:
    """Syntax only: an http(s) URL with a host. Returns (host, port)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ValidationFailed(f"{field} is not a valid URL", field=field) from exc
    if parts.scheme not in ("http", "https"):
        raise ValidationFailed(f"{field} must be an http or https URL", field=field)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise ValidationFailed(f"{field} has no host", field=field)
    if parts.username or parts.password:
        raise ValidationFailed(f"{field} must not carry credentials", field=field)
    if host in _BLOCKED_HOSTS:
        raise BlockedTarget(f"{field} points at a blocked host", field=field)
    return host, port or (443 if parts.scheme == "https" else 80)


async def guard_url(
    url: str, *, allow_private: bool, field: str = "url", resolve: bool = True
) -> str:
    """Refuse a URL whose host is, or resolves to, an address the gateway must not reach."""
    host, port = parse_url(url, field=field)
    try:
        check_address(host, allow_private=allow_private, field=field)
        return url
    except ValueError:
        pass  # not an IP literal: resolve the name
    if not resolve:
        return url
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ValidationFailed(f"{field}: host '{host}' does not resolve", field=field) from exc
    for info in infos:
        check_address(str(info[4][0]), allow_private=allow_private, field=field)
    return url
