"""A session's own outbound proxy: ``engineOptions.proxyUrl``.

Numbers are often run from an address of their own country, or from a fixed address a firewall
lets out. The URL may carry a user and password: it is never logged, never put in an error
message, and answers show it with the password masked.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import SplitResult, urlsplit

from inboxhub.errors import ValidationFailed

FIELD = "engineOptions.proxyUrl"
SCHEMES = ("http", "https", "socks5")
_MAX_LENGTH = 500


# Every refusal names the field and the problem, never the URL: it may carry a password.
_NOT_A_URL = "engineOptions.proxyUrl: not a valid URL (scheme://[user:password@]host:port)"


def _parts(value: str) -> SplitResult:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number or out of range
    except ValueError:
        raise ValidationFailed(_NOT_A_URL, field=FIELD) from None
    return parts


def proxy_option(options: dict[str, Any]) -> str | None:
    """The session's proxy URL, checked; None without one."""
    value = options.get("proxyUrl")
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > _MAX_LENGTH:
        raise ValidationFailed(
            "engineOptions.proxyUrl: a URL of at most 500 characters", field=FIELD
        )
    parts = _parts(value.strip())
    if parts.scheme.lower() not in SCHEMES:
        raise ValidationFailed(
            "engineOptions.proxyUrl: the scheme must be http, https or socks5", field=FIELD
        )
    if not parts.hostname:
        raise ValidationFailed(_NOT_A_URL, field=FIELD)
    if parts.port is None:
        raise ValidationFailed(
            "engineOptions.proxyUrl: the URL needs a port (socks5://host:1080)", field=FIELD
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValidationFailed(
            "engineOptions.proxyUrl: a proxy URL has no path, query or fragment", field=FIELD
        )
    return value.strip()


def redact(text: str, url: str | None) -> str:
    """``text`` (an error from the network library) without the proxy's password."""
    password = _parts(url).password if url else None
    return text.replace(password, "***") if password else text


def masked(url: str | None) -> str | None:
    """The URL as answers show it: the password replaced by ``***``."""
    if not url:
        return None
    parts = _parts(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()
