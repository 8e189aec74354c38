from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from pydantic.alias_generators import to_camel

from inboxhub.db import utc_moment
from inboxhub.envelope import Omitted, ReadModel


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        """Every field, free-form ones (dicts of variables, texts, keywords) included: no lone
        surrogate (``"\\ud800"`` is valid JSON but not text: it cannot be stored, sent or
        answered), and moments UTC can hold."""
        if isinstance(value, datetime):
            return utc_moment(value)
        if _has_lone_surrogate(value):
            raise ValueError("contains a lone surrogate (\\ud800-\\udfff), which is not text")
        return value


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        if value.isascii():
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return any(_has_lone_surrogate(item) for item in value)
    return False


class LoginRequest(CamelModel):
    identifier: str = Field(min_length=1, max_length=320, description="Email of the user")
    password: str = Field(min_length=1, max_length=200)


class RefreshRequest(CamelModel):
    refresh_token: str = Field(min_length=1, max_length=4000)


class LogoutRequest(CamelModel):
    refresh_token: str | None = Field(default=None, max_length=4000)


class TokenPair(CamelModel):
    access_token: str
    refresh_token: str
    expires_in: str = "24h"
    token_type: str = "Bearer"


class OrganizationCreate(CamelModel):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,98}$")


class OrganizationUpdate(CamelModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)


class OrganizationRead(CamelModel):
    id: int
    name: str
    slug: str
    is_operator: bool = Field(
        description="The operator's organization: the environment's CRM, bot and Frappe "
        "settings are its own; it cannot be deleted"
    )
    created_at: datetime


Role = Literal["owner", "admin", "member"]


class MemberAdd(CamelModel):
    email: EmailStr
    name: str | None = Field(default=None, max_length=200, description="Ignored: see invitations")
    password: str | None = Field(
        default=None, min_length=8, max_length=200, description="Ignored: see invitations"
    )
    role: Role = "member"


class InvitationAccept(CamelModel):
    token: str = Field(min_length=1, max_length=200)
    password: str | None = Field(
        default=None, min_length=8, max_length=200, description="For a new account only"
    )
    name: str | None = Field(default=None, max_length=200)


class MemberUpdate(CamelModel):
    role: Role


class MemberRead(CamelModel):
    user_id: int
    email: str
    name: str | None
    role: str
    created_at: datetime


class ApiKeyCreate(CamelModel):
    name: str = Field(min_length=1, max_length=200)


class ApiKeyRead(CamelModel):
    id: int
    name: str
    prefix: str
    organization_id: int
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="The full key. Shown once: only its hash is stored.")


# ---- answers ----------------------------------------------------------------------------------


class OrganizationView(OrganizationRead):
    """An organization, with the caller's role in it where the answer knows it."""

    role: Role = Omitted


class UserRead(ReadModel):
    id: int
    email: str
    name: str | None
    is_superadmin: bool
    organizations: list[OrganizationView]


class LoginResult(TokenPair):
    user: UserRead


class LoggedOut(ReadModel):
    logged_out: bool


class UserData(ReadModel):
    user: UserRead


class OrganizationList(ReadModel):
    organizations: list[OrganizationView]
    total: int


class OrganizationData(ReadModel):
    organization: OrganizationView


class OrganizationDeleted(ReadModel):
    id: int
    deleted: bool


class MemberList(ReadModel):
    members: list[MemberRead]
    total: int


class MemberData(ReadModel):
    member: MemberRead


class MemberRemoved(ReadModel):
    user_id: int
    removed: bool


class InvitationRead(ReadModel):
    id: int
    organization_id: int
    email: str
    role: Role
    created_at: str
    expires_at: str


class InvitationCreated(InvitationRead):
    token: str = Field(description="For POST /api/auth/invitations/accept; shown once")


class InvitationData(ReadModel):
    invitation: InvitationCreated


class InvitationList(ReadModel):
    invitations: list[InvitationRead]
    total: int


class InvitationCancelled(ReadModel):
    id: int
    cancelled: bool


class MembershipJoined(ReadModel):
    user_id: int
    email: str
    organization_id: int
    role: Role


class ApiKeyList(ReadModel):
    api_keys: list[ApiKeyRead]
    total: int


class ApiKeyData(ReadModel):
    api_key: ApiKeyRead


class ApiKeyCreatedData(ReadModel):
    api_key: ApiKeyCreated
