"""Sandbox directory: who is on the sandbox's WhatsApp, their profiles and each phone's address book.

- Every well-formed number (6-15 digits) is on WhatsApp, except numbers starting with ``999``,
  which never are: use them to try the "not on WhatsApp" path.
- Simulated contacts (``POST /api/sandbox/contacts``) give a number a profile: push name, about,
  verified business name, business profile, picture. A session's number shows its push name.
- Every linked phone has an address book (number -> saved name). Saving a number sends the session
  a ``ContactUpdated``, like WhatsApp's contact sync; profile changes reach every phone that saved it.
- Every number has a stable hidden ``@lid`` id, as WhatsApp gives each account; the sandbox knows
  which number is behind each lid it handed out.

The world lives in memory (``network.state["directory"]``) and starts empty on every restart.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from inboxhub.engines.base import (
    EngineClient,
    NotConnected,
    NotFoundOnEngine,
    NumberCheck,
    ProfileChange,
    UserInfo,
)
from inboxhub.engines.events import ContactUpdated, EngineEvent
from inboxhub.engines.sandbox.network import Credentials

if TYPE_CHECKING:
    from inboxhub.engines.sandbox.client import SandboxClient
    from inboxhub.engines.sandbox.network import SandboxNetwork

NOT_ON_WHATSAPP_PREFIX = "999"
USER_SERVER = "s.whatsapp.net"
# Where the sandbox says a session's own picture is: an address that changes with the picture, as
# WhatsApp's do. The sandbox keeps no images; the name is reserved and never resolves.
PICTURE_URL = "https://pps.sandbox.invalid/v/{0}.jpg"


@dataclass
class Person:
    """A simulated contact's public profile."""

    phone: str
    push_name: str | None = None
    about: str | None = None
    verified_name: str | None = None
    picture_url: str | None = None
    business_profile: dict[str, Any] | None = None


@dataclass
class Directory:
    people: dict[str, Person] = field(default_factory=dict)
    # owner phone -> {saved phone: name given on that phone}
    address_books: dict[str, dict[str, str | None]] = field(default_factory=dict)
    lid_owners: dict[str, str] = field(default_factory=dict)  # lid -> phone

    def book(self, owner_phone: str) -> dict[str, str | None]:
        return self.address_books.setdefault(owner_phone, {})

    def has_saved(self, owner_phone: str | None, phone: str) -> bool:
        return bool(owner_phone) and phone in self.address_books.get(owner_phone or "", {})

    def lid_of(self, phone: str) -> str:
        # Stable across restarts, unrelated to the number to the eye, like WhatsApp's lids.
        digest = int.from_bytes(hashlib.sha256(f"sandbox-lid:{phone}".encode()).digest()[:8])
        lid = f"{100_000_000_000_000 + digest % 900_000_000_000_000}@lid"
        self.lid_owners[lid] = phone
        return lid


def directory_of(network: SandboxNetwork) -> Directory:
    directory = network.state.get("directory")
    if not isinstance(directory, Directory):
        directory = network.state["directory"] = Directory()
    return directory


def user_jid(phone: str) -> str:
    return f"{phone}@{USER_SERVER}"


def is_valid_number(phone: str) -> bool:
    return phone.isascii() and phone.isdigit() and 6 <= len(phone) <= 15


def number_exists(network: SandboxNetwork, phone: str) -> bool:
    """Whether a number is on the sandbox's WhatsApp (see the module docstring); numbers listed
    in ``PUT /api/sandbox/network`` ``notOnWhatsApp`` are not either."""
    # Imported here: the messaging mixin imports groups, which imports this module.
    from inboxhub.engines.sandbox.messaging import messaging_of

    return (
        is_valid_number(phone)
        and not phone.startswith(NOT_ON_WHATSAPP_PREFIX)
        and phone not in messaging_of(network).not_on_whatsapp
    )


def phone_of(network: SandboxNetwork, jid: str) -> str | None:
    """The number behind a phone JID, a bare number or a lid the sandbox handed out."""
    user, _, server = jid.strip().partition("@")
    if server == "lid":
        return directory_of(network).lid_owners.get(jid.strip())
    if server not in ("", USER_SERVER, "c.us"):
        return None
    digits = user.split(":", 1)[0].lstrip("+")
    return digits if is_valid_number(digits) else None


def push_name_of(network: SandboxNetwork, phone: str) -> str | None:
    person = directory_of(network).people.get(phone)
    if person is not None and person.push_name:
        return person.push_name
    client = network.by_phone.get(phone)
    return client.push_name if client is not None else None


def user_info(network: SandboxNetwork, phone: str, saved_name: str | None = None) -> UserInfo:
    directory = directory_of(network)
    person = directory.people.get(phone)
    return UserInfo(
        jid=user_jid(phone),
        name=saved_name,
        push_name=push_name_of(network, phone),
        verified_name=person.verified_name if person else None,
        about=person.about if person else None,
        picture_url=person.picture_url if person else None,
        is_business=bool(person and (person.verified_name or person.business_profile)),
        business_profile=person.business_profile if person else None,
        lid=directory.lid_of(phone),
    )


def deliver(client: SandboxClient, event: EngineEvent) -> None:
    """Push an event to a session without making the sender wait for it to be recorded, as
    WhatsApp's server notifies devices asynchronously."""
    client._spawn(client.emit(event), "notify")


def online(network: SandboxNetwork, phone: str) -> SandboxClient | None:
    client = network.by_phone.get(phone)
    return client if client is not None and client.is_connected else None


def offline(network: SandboxNetwork, phone: str) -> str | None:
    """The session whose linked device owns ``phone`` while it is not connected: what is sent to
    it waits in the network until it reconnects."""
    session_id = network.linked.get(phone)
    if session_id is None:
        return None
    client = network.clients.get(session_id)
    return session_id if client is None or not client.is_connected else None


def contact_update(
    network: SandboxNetwork, client: SandboxClient, phone: str, *, hide_number: bool = False
) -> ContactUpdated:
    saved = directory_of(network).book(client.phone_number or "").get(phone)
    info = user_info(network, phone, saved)
    lid = info.lid or ""
    return ContactUpdated(
        session_id=client.session_id,
        # A user who hides their number is known to others only by lid.
        jid=lid if hide_number else info.jid,
        lid=lid,
        name=saved,
        push_name=info.push_name,
        about=None if hide_number else info.about,
        picture_url=info.picture_url,
        verified_name=info.verified_name,
        business_profile=info.business_profile,
    )


def put_person(network: SandboxNetwork, person: Person) -> None:
    """Create or change a simulated contact; every phone that saved the number hears of it."""
    directory = directory_of(network)
    directory.people[person.phone] = person
    for owner_phone, book in directory.address_books.items():
        client = online(network, owner_phone)
        if client is not None and person.phone in book:
            deliver(client, contact_update(network, client, person.phone))


def save_contact(
    network: SandboxNetwork,
    client: SandboxClient,
    phone: str,
    name: str | None,
    *,
    hide_number: bool = False,
) -> ContactUpdated:
    """The session's phone saves a number in its address book (or is shown it by lid only)."""
    if not client.phone_number:
        raise NotConnected(f"Session '{client.session_id}' is not linked to a phone")
    if not hide_number:
        directory_of(network).book(client.phone_number)[phone] = name
    event = contact_update(network, client, phone, hide_number=hide_number)
    if client.is_connected:
        deliver(client, event)
    return event


def require_online(client: EngineClient) -> str:
    """The phone number of a connected session; NotConnected otherwise."""
    if not client.is_connected or not client.phone_number:
        raise NotConnected(f"Session '{client.session_id}' is not connected")
    return client.phone_number


class DirectoryMixin(EngineClient):
    if TYPE_CHECKING:
        network: SandboxNetwork

        def _spawn(self, coro: Any, name: str) -> asyncio.Task[Any]: ...

    async def is_on_whatsapp(self, numbers: list[str]) -> list[NumberCheck]:
        require_online(self)
        checks = []
        for number in numbers:
            phone = phone_of(self.network, number)
            exists = phone is not None and number_exists(self.network, phone)
            checks.append(
                NumberCheck(
                    number=number,
                    exists=exists,
                    jid=user_jid(phone) if exists and phone else None,
                )
            )
        return checks

    async def get_user_info(self, jid: str) -> UserInfo:
        require_online(self)
        phone = phone_of(self.network, jid)
        if phone is None or not number_exists(self.network, phone):
            raise NotFoundOnEngine(f"{jid} is not on WhatsApp", field="contactId")
        saved = directory_of(self.network).book(self.phone_number or "").get(phone)
        return user_info(self.network, phone, saved)

    async def get_contacts(self) -> list[UserInfo]:
        owner = require_online(self)
        book = directory_of(self.network).book(owner)
        return [user_info(self.network, phone, name) for phone, name in book.items()]

    async def update_profile(self, change: ProfileChange) -> UserInfo:
        """The session's number is a person of the directory like any other: other sessions
        read its new profile, and the phones that saved it hear of it."""
        phone = require_online(self)
        directory = directory_of(self.network)
        person = replace(directory.people.get(phone) or Person(phone=phone))
        if change.name is not None:
            person.push_name = self.push_name = change.name
            # Kept with the device, as the push name the session resumes with.
            self.network.save_credentials(self.session_id, Credentials(phone, change.name))
        if change.about is not None:
            person.about = change.about
        if change.picture is not None:
            digest = hashlib.sha256(change.picture.data).hexdigest()[:24]
            person.picture_url = PICTURE_URL.format(digest)
        elif change.remove_picture:
            person.picture_url = ""  # known to have none, where None would say "not known"
        put_person(self.network, person)
        return user_info(self.network, phone)


def now() -> datetime:
    return datetime.now(UTC)
