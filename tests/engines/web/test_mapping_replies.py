"""Button and list replies, polls and content the mapping does not know: none dropped."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("neonize")

from neonize.proto.waCommon.WACommon_pb2 import MessageKey
from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import (
    ButtonsResponseMessage,
    CallLogMessage,
    ContextInfo,
    EventMessage,
    GroupInviteMessage,
    InteractiveResponseMessage,
    ListResponseMessage,
    Message,
    MessageContextInfo,
    PollCreationMessage,
    PollUpdateMessage,
    SenderKeyDistributionMessage,
    TemplateButtonReplyMessage,
)

from inboxhub.engines.web.gates import LifecycleGate
from inboxhub.engines.web.session import SessionSettings, WebSession
from tests.engines.web.conftest import Hosted
from tests.engines.web.neonize_events import filled, message_event, received
from tests.support import create_session, eventually
from tests.webhooks.receiver import Receiver

ASKED = ContextInfo(stanzaID="3EB0MENU", participant="34600000001@s.whatsapp.net")


@pytest.mark.parametrize(
    ("message", "text"),
    [
        (
            Message(
                buttonsResponseMessage=ButtonsResponseMessage(
                    selectedButtonID="size_42", selectedDisplayText="Talla 42", contextInfo=ASKED
                )
            ),
            "Talla 42",
        ),
        (
            Message(
                templateButtonReplyMessage=TemplateButtonReplyMessage(
                    selectedID="yes", selectedDisplayText="Sí, confirmo", contextInfo=ASKED
                )
            ),
            "Sí, confirmo",
        ),
        (
            Message(
                listResponseMessage=ListResponseMessage(
                    title="Envío urgente",
                    singleSelectReply=ListResponseMessage.SingleSelectReply(selectedRowID="r2"),
                    contextInfo=ASKED,
                )
            ),
            "Envío urgente",
        ),
        (
            Message(
                interactiveResponseMessage=InteractiveResponseMessage(
                    body=InteractiveResponseMessage.Body(text="Ver catálogo"), contextInfo=ASKED
                )
            ),
            "Ver catálogo",
        ),
    ],
    ids=["button", "template-button", "list", "interactive"],
)
def test_a_tapped_reply_reads_as_its_text_and_quotes_the_menu(hosted, message, text):
    m = received(hosted().dispatch(message_event(message))).message
    assert (m.type, m.text, m.quoted_id) == ("text", text, "3EB0MENU")
    assert m.interactive_reply is not None
    assert m.interactive_reply["title"] == text


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        (
            Message(
                buttonsResponseMessage=ButtonsResponseMessage(
                    selectedButtonID="size_42", selectedDisplayText="Talla 42", contextInfo=ASKED
                )
            ),
            {"type": "button_reply", "id": "size_42", "title": "Talla 42"},
        ),
        (
            Message(
                listResponseMessage=ListResponseMessage(
                    title="Envío urgente",
                    singleSelectReply=ListResponseMessage.SingleSelectReply(selectedRowID="r2"),
                    contextInfo=ASKED,
                )
            ),
            {"type": "list_reply", "id": "r2", "title": "Envío urgente"},
        ),
    ],
    ids=["button", "list"],
)
def test_a_tapped_reply_names_the_button_or_row_it_chose(hosted, message, reply):
    m = received(hosted().dispatch(message_event(message))).message
    assert m.interactive_reply == reply


def poll(message_id: str = "3EB0POLL") -> Any:
    creation = PollCreationMessage(
        name="¿Qué día os va mejor?",
        options=[
            PollCreationMessage.Option(optionName=day) for day in ("Lunes", "Martes", "Jueves")
        ],
        selectableOptionsCount=2,
    )
    return message_event(Message(pollCreationMessageV3=creation), message_id=message_id)


def vote(target: str, message_id: str = "3EB0VOTE") -> Any:
    update = PollUpdateMessage(pollCreationMessageKey=MessageKey(ID=target, fromMe=True))
    return filled(message_event(Message(pollUpdateMessage=update), message_id=message_id))


def test_a_poll_shows_its_question_and_options(hosted):
    m = received(hosted().dispatch(poll())).message
    assert m.type == "poll"
    assert m.text == "¿Qué día os va mejor?\n- Lunes\n- Martes\n- Jueves"


def test_a_poll_vote_names_the_options_chosen(online):
    session, fake = online()
    events: list[Any] = []
    session.emit = events.append
    fake.poll_votes["3EB0VOTE"] = ["Jueves", "Lunes"]
    dispatch = _dispatcher(session)
    dispatch(poll())
    dispatch(vote("3EB0POLL"))
    m = received(events[1:]).message
    assert (m.type, m.text, m.quoted_id) == ("poll_vote", "Lunes, Jueves", "3EB0POLL")


def test_a_vote_that_cannot_be_read_is_still_kept(online):
    session, _ = online()
    events: list[Any] = []
    session.emit = events.append
    dispatch = _dispatcher(session)
    dispatch(poll())
    dispatch(vote("3EB0POLL"))  # the fake cannot decrypt it
    dispatch(vote("3EB0ELSEWHERE", message_id="3EB0VOTE2"))  # a poll this session never saw
    unreadable, unknown = received(events[1:2]).message, received(events[2:]).message
    assert (unreadable.type, unreadable.text, unreadable.quoted_id) == (
        "poll_vote",
        None,
        "3EB0POLL",
    )
    assert (unknown.type, unknown.quoted_id) == ("poll_vote", "3EB0ELSEWHERE")


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (Message(eventMessage=EventMessage(name="Inauguración")), "eventMessage"),
        (
            Message(groupInviteMessage=GroupInviteMessage(groupName="Clientes", inviteCode="X")),
            "groupInviteMessage",
        ),
        (Message(callLogMesssage=CallLogMessage(isVideo=True)), "callLogMesssage"),
    ],
)
def test_content_the_mapping_does_not_know_is_kept_as_unsupported(hosted, message, kind):
    message.messageContextInfo.CopyFrom(MessageContextInfo(messageSecret=b"s" * 32))
    m = received(hosted().dispatch(message_event(message))).message
    assert (m.type, m.text) == ("unsupported", f"unsupported message type '{kind}'")


def test_keys_alone_are_not_a_message(hosted):
    keys = Message(
        senderKeyDistributionMessage=SenderKeyDistributionMessage(groupID="120363@g.us"),
        messageContextInfo=MessageContextInfo(messageSecret=b"s" * 32),
    )
    assert hosted().dispatch(message_event(keys)) == []


def _dispatcher(session: Any) -> Any:
    host = Hosted(session, [])
    return host.dispatch


async def test_unsupported_content_reaches_the_crm(client, app, tmp_path):
    receiver = await Receiver(None, path="/hook").start()
    try:
        await create_session(client, "web_hooks", engine="web", webhookUrl=receiver.url)
        gateway_side = app.state.runtime.pool.get("web_hooks")
        # The session as the engine process hosts it, reporting to the gateway's client.
        session = WebSession(
            "web_hooks",
            tmp_path / "hooks.db",
            SessionSettings(),
            LifecycleGate(),
            gateway_side.receive,
        )
        invite = Message(eventMessage=EventMessage(name="Inauguración"))
        Hosted(session, []).dispatch(message_event(invite, message_id="3EB0EVENT"))

        async def arrived() -> list[Any]:
            return [r for r in receiver.accepted if r.json()["event"] == "message.received"]

        (request,) = await eventually(arrived)
        message = request.json()["data"]["message"]
        assert (message["whatsappMessageId"], message["type"]) == ("3EB0EVENT", "unsupported")
        assert message["content"] == "unsupported message type 'eventMessage'"
        stored = await client.get("/api/messages/web_hooks")
        assert stored.status_code == 200, stored.text
        assert "unsupported message type 'eventMessage'" in stored.text
    finally:
        await receiver.stop()
