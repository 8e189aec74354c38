"""WhatsApp addresses as canonical strings, the way whatsmeow prints a non-device JID.

Pure string handling: both sides of the web engine use it, and neither needs neonize for it.
"""

from __future__ import annotations

import re

USER_SERVER = "s.whatsapp.net"
LEGACY_USER_SERVER = "c.us"
GROUP_SERVER = "g.us"
LID_SERVER = "lid"
BROADCAST_SERVER = "broadcast"
NEWSLETTER_SERVER = "newsletter"
STATUS_BROADCAST = "status@broadcast"

_DIGITS = re.compile(r"\d{5,20}")
_GROUP_USER = re.compile(r"\d{5,20}(-\d{5,15})?")
_PHONE_PUNCTUATION = re.compile(r"[\s\-+().]")


def canonical_jid(value: str) -> str | None:
    """``+34 600 000 001`` / ``34600000001@c.us`` / ``34600000001:7@s.whatsapp.net`` →
    ``34600000001@s.whatsapp.net``; None when ``value`` is no WhatsApp address."""
    value = value.strip()
    if "@" not in value:
        digits = _PHONE_PUNCTUATION.sub("", value)
        return f"{digits}@{USER_SERVER}" if _DIGITS.fullmatch(digits) else None
    user, _, server = value.rpartition("@")
    server = server.lower()
    if server == LEGACY_USER_SERVER:
        server = USER_SERVER
    # Device (":7") and agent (".1") suffixes name one linked device, not the person.
    user = user.split(":", 1)[0]
    if server in (USER_SERVER, LID_SERVER):
        user = user.split(".", 1)[0]
        return f"{user}@{server}" if _DIGITS.fullmatch(user) else None
    if server == GROUP_SERVER:
        return f"{user}@{server}" if _GROUP_USER.fullmatch(user) else None
    if server == BROADCAST_SERVER:
        return f"{user}@{server}" if user == "status" or _DIGITS.fullmatch(user) else None
    if server == NEWSLETTER_SERVER:
        return f"{user}@{server}" if _DIGITS.fullmatch(user) else None
    return None


def group_jid(value: str) -> str | None:
    """A group id with or without ``@g.us``."""
    jid = canonical_jid(value if "@" in value else f"{value.strip()}@{GROUP_SERVER}")
    return jid if jid and jid.endswith("@" + GROUP_SERVER) else None


def phone_of(jid: str) -> str | None:
    """The number of a phone JID; None for groups, lids and broadcasts."""
    user, _, server = jid.partition("@")
    return user if server == USER_SERVER and user.isascii() and user.isdigit() else None


def is_group(jid: str) -> bool:
    return jid.endswith("@" + GROUP_SERVER)


def is_lid(jid: str) -> bool:
    return jid.endswith("@" + LID_SERVER)
