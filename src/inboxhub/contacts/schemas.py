from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Omitted, Pagination, ReadModel

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class ContactUpdate(CamelModel):
    """The CRM's fields. Only the fields present change; ``null`` clears one."""

    name: str | None = Field(default=None, max_length=200)
    tags: list[Tag] | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=5000)
    assigned_to_user_id: int | None = Field(
        default=None, ge=1, description="A user of the API key's organization"
    )

    @model_validator(mode="after")
    def _something(self) -> ContactUpdate:
        if not self.model_fields_set:
            raise ValueError("give at least one of name, tags, notes, assignedToUserId")
        return self


# ---- answers ----------------------------------------------------------------------------------


class ContactRead(ReadModel):
    """A contact: WhatsApp's names and flags, the number, the lid and the CRM's fields."""

    id: str = Field(description="JID")
    contact_id: int = Field(description="The id PUT /api/contacts/{contactId} takes")
    name: str | None
    verified_name: str | None
    notify: str | None
    push_name: str | None
    phone_number: str | None
    lid: str | None
    img_url: str | None
    is_user: bool
    is_group: bool
    is_wa_contact: bool = Field(alias="isWAContact")
    is_business: bool
    in_address_book: bool
    tags: list[str]
    notes: str | None
    assigned_to_user_id: int | None
    created_at: str
    updated_at: str
    session_id: str = Omitted


class ContactInfoRead(ContactRead):
    business_profile: dict[str, Any] | None
    status: str | None = Field(description="Same as about")
    about: str | None
    last_seen: str | None


class ContactList(ReadModel):
    contacts: list[ContactRead]
    total: int
    pagination: Pagination
    search: str | None


class ContactFound(ReadModel):
    contact: ContactRead
    exists: bool


class ContactInfoData(ReadModel):
    contact: ContactInfoRead


class BlockChange(ReadModel):
    contact_id: str
    blocked: bool
    blocklist: list[str] = Field(description="Every JID the number blocks now")


class ContactStatsRead(ReadModel):
    total: int
    users: int
    groups: int
    wa_contacts: int = Field(alias="wAContacts")
    with_names: int
    with_profile_pics: int
    businesses: int
    in_address_book: int


class ContactStatsData(ReadModel):
    stats: ContactStatsRead


class SessionContactRead(ReadModel):
    """A contact as GET /api/sessions/{id}/contacts lists it."""

    id: str
    name: str | None
    notify: str | None
    verified_name: str | None
    phone_number: str | None
    img_url: str | None
    is_user: bool
    is_group: bool
    is_wa_contact: bool = Field(alias="isWAContact")


class SessionContactList(ReadModel):
    contacts: list[SessionContactRead]
    total: int
    source: str = Field(examples=["whatsapp"])
