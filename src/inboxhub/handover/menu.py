"""The menu bot, as pure functions: configuration + what it knows of the chat + the text received
-> what it says and whether the customer asked for a human. No I/O here, so every rule is testable
on its own and the service decides when and how the replies travel."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from inboxhub.handover.schemas import BotConfig, BotOption

# What the customer reads at each handover step; every organization can replace any of them.
DEFAULT_TEXTS: dict[str, str] = {
    "connecting": "Conectando con agente especializado...",
    "agentConnected": "Agente {agentFirstName} conectado",
    "returnedToBot": "Consulta resuelta, regresando al menú",
    "agentTimeout": "La conversación con el agente terminó por inactividad, regresando al menú",
    "noAgent": "En este momento no hay agentes disponibles.",
    "authenticationRequired": "Para hablar con un agente primero debes identificarte como cliente.",
    "cancelled": "Solicitud cancelada, regresando al menú",
    "emergency": "Si es urgente, comunícate al {emergencyContact}.",
}

_PLACEHOLDER = re.compile(r"( ?)\{(\w+)\}")


def render(template: str, values: Mapping[str, str | None]) -> str:
    """Fill ``{name}`` placeholders; unknown ones stay as written (never ``str.format``, which
    would let a configured text reach attributes of the values). An empty value takes the space
    before it along, so "¡Hola {name}!" reads "¡Hola!" for a customer without a name."""

    def fill(match: re.Match[str]) -> str:
        space, key = match.group(1), match.group(2)
        if key not in values:
            return match.group(0)
        value = values[key]
        return f"{space}{value}" if value else ""

    return _PLACEHOLDER.sub(fill, template).strip()


def normalize(text: str) -> str:
    """Lower case, no accents, single spaces, no surrounding punctuation: ``" ¡Menú! "`` -> ``menu``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain.strip(" .,;:!¡?¿)(-*_\"'")


def _mentions(text: str, phrase: str) -> bool:
    phrase = normalize(phrase)
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass(frozen=True, kw_only=True)
class ContactFacts:
    """What the CRM has told the gateway about the customer (the contact's name and tags)."""

    phone: str
    name: str | None = None
    tags: tuple[str, ...] = ()
    customer_id: str | None = None
    is_authenticated: bool = False
    service_suspended: bool = False


@dataclass(frozen=True, kw_only=True)
class TagConventions:
    """Which contact tags carry the customer id, authentication and a suspended service."""

    customer_tag_prefix: str = "customer:"
    authenticated_tag: str = "authenticated"
    suspended_tag: str = "service_suspended"

    @classmethod
    def of(cls, config: BotConfig | None) -> TagConventions:
        if config is None:
            return cls()
        return cls(
            customer_tag_prefix=config.customer_tag_prefix,
            authenticated_tag=config.authenticated_tag,
            suspended_tag=config.suspended_tag,
        )


def contact_facts(
    conventions: TagConventions, *, phone: str, name: str | None, tags: list[Any] | None
) -> ContactFacts:
    """Customer id, authentication and suspension read from the contact's CRM tags."""
    clean = tuple(str(t) for t in (tags or []) if isinstance(t, str | int))
    prefix = conventions.customer_tag_prefix
    customer_id = next(
        (t[len(prefix) :].strip() for t in clean if prefix and t.startswith(prefix)), None
    )
    return ContactFacts(
        phone=phone,
        name=name,
        tags=clean,
        customer_id=customer_id or None,
        is_authenticated=bool(customer_id) or conventions.authenticated_tag in clean,
        service_suspended=conventions.suspended_tag in clean,
    )


@dataclass(frozen=True, kw_only=True)
class AgentRequest:
    category: str
    priority: str
    option_key: str


@dataclass(kw_only=True)
class BotTurn:
    replies: list[str] = field(default_factory=list)
    agent: AgentRequest | None = None
    showed_menu: bool = False


def menu(config: BotConfig, facts: ContactFacts) -> str:
    greeting = render(config.greeting, {"name": facts.name})
    lines = [f"{option.key}. {option.label}" for option in config.options]
    return "\n".join([greeting, "", *lines]) if greeting else "\n".join(lines)


def _choose(config: BotConfig, said: str) -> BotOption | None:
    for option in config.options:
        if said == normalize(option.key):
            return option
    for option in config.options:
        if any(_mentions(said, keyword) for keyword in option.keywords):
            return option
    return None


def _agent_request(option: BotOption, facts: ContactFacts) -> AgentRequest:
    category, priority = option.category or "soporte_agente", option.priority
    for route in option.routes:
        if route.when_tag in facts.tags:
            category, priority = route.category or category, route.priority or priority
            break
    return AgentRequest(category=category, priority=priority, option_key=option.key)


def respond(
    config: BotConfig,
    texts: Mapping[str, str],
    facts: ContactFacts,
    text: str | None,
    *,
    menu_shown_recently: bool,
) -> BotTurn:
    """The bot's answer to one message from a customer the bot is talking to."""
    said = normalize(text or "")
    option = _choose(config, said) if said else None
    if option is None:
        if said and any(_mentions(said, k) for k in config.menu_keywords):
            return BotTurn(replies=[menu(config, facts)], showed_menu=True)
        if menu_shown_recently:
            return BotTurn(replies=[config.fallback, menu(config, facts)], showed_menu=True)
        return BotTurn(replies=[menu(config, facts)], showed_menu=True)
    replies = [render(option.reply, {"name": facts.name})] if option.reply else []
    if option.action == "reply":
        return BotTurn(replies=replies)
    if option.require_authentication and not facts.is_authenticated:
        return BotTurn(replies=[*replies, texts["authenticationRequired"]])
    return BotTurn(replies=replies, agent=_agent_request(option, facts))


def is_cancel(config: BotConfig, text: str | None) -> bool:
    """Whether a customer waiting for an agent asked to go back to the bot instead."""
    said = normalize(text or "")
    return bool(said) and said in {normalize(k) for k in config.cancel_keywords}
