"""Who a message or a contact is: numbers and JIDs as clients write them -> canonical WhatsApp JIDs."""

from __future__ import annotations

import re

from inboxhub.errors import ValidationFailed

USER_SERVER = "s.whatsapp.net"
_GROUP_USER = re.compile(r"^\d{5,20}(-\d{5,20})?$", re.ASCII)
_PUNCTUATION = re.compile(r"[\s()+.\-]")


def ascii_digits(text: str) -> bool:
    """Only 0-9: ``str.isdigit()`` also takes "²" or "٣", which no WhatsApp number has."""
    return text.isascii() and text.isdigit()


def to_jid(value: str, *, field: str = "to") -> str:
    """``34657032985``, ``+34 657 03 29 85``, ``34657032985@c.us`` -> ``34657032985@s.whatsapp.net``;
    group (``…@g.us``) and hidden-number (``…@lid``) JIDs pass through."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(
            f"{field}: a phone number or a WhatsApp JID is required", field=field
        )
    user, at, server = text.partition("@")
    server = server.lower()
    if at:
        user = user.split(":", 1)[0]  # device suffix (34600…:12@s.whatsapp.net)
        if server in (USER_SERVER, "c.us") and ascii_digits(user) and 6 <= len(user) <= 15:
            return f"{user}@{USER_SERVER}"
        if server == "g.us" and _GROUP_USER.match(user):
            return f"{user}@g.us"
        # A hidden number's id is about 15 digits; past 20 it is no WhatsApp id (nor storable).
        if server == "lid" and ascii_digits(user) and len(user) <= 20:
            return f"{user}@lid"
        raise ValidationFailed(
            f"{field}: '{text[:60]}' is not a WhatsApp user or group JID", field=field
        )
    digits = _PUNCTUATION.sub("", text)
    if not ascii_digits(digits) or not 6 <= len(digits) <= 15:
        raise ValidationFailed(
            f"{field}: '{text[:60]}' is not a phone number (country code and 6-15 digits, no +)",
            field=field,
        )
    return f"{digits}@{USER_SERVER}"
