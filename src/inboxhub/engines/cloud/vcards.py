"""Contact cards: the gateway speaks vCard (like WhatsApp Web), the Cloud API speaks JSON objects."""

from __future__ import annotations

import re
from typing import Any

_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value)


def _escape(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return re.sub(r"\r\n|\r|\n", r"\\n", value)


def _split(value: str, sep: str = ";") -> list[str]:
    # Escapes are read pairwise, so "\\\\;" (a backslash, then the separator) still splits.
    parts, start, i = [], 0, 0
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == sep:
            parts.append(value[start:i])
            start = i + 1
        i += 1
    parts.append(value[start:])
    return [_unescape(part) for part in parts]


def _lines(text: str) -> list[tuple[str, dict[str, str], list[str], str]]:
    """(NAME, params, bare types, raw value) for each unfolded content line."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    result = []
    # Lines end in CRLF (or LF); splitlines() would also cut at U+2028 and others inside values.
    for line in re.split(r"\r?\n|\r", unfolded):
        head, sep, value = line.partition(":")
        if not sep:
            continue
        name, *raw_params = head.split(";")
        params: dict[str, str] = {}
        types: list[str] = []
        for param in raw_params:
            key, has_value, param_value = param.partition("=")
            if has_value:
                params[key.strip().lower()] = param_value.strip()
                if key.strip().lower() == "type":
                    types.extend(t.upper() for t in param_value.split(",") if t)
            elif key:
                types.append(key.strip().upper())
        result.append((name.split(".")[-1].strip().upper(), params, types, value))
    return result


def _type(types: list[str], default: str) -> str:
    for candidate in types:
        if candidate not in ("PREF", "VOICE", "INTERNET"):
            return candidate
    return default


def vcard_to_contact(text: str, display_name: str | None = None) -> dict[str, Any]:
    """A Cloud API ``contacts[]`` object from one vCard."""
    name: dict[str, str] = {}
    contact: dict[str, Any] = {}
    for key, params, types, value in _lines(text):
        if key == "FN":
            name["formatted_name"] = _unescape(value)
        elif key == "N":
            parts = [*_split(value), "", "", "", "", ""][:5]
            fields = ("last_name", "first_name", "middle_name", "prefix", "suffix")
            name.update({f: v for f, v in zip(fields, parts, strict=True) if v})
        elif key == "TEL":
            phone: dict[str, str] = {"phone": _unescape(value), "type": _type(types, "CELL")}
            if params.get("waid"):
                phone["wa_id"] = params["waid"]
            contact.setdefault("phones", []).append(phone)
        elif key == "EMAIL":
            contact.setdefault("emails", []).append(
                {"email": _unescape(value), "type": _type(types, "HOME")}
            )
        elif key == "URL":
            contact.setdefault("urls", []).append(
                {"url": _unescape(value), "type": _type(types, "WORK")}
            )
        elif key == "ORG":
            parts = _split(value)
            contact.setdefault("org", {})["company"] = parts[0]
            if len(parts) > 1 and parts[1]:
                contact["org"]["department"] = parts[1]
        elif key == "TITLE":
            contact.setdefault("org", {})["title"] = _unescape(value)
        elif key == "BDAY" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            contact["birthday"] = value.strip()
        elif key == "ADR":
            parts = [*_split(value), "", "", "", "", "", "", ""][:7]
            address = {
                "street": parts[2],
                "city": parts[3],
                "state": parts[4],
                "zip": parts[5],
                "country": parts[6],
                "type": _type(types, "HOME"),
            }
            contact.setdefault("addresses", []).append({k: v for k, v in address.items() if v})
    formatted = name.get("formatted_name") or display_name
    if not formatted:
        given = [name.get(k, "") for k in ("first_name", "middle_name", "last_name")]
        phones = contact.get("phones") or [{}]
        formatted = " ".join(p for p in given if p) or phones[0].get("phone") or "Contact"
    name["formatted_name"] = formatted
    # Meta requires one name part besides the formatted name.
    if not any(name.get(k) for k in ("first_name", "last_name", "middle_name", "prefix", "suffix")):
        name["first_name"] = formatted
    return {"name": name, **contact}


def contact_to_vcard(contact: dict[str, Any]) -> str:
    """A vCard 3.0 from a Cloud API ``contacts[]`` object (inbound contact messages)."""
    name = contact.get("name") or {}
    formatted = str(name.get("formatted_name") or name.get("first_name") or "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(formatted)}"]
    parts = [
        str(name.get(k) or "")
        for k in ("last_name", "first_name", "middle_name", "prefix", "suffix")
    ]
    if any(parts):
        lines.append("N:" + ";".join(_escape(p) for p in parts))
    org = contact.get("org") or {}
    if org.get("company"):
        company = _escape(str(org["company"]))
        lines.append(
            f"ORG:{company};{_escape(str(org['department']))}"
            if org.get("department")
            else f"ORG:{company}"
        )
    if org.get("title"):
        lines.append(f"TITLE:{_escape(str(org['title']))}")
    for phone in contact.get("phones") or []:
        waid = f";waid={phone['wa_id']}" if phone.get("wa_id") else ""
        number = _escape(str(phone.get("phone", "")))
        lines.append(f"TEL;type={phone.get('type') or 'CELL'}{waid}:{number}")
    for email in contact.get("emails") or []:
        address = _escape(str(email.get("email", "")))
        lines.append(f"EMAIL;type={email.get('type') or 'HOME'}:{address}")
    for url in contact.get("urls") or []:
        lines.append(f"URL;type={url.get('type') or 'WORK'}:{_escape(str(url.get('url', '')))}")
    for address in contact.get("addresses") or []:
        fields = ("street", "city", "state", "zip", "country")
        value = ";".join(_escape(str(address.get(f) or "")) for f in fields)
        lines.append(f"ADR;type={address.get('type') or 'HOME'}:;;{value}")
    if contact.get("birthday"):
        lines.append(f"BDAY:{contact['birthday']}")
    lines.append("END:VCARD")
    return "\n".join(lines)
