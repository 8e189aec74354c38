"""A Cloud API session's ``engineOptions``: what Meta's dashboard gives for one business number."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from inboxhub.engines.proxy import proxy_option
from inboxhub.errors import ValidationFailed
from inboxhub.ssrf import parse_url


class CloudOptions(BaseModel):
    """Secrets are ``SecretStr``: they never show in a repr, a log line or an error message."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True
    )

    access_token: SecretStr = Field(min_length=1, max_length=2000)
    phone_number_id: str = Field(pattern=r"^\d{1,32}$")
    # Inbound webhooks: the app secret signs them, the verify token answers Meta's handshake.
    app_secret: SecretStr | None = Field(default=None, min_length=1, max_length=500)
    verify_token: SecretStr | None = Field(default=None, min_length=1, max_length=500)
    waba_id: str | None = Field(default=None, pattern=r"^\d{1,32}$")
    api_version: str | None = Field(default=None, pattern=r"^v\d{1,3}\.\d{1,2}$")
    graph_base_url: str | None = Field(default=None, max_length=500)
    throughput_per_second: int | None = Field(default=None, ge=1, le=1000)
    # Checked by ``proxy_option`` (its own words, naming the field); may carry a password.
    proxy_url: SecretStr | None = None

    @field_validator("graph_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            parse_url(value, field="graphBaseUrl")
        except ValidationFailed as exc:
            raise ValueError(exc.message) from None
        return value.rstrip("/")


def parse_options(options: dict[str, Any]) -> CloudOptions:
    """The session's options, or a 400 naming the first bad field (``engineOptions.accessToken``)."""
    proxy_option(options)
    try:
        return CloudOptions.model_validate(options)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first.get("loc", ())) or "engineOptions"
        field = f"engineOptions.{name}"
        problem = "unknown option" if first.get("type") == "extra_forbidden" else first["msg"]
        raise ValidationFailed(f"{field}: {problem}", field=field) from None
