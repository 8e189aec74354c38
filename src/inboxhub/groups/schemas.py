from __future__ import annotations

from pydantic import Field, model_validator

from inboxhub.auth.schemas import CamelModel

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
