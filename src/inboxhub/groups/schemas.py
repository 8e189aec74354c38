from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from inboxhub.auth.schemas import CamelModel
from inboxhub.envelope import Omitted, Pagination, ReadModel

Participant = str


class GroupCreate(CamelModel):
    subject: str = Field(min_length=1, max_length=100, description="The group's name")
    participants: list[Participant] = Field(
        default_factory=list,
        max_length=1023,
        description="Numbers (34600000000) or JIDs (34600000000@s.whatsapp.net, …@lid)",
    )
    description: str | None = Field(default=None, max_length=2048)


class GroupSettings(CamelModel):
    announce: bool | None = Field(default=None, description="Only admins send messages")
    locked: bool | None = Field(default=None, description="Only admins edit the group's info")

    @model_validator(mode="after")
    def _something(self) -> GroupSettings:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        return self


class GroupUpdate(GroupSettings):
    subject: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=2048, description="'' clears it")


class ParticipantsChange(CamelModel):
    """One participant (``participantId``) or several (``participants``)."""

    participant_id: Participant | None = Field(default=None, max_length=100)
    participants: list[Participant] | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _one_way(self) -> ParticipantsChange:
        if (self.participant_id is None) == (self.participants is None):
            raise ValueError("give participantId or participants (not both)")
        return self


class JoinWithCode(CamelModel):
    session_id: str = Field(min_length=1, max_length=100)
    invite_code: str = Field(
        min_length=1, max_length=200, description="The code, or the whole chat.whatsapp.com link"
    )


# ---- answers ----------------------------------------------------------------------------------

GroupSource = Literal["cache", "whatsapp"]


class GroupParticipantRead(ReadModel):
    id: str
    phone_number: str | None
    admin: Literal["admin", "superadmin"] | None
    is_admin: bool
    is_super_admin: bool


class GroupRead(ReadModel):
    """Baileys' group metadata names (``subject``, ``desc``, ``restrict``, ``announce``, …)."""

    id: str
    group_id: str
    subject: str
    description: str | None
    desc: str | None = Field(description="Same as description")
    owner: str | None
    creation: str | None
    size: int
    announce: bool
    locked: bool
    restrict: bool = Field(description="Same as locked")
    is_admin: bool
    is_member: bool
    updated_at: str
    participants: list[GroupParticipantRead] = Omitted
    admins: list[str] = Omitted
    invite_code: str | None = Omitted


class GroupList(ReadModel):
    groups: list[GroupRead]
    total: int
    pagination: Pagination
    source: GroupSource


class GroupData(ReadModel):
    group: GroupRead


class GroupDetail(GroupData):
    source: GroupSource


class ParticipantResultRead(ReadModel):
    id: str
    ok: bool
    error: str | None
    code: str | None


class GroupCreated(GroupData):
    group_id: str
    failed: list[ParticipantResultRead] = Field(description="Participants WhatsApp refused")


class GroupJoined(GroupData):
    group_id: str


class ParticipantsChanged(GroupData):
    group_id: str
    action: Literal["add", "remove", "promote", "demote"]
    participants: list[ParticipantResultRead]


class InviteCodeRead(ReadModel):
    group_id: str
    invite_code: str | None
    invite_link: str


class GroupLeft(ReadModel):
    group_id: str
    left: bool
