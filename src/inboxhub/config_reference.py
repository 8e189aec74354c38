"""``docs/configuration.md``, written from the settings class so that the two cannot drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from inboxhub.config import Settings

HEADER = """# Configuration

Inbox Hub reads its settings from the environment (a `.env` file is not read: pass variables
through your process manager, `docker run -e` or compose's `environment:`). Lists are JSON
(`INBOXHUB_ENABLED_ENGINES='["web","cloud"]'`). Durations are in seconds unless the name says
otherwise.

This page is generated from the settings class: `inboxhub config-reference > docs/configuration.md`.

| variable | default | what it does |
| --- | --- | --- |
"""


def env_names(name: str, field: FieldInfo) -> list[str]:
    alias = field.validation_alias
    choices = getattr(alias, "choices", None)
    if choices:
        return [str(choice) for choice in choices]
    prefix = str(Settings.model_config.get("env_prefix", ""))
    return [f"{prefix}{name}".upper()]


def default_text(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value: Any = field.default_factory()  # type: ignore[call-arg]
    elif field.default is PydanticUndefined:
        return "required"
    else:
        value = field.default
    if value is None:
        return "unset"
    if isinstance(value, list):
        return f"`{json.dumps(value)}`"
    if isinstance(value, Path) and not value.is_absolute():
        return f"`./{value}`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    text = str(value)
    return f"`{text}`" if text else "empty"


def render() -> str:
    rows = []
    for name, field in Settings.model_fields.items():
        names = " / ".join(f"`{env}`" for env in env_names(name, field))
        description = " ".join((field.description or "").split()).replace("|", "\\|")
        rows.append(f"| {names} | {default_text(field)} | {description} |")
    return HEADER + "\n".join(rows) + "\n"
