"""Interactive messages in a send body, checked against WhatsApp's limits before anything is
stored, so a bad one is a 400 naming its field rather than Meta's refusal after the fact.

The body (``interactive``, or ``message.interactive``)::

    {"type": "buttons", "body": "¿Confirmas?", "header": "Pedido 4711", "footer": "Tienda",
     "buttons": [{"id": "yes", "title": "Sí"}, {"id": "no", "title": "No"}]}
    {"type": "list", "body": "…", "buttonText": "Ver opciones",
     "sections": [{"title": "Envío", "rows": [{"id": "std", "title": "Estándar",
                                               "description": "3-5 días"}]}]}
    {"type": "cta_url", "body": "…", "displayText": "Ver pedido", "url": "https://…"}
    {"type": "flow", "body": "…", "flowId": "1234", "flowCta": "Reservar", "flowToken": "…",
     "screen": "WELCOME", "data": {…}, "mode": "published"}
"""

from __future__ import annotations

from typing import Any

from inboxhub.errors import ValidationFailed
from inboxhub.messages.schemas import SendMessageRequest

KINDS = ("buttons", "list", "cta_url", "flow")
# Meta's limits (Cloud API reference, interactive object).
MAX_BODY, MAX_HEADER, MAX_FOOTER = 1024, 60, 60
MAX_BUTTONS, MAX_BUTTON_TITLE, MAX_ID = 3, 20, 256
MAX_SECTIONS, MAX_ROWS, MAX_ROW_TITLE, MAX_ROW_DESCRIPTION, MAX_ROW_ID = 10, 10, 24, 72, 200
MAX_SECTION_TITLE, MAX_LIST_BUTTON, MAX_CTA_TEXT = 24, 20, 20


def _text(spec: dict[str, Any], key: str, *, where: str, limit: int, required: bool) -> str | None:
    value = spec.get(key)
    if value is None or value == "":
        if required:
            raise ValidationFailed(f"{where}.{key} is required", field=f"{where}.{key}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(f"{where}.{key} must be text", field=f"{where}.{key}")
    if len(value) > limit:
        raise ValidationFailed(
            f"{where}.{key} is {len(value)} characters long; WhatsApp allows {limit}",
            field=f"{where}.{key}",
        )
    return value


def _list(spec: dict[str, Any], key: str, *, where: str, most: int) -> list[dict[str, Any]]:
    value = spec.get(key)
    if not isinstance(value, list) or not value:
        raise ValidationFailed(f"{where}.{key} must list at least one", field=f"{where}.{key}")
    if len(value) > most:
        raise ValidationFailed(
            f"{where}.{key}: {len(value)} given; WhatsApp allows {most}", field=f"{where}.{key}"
        )
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ValidationFailed(
                f"{where}.{key}[{i}] must be an object", field=f"{where}.{key}[{i}]"
            )
    return value


def _unique(ids: list[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for value, where in ids:
        if value in seen:
            raise ValidationFailed(f"{where}: the id '{value}' is used twice", field=where)
        seen.add(value)


def _buttons(spec: dict[str, Any], where: str) -> dict[str, Any]:
    buttons = []
    for i, item in enumerate(_list(spec, "buttons", where=where, most=MAX_BUTTONS)):
        at = f"{where}.buttons[{i}]"
        buttons.append(
            {
                "id": _text(item, "id", where=at, limit=MAX_ID, required=True),
                "title": _text(item, "title", where=at, limit=MAX_BUTTON_TITLE, required=True),
            }
        )
    _unique([(str(b["id"]), f"{where}.buttons[{i}].id") for i, b in enumerate(buttons)])
    return {"buttons": buttons}


def _sections(spec: dict[str, Any], where: str) -> dict[str, Any]:
    button = _text(spec, "buttonText", where=where, limit=MAX_LIST_BUTTON, required=True)
    raw = _list(spec, "sections", where=where, most=MAX_SECTIONS)
    sections, ids = [], []
    for i, section in enumerate(raw):
        at = f"{where}.sections[{i}]"
        title = _text(section, "title", where=at, limit=MAX_SECTION_TITLE, required=len(raw) > 1)
        rows = []
        for j, row in enumerate(_list(section, "rows", where=at, most=MAX_ROWS)):
            row_at = f"{at}.rows[{j}]"
            rows.append(
                {
                    "id": _text(row, "id", where=row_at, limit=MAX_ROW_ID, required=True),
                    "title": _text(row, "title", where=row_at, limit=MAX_ROW_TITLE, required=True),
                    "description": _text(
                        row, "description", where=row_at, limit=MAX_ROW_DESCRIPTION, required=False
                    ),
                }
            )
            ids.append((str(rows[-1]["id"]), f"{row_at}.id"))
        sections.append({"title": title, "rows": rows})
    if len(ids) > MAX_ROWS:
        raise ValidationFailed(
            f"{where}.sections: {len(ids)} rows in all; WhatsApp allows {MAX_ROWS}",
            field=f"{where}.sections",
        )
    _unique(ids)
    return {"buttonText": button, "sections": sections}


def _cta(spec: dict[str, Any], where: str) -> dict[str, Any]:
    url = _text(spec, "url", where=where, limit=2000, required=True)
    if not str(url).lower().startswith(("https://", "http://")):
        raise ValidationFailed(f"{where}.url must be an http(s) URL", field=f"{where}.url")
    text = _text(spec, "displayText", where=where, limit=MAX_CTA_TEXT, required=True)
    return {"displayText": text, "url": url}


def _flow(spec: dict[str, Any], where: str) -> dict[str, Any]:
    flow_id = spec.get("flowId")
    if isinstance(flow_id, int) and not isinstance(flow_id, bool):
        flow_id = str(flow_id)
    if not isinstance(flow_id, str) or not flow_id.isdigit() or len(flow_id) > 32:
        raise ValidationFailed(f"{where}.flowId must be the flow's id", field=f"{where}.flowId")
    mode = spec.get("mode", "published")
    if mode not in ("published", "draft"):
        raise ValidationFailed(f"{where}.mode is published or draft", field=f"{where}.mode")
    data = spec.get("data")
    if data is not None and not isinstance(data, dict):
        raise ValidationFailed(f"{where}.data must be an object", field=f"{where}.data")
    return {
        "flowId": flow_id,
        "flowCta": _text(spec, "flowCta", where=where, limit=MAX_CTA_TEXT, required=True),
        "flowToken": _text(spec, "flowToken", where=where, limit=1000, required=False),
        "screen": _text(spec, "screen", where=where, limit=200, required=False),
        "data": data,
        "mode": mode,
    }


_ACTIONS = {"buttons": _buttons, "list": _sections, "cta_url": _cta, "flow": _flow}


def interactive_of(body: SendMessageRequest) -> dict[str, Any]:
    """The checked interactive message: ``{"type", "body", "header", "footer", "action"}``."""
    message = body.message
    if body.interactive is not None:
        spec, where = body.interactive, "interactive"
    elif isinstance(message, dict) and "interactive" in message:
        spec, where = message["interactive"], "message.interactive"
    elif isinstance(message, dict):
        spec, where = message, "message"
    else:
        raise ValidationFailed(
            "interactive is required ({type: buttons|list|cta_url|flow, body, …})",
            field="interactive",
        )
    if not isinstance(spec, dict):
        raise ValidationFailed(f"{where} must be an object", field=where)
    kind = spec.get("type")
    if kind == "button":
        kind = "buttons"
    if kind not in KINDS:
        raise ValidationFailed(
            f"{where}.type must be one of {', '.join(KINDS)}", field=f"{where}.type"
        )
    return {
        "type": kind,
        "body": _text(spec, "body", where=where, limit=MAX_BODY, required=True),
        "header": _text(spec, "header", where=where, limit=MAX_HEADER, required=False),
        "footer": _text(spec, "footer", where=where, limit=MAX_FOOTER, required=False),
        "action": _ACTIONS[kind](spec, where),
    }
