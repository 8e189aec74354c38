"""Meta's documented webhook payloads read as the gateway's engine events."""

from __future__ import annotations

from datetime import UTC, datetime

from inboxhub.engines.cloud.inbound import Update, changes, parse_messages_change
from inboxhub.engines.cloud.vcards import contact_to_vcard, vcard_to_contact
from inboxhub.engines.events import MessageEdited, MessageReceived, MessageRevoked, Receipt
from tests.engines.cloud.conftest import fixture

CHAT = "16505551234@s.whatsapp.net"


def _updates(name: str) -> list[Update]:
    (change,) = list(changes(fixture(name)))
    assert change.phone_number_id == "106540352242922"
    assert change.field == "messages"
    return parse_messages_change("meta_1", change.value)


def _message(name: str) -> MessageReceived:
    (update,) = _updates(name)
    assert update.key.startswith("m:wamid.")
    assert isinstance(update.event, MessageReceived)
    assert update.contact is not None
    assert update.contact.jid == CHAT
    assert update.contact.push_name == "Sheena Nelson"
    return update.event


def test_text():
    message = _message("text").message
    assert message.id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
    assert (message.chat_id, message.sender_id, message.from_me) == (CHAT, CHAT, False)
    assert (message.type, message.text) == ("text", "Does it come in another color?")
    assert message.push_name == "Sheena Nelson"
    assert message.timestamp == datetime(2025, 6, 8, 20, 59, 43, tzinfo=UTC)


def test_image_keeps_what_a_download_needs():
    message = _message("image").message
    assert (message.type, message.caption) == ("image", "This is how it looks")
    assert message.media is not None
    assert message.media.mimetype == "image/jpeg"
    assert message.media.sha256 == "1DkS/tr4wJ8w6xUMfgRBpmkwoBGcUxWYFMnFa9qrhKE="
    assert message.media.engine_ref == {
        "id": "1003383421387256",
        "mime_type": "image/jpeg",
        "sha256": "1DkS/tr4wJ8w6xUMfgRBpmkwoBGcUxWYFMnFa9qrhKE=",
    }


def test_location():
    location = _message("location").message.location
    assert location is not None
    assert (location.latitude, location.longitude) == (40.782910059774, -73.959075808525)
    assert location.name == "Solomon R. Guggenheim Museum"
    assert location.address == "1071 5th Ave, New York, NY 10128"


def test_contacts_become_vcards():
    message = _message("contacts").message
    assert message.type == "contact"
    assert message.contact_display_name == "Barbara J. Johnson"
    (card,) = message.vcards
    assert "FN:Barbara J. Johnson" in card
    assert "TEL;type=WORK;waid=16505551234:+1 (650) 555-1234" in card
    assert "ORG:WhatsApp;Design" in card
    # And back: the card sent on through the Cloud API keeps the essentials.
    again = vcard_to_contact(card)
    original = fixture("contacts")["entry"][0]["changes"][0]["value"]["messages"][0]["contacts"][0]
    assert again["name"] == original["name"]
    assert again["phones"] == original["phones"]
    assert again["emails"] == original["emails"]
    assert again["org"] == original["org"]
    assert again["birthday"] == "1999-01-23"
    assert contact_to_vcard(again) == card


def test_reaction():
    message = _message("reaction").message
    assert message.type == "reaction"
    assert message.reaction == "👍"
    assert (
        message.reaction_target_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QkZEQkQxOTA1RUNFMzUyQ0QA"
    )


def test_interactive_replies_read_as_the_text_tapped():
    button = _message("interactive_button_reply").message
    assert (button.type, button.text) == ("text", "Change")
    assert button.quoted_id == "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI2QjBGNDRFMDlGNjQxRkJGNkIA"
    row = _message("interactive_list_reply")
    assert (row.message.type, row.message.text) == ("text", "Priority Mail Express")
    assert row.raw is not None
    assert row.raw["interactive"]["list_reply"]["id"] == "priority_express"


def test_unsupported_messages_say_why():
    message = _message("unsupported").message
    assert message.type == "unsupported"
    assert message.text == "131051 Message type unknown: Message type is currently not supported."


def test_statuses_carry_the_wamid_our_reference_and_errors():
    receipts = {}
    for name in ("sent", "delivered", "read", "failed"):
        (update,) = _updates(f"status_{name}")
        assert isinstance(update.event, Receipt)
        assert update.contact is None
        receipts[name] = update
    wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI3MTE5MjkxMkYzNTdDMDQ1MUIA"
    for name, update in receipts.items():
        receipt = update.event
        assert update.key == f"s:{wamid}:{name}"
        assert receipt.status == name
        assert receipt.message_ids == [wamid]
        assert receipt.chat_id == CHAT
        assert receipt.reference == "msg-4711"
    assert receipts["read"].event.error is None
    assert receipts["failed"].event.error == (
        "131047 Re-engagement message: Message failed to send because more than 24 hours have "
        "passed since the customer last replied to this number."
    )


def test_malformed_values_are_skipped_not_fatal():
    assert list(changes({"entry": [{"changes": [{"value": "x"}, 3]}, "y"]})) == []
    value = {
        "messages": [{"id": "wamid.1"}, "x", {"from": "1", "id": "wamid.2", "timestamp": "zz"}]
    }
    (update,) = parse_messages_change("meta_1", value)
    assert isinstance(update.event, MessageReceived)
    assert update.event.message.type == "unsupported"
    value = {"statuses": [{"id": "wamid.3", "status": "deleted"}, {"status": "read"}]}
    assert parse_messages_change("meta_1", value) == []


def test_edits_and_revokes_of_incoming_messages():
    base = {"from": "16505551234", "timestamp": "1697044968"}
    value = {
        "messages": [
            {
                **base,
                "id": "wamid.EDIT",
                "type": "edit",
                "edit": {
                    "original_message_id": "wamid.ORIGINAL",
                    "message": {"type": "text", "text": {"body": "Text was edited"}},
                },
            },
            {
                **base,
                "id": "wamid.REVOKE",
                "type": "revoke",
                "revoke": {"original_message_id": "wamid.ORIGINAL"},
            },
        ]
    }
    edit, revoke = parse_messages_change("meta_1", value)
    assert isinstance(edit.event, MessageEdited)
    assert (edit.event.message_id, edit.event.new_text) == ("wamid.ORIGINAL", "Text was edited")
    assert edit.key == "m:wamid.EDIT"
    assert isinstance(revoke.event, MessageRevoked)
    assert (revoke.event.chat_id, revoke.event.message_id) == (CHAT, "wamid.ORIGINAL")


def test_one_unreadable_item_does_not_refuse_the_others():
    value = fixture("location")["entry"][0]["changes"][0]["value"]
    odd = {**value["messages"][0], "id": "wamid.ODD", "location": {"latitude": "north"}}
    no_name = {
        **value["messages"][0],
        "id": "wamid.NONAME",
        "type": "contacts",
        "contacts": [{"name": "x"}],
    }
    value = {**value, "messages": [odd, no_name, *value["messages"]]}
    (update,) = parse_messages_change("meta_1", value)
    assert update.event.message.location.name == "Solomon R. Guggenheim Museum"


def test_very_long_ids_still_make_bounded_keys():
    wamid = "wamid." + "A" * 600
    (update,) = parse_messages_change("meta_1", {"statuses": [{"id": wamid, "status": "read"}]})
    assert len(update.key) < 100
    assert update.key.startswith("s:sha256:")
    assert update.event.message_ids == [wamid]
