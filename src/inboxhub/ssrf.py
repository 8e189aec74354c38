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

_ALWAYS_BLOCKED = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "169.254.0.0/16",  # link-local, where cloud metadata services live
        "100.100.100.200/32",  # Alibaba Cloud metadata
        "224.0.0.0/4",
        "240.0.0.0/4",
        "255.255.255.255/32",
        "::/128",
        "fe80::/10",
        "fd00:ec2::254/128",  # AWS metadata over IPv6
        "ff00::/8",
    )
]
_PRIVATE = [
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "198.18.0.0/15",
        "::1/128",
        "fc00::/7",
    )
]
_BLOCKED_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


class BlockedTarget(ValidationFailed):
    code = "URL_NOT_ALLOWED"


def check_address(address: str, *, allow_private: bool, field: str = "url") -> None:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in net for net in _ALWAYS_BLOCKED):
        raise BlockedTarget(f"{field} points at a blocked address ({ip})", field=field)
    if not allow_private and any(ip in net for net in _PRIVATE):
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
