"""The menu bot's rules, as pure functions (the HTTP flows are in test_end_to_end)."""

from __future__ import annotations

from inboxhub.handover import menu as bot
from inboxhub.handover.schemas import BotConfig

CONFIG = BotConfig.model_validate(
    {
        "greeting": "¡Hola {name}! Elige una opción.",
        "options": [
            {
                "key": "1",
                "label": "Horarios",
                "keywords": ["horario"],
                "reply": "De 8 a 18 h, {name}.",
            },
            {
                "key": "2",
                "label": "Soporte",
                "keywords": ["soporte técnico", "agente", "humano"],
                "action": "agent",
                "category": "soporte_agente",
                "routes": [
                    {
                        "whenTag": "service_suspended",
                        "category": "reactivacion_servicio",
                        "priority": "alta",
                    }
                ],
            },
            {
                "key": "3",
                "label": "Mi factura",
                "action": "agent",
                "category": "facturacion",
                "priority": "baja",
                "requireAuthentication": True,
            },
        ],
    }
)
TEXTS = {**bot.DEFAULT_TEXTS, "authenticationRequired": "Identifícate primero."}
ANA = bot.ContactFacts(phone="34600000001", name="Ana")


def turn(text, facts=ANA, recently=True):
    return bot.respond(CONFIG, TEXTS, facts, text, menu_shown_recently=recently)


def test_first_message_gets_the_greeting_and_the_menu():
    t = turn("buenas tardes", recently=False)
    assert t.replies == ["¡Hola Ana! Elige una opción.\n\n1. Horarios\n2. Soporte\n3. Mi factura"]
    assert t.showed_menu and t.agent is None


def test_numbers_and_keywords_choose_options():
    assert turn("1").replies == ["De 8 a 18 h, Ana."]
    assert turn(" 1. ").replies == ["De 8 a 18 h, Ana."]
    assert turn("¿Cuál es el HORARIO?").replies == ["De 8 a 18 h, Ana."]
    assert turn("necesito SOPORTE TECNICO ya").agent == bot.AgentRequest(
        category="soporte_agente", priority="media", option_key="2"
    )
    # A keyword inside another word does not count.
    assert turn("humanos").agent is None


def test_unknown_text_gets_the_fallback_then_the_menu():
    t = turn("xyz")
    assert t.replies[0] == CONFIG.fallback and t.replies[1].startswith("¡Hola Ana!")
    assert turn("menú").replies == [bot.menu(CONFIG, ANA)]


def test_tags_route_to_another_queue_and_gate_authentication():
    conventions = bot.TagConventions.of(CONFIG)
    suspended = bot.contact_facts(
        conventions, phone="1", name=None, tags=["customer:12345", "service_suspended"]
    )
    assert suspended.customer_id == "12345" and suspended.is_authenticated
    assert suspended.service_suspended
    assert turn("2", facts=suspended).agent == bot.AgentRequest(
        category="reactivacion_servicio", priority="alta", option_key="2"
    )
    anonymous = bot.contact_facts(conventions, phone="1", name=None, tags=[])
    assert not anonymous.is_authenticated
    t = turn("3", facts=anonymous)
    assert t.agent is None and t.replies == ["Identifícate primero."]
    assert turn("3", facts=suspended).agent.category == "facturacion"
    tagged = bot.contact_facts(conventions, phone="1", name=None, tags=["authenticated"])
    assert tagged.is_authenticated and tagged.customer_id is None


def test_texts_fill_only_known_placeholders():
    assert bot.render("Agente {agentFirstName} conectado", {"agentFirstName": "María"}) == (
        "Agente María conectado"
    )
    assert bot.render("{name.__class__} {other}", {"name": "x"}) == "{name.__class__} {other}"
    assert bot.render("¡Hola {name}!", {"name": None}) == "¡Hola!"


def test_cancel_keywords():
    assert bot.is_cancel(CONFIG, " Cancelar ")
    assert not bot.is_cancel(CONFIG, "no quiero cancelar nada")
