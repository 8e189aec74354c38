"""A template send's parameters, checked against the template's definition at Meta.

Meta refuses a send whose parameters do not fit the template (132000 "number of parameters does
not match", 132012 "parameter format does not match") only after it was accepted, in a status
webhook. Checked here, the same mistake is a 400 that names the field, and nothing is sent.

The ``parameters`` shorthand builds the components from the definition::

    {"header": "Ana" | {"image": {"link": …}}, "body": ["FAC-2031", "49,90 €"] | {"name": "Ana"},
     "buttons": {"0": "fac2031"}}
"""

from __future__ import annotations

import re
from typing import Any

from inboxhub.errors import ValidationFailed

_POSITIONAL = re.compile(r"\{\{\s*(\d+)\s*\}\}")
_NAMED = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
MEDIA_FORMATS = {"IMAGE": "image", "VIDEO": "video", "DOCUMENT": "document"}
_PARAMETER_TYPES = frozenset(
    {"text", "currency", "date_time", "image", "video", "document", "location", "payload"}
)


class VariableMissing(ValidationFailed):
    code = "TEMPLATE_VARIABLE_MISSING"


class VariableUnknown(ValidationFailed):
    code = "TEMPLATE_VARIABLE_UNKNOWN"


def placeholders(text: str | None, *, named: bool) -> list[str]:
    """``{{1}}``… or ``{{name}}``… in order of first use."""
    if not text:
        return []
    pattern = _NAMED if named else _POSITIONAL
    return list(dict.fromkeys(m.group(1) for m in pattern.finditer(text)))


def _definition(components: list[Any], kind: str) -> dict[str, Any] | None:
    for component in components:
        if isinstance(component, dict) and str(component.get("type", "")).upper() == kind:
            return component
    return None


def _buttons(components: list[Any]) -> list[dict[str, Any]]:
    block = _definition(components, "BUTTONS")
    buttons = block.get("buttons") if block else None
    return [b for b in buttons if isinstance(b, dict)] if isinstance(buttons, list) else []


# ---- the shorthand ------------------------------------------------------------------------------


def _text_parameter(value: Any, *, where: str, name: str | None = None) -> dict[str, Any]:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationFailed(f"{where} must be text", field=where)
    parameter: dict[str, Any] = {"type": "text", "text": str(value)}
    if name is not None:
        parameter["parameter_name"] = name
    return parameter


def _body_parameters(value: Any, *, named: bool, where: str) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        if not named:
            raise ValidationFailed(
                f"{where}: this template numbers its variables ({{{{1}}}}); give a list",
                field=where,
            )
        return [_text_parameter(v, where=f"{where}.{k}", name=str(k)) for k, v in value.items()]
    if isinstance(value, list):
        if named:
            raise ValidationFailed(
                f"{where}: this template names its variables; give an object of name: value",
                field=where,
            )
        return [_text_parameter(v, where=f"{where}[{i}]") for i, v in enumerate(value)]
    raise ValidationFailed(
        f"{where} must be a list (or, for named variables, an object)", field=where
    )


def _header_parameters(
    value: Any, definition: dict[str, Any] | None, *, named: bool, where: str
) -> list[dict[str, Any]]:
    header_format = str((definition or {}).get("format") or "TEXT").upper()
    kind = MEDIA_FORMATS.get(header_format)
    if kind is not None:
        media = value.get(kind) if isinstance(value, dict) else None
        if not isinstance(media, dict) or not ({"link", "id"} & media.keys()):
            raise ValidationFailed(
                f'{where} must be {{"{kind}": {{"link": "https://…"}}}} (or an uploaded "id")',
                field=where,
            )
        return [{"type": kind, kind: media}]
    if header_format == "LOCATION":
        if not isinstance(value, dict) or not isinstance(value.get("location"), dict):
            raise ValidationFailed(f'{where} must be {{"location": {{…}}}}', field=where)
        return [{"type": "location", "location": value["location"]}]
    names = placeholders((definition or {}).get("text"), named=named)
    if isinstance(value, list):
        return [_text_parameter(v, where=f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict) and named:
        return [_text_parameter(v, where=f"{where}.{k}", name=str(k)) for k, v in value.items()]
    return [_text_parameter(value, where=where, name=names[0] if named and names else None)]


def expand(shorthand: Any, definition: list[Any], *, named: bool, where: str) -> list[Any]:
    """``parameters`` as Meta's send components, in the definition's order."""
    if not isinstance(shorthand, dict):
        raise ValidationFailed(f"{where} must be an object (header, body, buttons)", field=where)
    unknown = set(shorthand) - {"header", "body", "buttons"}
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationFailed(
            f"{where}.{name}: a template has header, body and buttons parameters",
            field=f"{where}.{name}",
        )
    components: list[dict[str, Any]] = []
    if "header" in shorthand:
        header = _header_parameters(
            shorthand["header"],
            _definition(definition, "HEADER"),
            named=named,
            where=f"{where}.header",
        )
        components.append({"type": "header", "parameters": header})
    if "body" in shorthand:
        body = _body_parameters(shorthand["body"], named=named, where=f"{where}.body")
        components.append({"type": "body", "parameters": body})
    buttons = shorthand.get("buttons")
    if buttons is not None:
        if not isinstance(buttons, dict):
            raise ValidationFailed(
                f'{where}.buttons must be an object of button index: value ({{"0": "…"}})',
                field=f"{where}.buttons",
            )
        defined = _buttons(definition)
        for index, value in buttons.items():
            at = f"{where}.buttons.{index}"
            i = int(index) if str(index).isdigit() else -1
            if not 0 <= i < len(defined):
                raise VariableUnknown(f"{at}: the template has no button {index}", field=at)
            kind = str(defined[i].get("type") or "").upper()
            if kind == "COPY_CODE":
                parameter = {"type": "coupon_code", "coupon_code": str(value)}
                sub_type = "copy_code"
            elif kind == "QUICK_REPLY":
                parameter, sub_type = {"type": "payload", "payload": str(value)}, "quick_reply"
            else:
                parameter, sub_type = _text_parameter(value, where=at), "url"
            components.append(
                {"type": "button", "sub_type": sub_type, "index": str(i), "parameters": [parameter]}
            )
    return components


# ---- checking components against the definition ------------------------------------------------


def _given(components: list[Any], kind: str, where: str) -> tuple[str, list[dict[str, Any]]] | None:
    for i, component in enumerate(components):
        if str(component.get("type", "")).lower() == kind:
            parameters = component.get("parameters") or []
            return f"{where}[{i}].parameters", parameters
    return None


def _check_texts(
    expected: list[str],
    given: tuple[str, list[dict[str, Any]]] | None,
    *,
    named: bool,
    what: str,
    where: str,
) -> None:
    at, parameters = given if given is not None else (where, [])
    if named:
        names = [str(p.get("parameter_name") or "") for p in parameters]
        missing = [n for n in expected if n not in names]
        if missing:
            raise VariableMissing(
                f"{at}: the {what} needs {', '.join(missing)} (parameter_name)", field=at
            )
        extra = [n for n in names if n not in expected]
        if extra:
            raise VariableUnknown(f"{at}: the {what} has no variable '{extra[0]}'", field=at)
        return
    if len(parameters) < len(expected):
        raise VariableMissing(
            f"{at}: the {what} takes {len(expected)} parameter(s), {len(parameters)} given",
            field=at,
        )
    if len(parameters) > len(expected):
        raise VariableUnknown(
            f"{at}: the {what} takes {len(expected)} parameter(s), {len(parameters)} given",
            field=at,
        )
    for i, parameter in enumerate(parameters):
        kind = parameter.get("type")
        if kind not in _PARAMETER_TYPES or kind not in parameter:
            raise ValidationFailed(
                f'{at}[{i}] must be {{"type": "text", "text": "…"}} (or currency, date_time)',
                field=f"{at}[{i}]",
            )


def check(components: list[Any], definition: list[Any], *, named: bool, where: str) -> None:
    """Refuse components that do not fit the template, naming the first field that does not."""
    header = _definition(definition, "HEADER")
    given_header = _given(components, "header", where)
    if header is None:
        if given_header is not None:
            raise VariableUnknown(
                f"{given_header[0]}: the template has no header", field=given_header[0]
            )
    else:
        kind = MEDIA_FORMATS.get(str(header.get("format") or "").upper())
        if kind is not None:
            at, parameters = given_header if given_header else (where, [])
            if len(parameters) != 1 or parameters[0].get("type") != kind:
                raise VariableMissing(
                    f"{at}: the template's header is a {kind}: give one {kind} parameter",
                    field=at,
                )
        elif str(header.get("format") or "TEXT").upper() == "TEXT":
            expected = placeholders(header.get("text"), named=named)
            _check_texts(expected, given_header, named=named, what="header", where=where)
    body = _definition(definition, "BODY")
    expected = placeholders((body or {}).get("text"), named=named)
    _check_texts(expected, _given(components, "body", where), named=named, what="body", where=where)
    defined = _buttons(definition)
    for i, component in enumerate(components):
        if str(component.get("type", "")).lower() != "button":
            continue
        at = f"{where}[{i}]"
        index = str(component.get("index", ""))
        position = int(index) if index.isdigit() else -1
        if not 0 <= position < len(defined):
            raise VariableUnknown(f"{at}.index: the template has no button {index}", field=at)
    for position, button in enumerate(defined):
        url_variables = placeholders(button.get("url"), named=False)
        if str(button.get("type") or "").upper() != "URL" or not url_variables:
            continue
        found = [
            c
            for c in components
            if str(c.get("type", "")).lower() == "button" and str(c.get("index")) == str(position)
        ]
        if not found or not found[0].get("parameters"):
            raise VariableMissing(
                f"{where}: button {position} opens a URL with a variable part; give it "
                f'({{"type": "button", "sub_type": "url", "index": "{position}", …}})',
                field=where,
            )
