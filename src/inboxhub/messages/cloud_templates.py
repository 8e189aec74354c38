"""Cloud API templates in a send body: checked against Meta's rules before anything is stored,
so a bad one is a 400 naming its field rather than Meta's refusal after the fact."""

from __future__ import annotations

import re
from typing import Any

from inboxhub.errors import ValidationFailed
from inboxhub.messages.schemas import SendMessageRequest

# Meta's rules for a template's name, and its language codes (``es``, ``en_US``, ``fil``).
_TEMPLATE_NAME = re.compile(r"[a-z0-9_]{1,512}")
_TEMPLATE_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")
_MAX_COMPONENTS = 50


def template_of(body: SendMessageRequest) -> tuple[dict[str, Any], str]:
    """A Cloud API template as Meta's send endpoint takes it, and the field it came in;
    ``language`` may also be given as Meta's ``{"code": "es"}``. ``parameters`` (the shorthand
    filled in from the synced definition, ``meta_templates.parameters``) is passed on."""
    message = body.message
    if body.template is not None:
        spec, where = body.template, "template"
    elif isinstance(message, dict) and "template" in message:
        spec, where = message["template"], "message.template"
    elif isinstance(message, dict):
        spec, where = message, "message"
    else:
        raise ValidationFailed(
            "template is required ({name, language, components})", field="template"
        )
    if not isinstance(spec, dict):
        raise ValidationFailed(f"{where} must be an object", field=where)
    name = spec.get("name")
    if not isinstance(name, str) or not _TEMPLATE_NAME.fullmatch(name):
        raise ValidationFailed(
            f"{where}.name must be 1-512 characters of lowercase letters, digits and _",
            field=f"{where}.name",
        )
    language = spec.get("language")
    if isinstance(language, dict):
        language = language.get("code")
    if not isinstance(language, str) or not _TEMPLATE_LANGUAGE.fullmatch(language):
        raise ValidationFailed(
            f"{where}.language must be a language code such as es or en_US",
            field=f"{where}.language",
        )
    components = spec.get("components")
    if components is None:
        components = []
    if not isinstance(components, list) or len(components) > _MAX_COMPONENTS:
        raise ValidationFailed(
            f"{where}.components must be a list of at most {_MAX_COMPONENTS} objects",
            field=f"{where}.components",
        )
    for i, component in enumerate(components):
        item = f"{where}.components[{i}]"
        if not isinstance(component, dict):
            raise ValidationFailed(f"{item} must be an object", field=item)
        kind = component.get("type")
        if not isinstance(kind, str) or not kind.strip():
            raise ValidationFailed(
                f"{item}.type is required (header, body, button…)", field=f"{item}.type"
            )
        parameters = component.get("parameters")
        if parameters is not None and (
            not isinstance(parameters, list) or not all(isinstance(p, dict) for p in parameters)
        ):
            raise ValidationFailed(
                f"{item}.parameters must be a list of objects", field=f"{item}.parameters"
            )
    template: dict[str, Any] = {"name": name, "language": language, "components": components}
    if spec.get("parameters") is not None:
        template["parameters"] = spec["parameters"]
    return template, where
