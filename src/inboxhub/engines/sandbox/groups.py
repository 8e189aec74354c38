"""Sandbox groups: members across sandbox sessions and simulated contacts, admins, invite codes.

Groups live network-wide (``network.state["groups"]``), so every member session sees the same
group and an invite code made by one session lets any other join. A change is announced as a
``GroupChanged`` to every other member session that is online (and to a session removed by it);
the session that made the change hears nothing, as the gateway records its own changes.

For messaging: ``group_recipients(network, sender, group_jid)`` is the list of sessions a message
from ``sender`` to the group reaches; it refuses non-members and non-admins of announce-only groups.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from inboxhub.engines.base import (
    EngineClient,
    GroupAction,
    GroupInfo,
    GroupParticipant,
    NotFoundOnEngine,
    NotPermitted,
    ParticipantResult,
)
from inboxhub.engines.events import GroupChanged
from inboxhub.engines.sandbox.directory import (
    deliver,
    now,
    number_exists,
    offline,
    online,
    phone_of,
    require_online,
    user_jid,
)

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.client import SandboxClient
    from inboxhub.engines.sandbox.network import SandboxNetwork

Role = Literal["member", "admin", "superadmin"]
INVITE_LINK_PREFIX = "https://chat.whatsapp.com/"
_INVITE_ALPHABET = string.ascii_letters + string.digits


@dataclass
class SandboxGroup:
    jid: str
    subject: str
    owner: str  # phone of the creator
    created_at: datetime
    members: dict[str, Role] = field(default_factory=dict)  # phone -> role, in joining order
    description: str | None = None
    announce: bool = False
    locked: bool = False
    invite_code: str | None = None

    def info(self, failed: list[ParticipantResult] | None = None) -> GroupInfo:
        return GroupInfo(
            jid=self.jid,
            subject=self.subject,
            description=self.description,
            owner=user_jid(self.owner),
            created_at=self.created_at,
            participants=[
                GroupParticipant(
                    jid=user_jid(phone),
                    is_admin=role != "member",
                    is_super_admin=role == "superadmin",
                )
                for phone, role in self.members.items()
            ],
            announce=self.announce,
            locked=self.locked,
            failed=failed or [],
        )


def groups_of(network: SandboxNetwork) -> dict[str, SandboxGroup]:
    groups = network.state.get("groups")
    if not isinstance(groups, dict):
        groups = network.state["groups"] = {}
    return groups


def invite_code_of(link_or_code: str) -> str:
    code = link_or_code.strip()
    return code.removeprefix(INVITE_LINK_PREFIX).removeprefix("chat.whatsapp.com/").strip("/")


def group_recipients(
    network: SandboxNetwork, sender: EngineClient, group_jid: str
) -> list[SandboxClient]:
    """The online sessions a message from ``sender`` to ``group_jid`` reaches. Refuses senders
    who are not members (``NOT_FOUND``) and non-admins of announce-only groups (``FORBIDDEN``).
    A group the sandbox never made is one of simulated contacts only: it reaches no session."""
    phone = require_online(sender)
    group = groups_of(network).get(group_jid)
    if group is None:
        return []
    if phone not in group.members:
        raise NotFoundOnEngine(f"Group '{group_jid}' not found", field="to")
    if group.announce and group.members[phone] == "member":
        raise NotPermitted("Only admins can send messages to this group", field="to")
    recipients = [online(network, member) for member in group.members]
    return [c for c in recipients if c is not None and c is not sender]


def offline_members(network: SandboxNetwork, sender: EngineClient, group_jid: str) -> list[str]:
    """The sessions of a group's members whose devices are offline (not ``sender``): its
    messages wait for them. Call after ``group_recipients`` has accepted the sender."""
    group = groups_of(network).get(group_jid)
    away = [offline(network, member) for member in group.members] if group else []
    return [s for s in away if s is not None and s != sender.session_id]


class GroupsMixin(EngineClient):
    if TYPE_CHECKING:
        network: SandboxNetwork

    # ---- helpers ------------------------------------------------------------------------------

    def _group(self, group_id: str) -> SandboxGroup:
        """A group this session belongs to; others look like unknown groups, as on WhatsApp."""
        phone = require_online(self)
        group = groups_of(self.network).get(group_id)
        if group is None or phone not in group.members:
            raise NotFoundOnEngine(f"Group '{group_id}' not found", field="groupId")
        return group

    def _admin_group(self, group_id: str) -> SandboxGroup:
        group = self._group(group_id)
        if group.members[self.phone_number or ""] == "member":
            raise NotPermitted("Only group admins can do this", field="groupId")
        return group

    def _announce(
        self,
        group: SandboxGroup,
        change: str,
        participants: list[str] | None = None,
        *,
        also: list[str] | None = None,
    ) -> None:
        """Tell the other online member sessions (and ``also``: phones that just left)."""
        targets = [*group.members, *(also or [])]
        for phone in dict.fromkeys(targets):
            client = online(self.network, phone)
            if client is None or client is self:
                continue
            deliver(
                client,
                GroupChanged(
                    session_id=client.session_id,
                    group_id=group.jid,
                    change=change,
                    actor_id=user_jid(self.phone_number or ""),
                    participants=[user_jid(p) for p in participants or []],
                    subject=group.subject,
                    description=group.description,
                    announce=group.announce,
                    locked=group.locked,
                    timestamp=now(),
                ),
            )

    # ---- the engine contract ------------------------------------------------------------------

    async def create_group(self, subject: str, participants: list[str]) -> GroupInfo:
        owner = require_online(self)
        groups = groups_of(self.network)
        jid = f"120363{secrets.randbelow(10**12):012d}@g.us"
        while jid in groups:
            jid = f"120363{secrets.randbelow(10**12):012d}@g.us"
        group = SandboxGroup(jid=jid, subject=subject, owner=owner, created_at=now())
        group.members[owner] = "superadmin"
        failed = []
        for participant in participants:
            phone = phone_of(self.network, participant)
            if phone is None or not number_exists(self.network, phone):
                failed.append(ParticipantResult(jid=participant, ok=False, error="not_on_whatsapp"))
            elif phone not in group.members:
                group.members[phone] = "member"
        groups[jid] = group
        self._announce(group, "created", list(group.members))
        return group.info(failed)

    async def get_group_info(self, group_id: str) -> GroupInfo:
        return self._group(group_id).info()

    async def get_joined_groups(self) -> list[GroupInfo]:
        phone = require_online(self)
        return [g.info() for g in groups_of(self.network).values() if phone in g.members]

    def _editable_group(self, group_id: str) -> SandboxGroup:
        """Members edit a group's info unless it is locked to admins."""
        group = self._group(group_id)
        return self._admin_group(group_id) if group.locked else group

    async def set_group_subject(self, group_id: str, subject: str) -> None:
        group = self._editable_group(group_id)
        group.subject = subject
        self._announce(group, "subject")

    async def set_group_description(self, group_id: str, description: str) -> None:
        group = self._editable_group(group_id)
        group.description = description or None
        self._announce(group, "description")

    async def set_group_settings(
        self, group_id: str, *, announce: bool | None = None, locked: bool | None = None
    ) -> None:
        group = self._admin_group(group_id)
        if announce is not None:
            group.announce = announce
        if locked is not None:
            group.locked = locked
        self._announce(group, "settings")

    async def update_group_participants(
        self, group_id: str, action: GroupAction, participants: list[str]
    ) -> list[ParticipantResult]:
        group = self._admin_group(group_id)
        results: list[ParticipantResult] = []
        changed: list[str] = []
        for participant in participants:
            phone = phone_of(self.network, participant)
            error = self._participant_error(group, action, phone)
            results.append(ParticipantResult(jid=participant, ok=error is None, error=error))
            if error is not None or phone is None:
                continue
            changed.append(phone)
            if action == "add":
                group.members[phone] = "member"
            elif action == "remove":
                del group.members[phone]
            else:
                group.members[phone] = "admin" if action == "promote" else "member"
        if changed:
            self._announce(group, action, changed, also=changed if action == "remove" else None)
        return results

    def _participant_error(
        self, group: SandboxGroup, action: GroupAction, phone: str | None
    ) -> str | None:
        if phone is None or not number_exists(self.network, phone):
            return "not_on_whatsapp"
        if action == "add":
            return "already_participant" if phone in group.members else None
        if phone not in group.members:
            return "not_participant"
        if group.members[phone] == "superadmin" and phone != self.phone_number:
            return "forbidden"  # nobody removes or demotes the group's creator
        return None

    async def get_group_invite_link(self, group_id: str, *, reset: bool = False) -> str:
        group = self._admin_group(group_id)
        if reset or group.invite_code is None:
            group.invite_code = "".join(secrets.choice(_INVITE_ALPHABET) for _ in range(22))
            if reset:
                self._announce(group, "invite")
        return INVITE_LINK_PREFIX + group.invite_code

    async def join_group_with_link(self, code: str) -> str:
        phone = require_online(self)
        wanted = invite_code_of(code)
        group = next(
            (g for g in groups_of(self.network).values() if wanted and g.invite_code == wanted),
            None,
        )
        if group is None:
            raise NotFoundOnEngine(
                "This invite code is not valid or was revoked", field="inviteCode"
            )
        if phone not in group.members:
            group.members[phone] = "member"
            self._announce(group, "join", [phone])
        return group.jid

    async def leave_group(self, group_id: str) -> None:
        group = self._group(group_id)
        phone = self.phone_number or ""
        del group.members[phone]
        if not group.members:
            del groups_of(self.network)[group.jid]
            return
        if all(role == "member" for role in group.members.values()):
            # WhatsApp never leaves a group without an admin: the longest-standing member gets it.
            group.members[next(iter(group.members))] = "admin"
        self._announce(group, "leave", [phone])
