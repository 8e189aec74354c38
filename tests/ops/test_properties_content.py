"""Property tests: contact cards, template rendering, numbers and JIDs."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inboxhub.addressing import to_jid
from inboxhub.contacts.service import normalize_number
from inboxhub.engines.cloud.vcards import contact_to_vcard, vcard_to_contact
from inboxhub.errors import ValidationFailed
from inboxhub.message_templates.models import MessageTemplate
from inboxhub.message_templates.service import checked_variables, render
from inboxhub.messages import content
from inboxhub.messages.schemas import SendMessageRequest
from inboxhub.sessions.schemas import SessionCreate

# Any text a person may type, line and paragraph separators included (no lone surrogates: they
# cannot be sent as UTF-8).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
WORDS = TEXT.map(str.strip).filter(bool)
ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def one_newline(value: Any) -> Any:
    """vCard text has one line break: CR LF, CR and LF all come back as LF."""
    if isinstance(value, str):
        return re.sub(r"\r\n|\r", "\n", value)
    if isinstance(value, dict):
        return {k: one_newline(v) for k, v in value.items()}
    if isinstance(value, list):
        return [one_newline(v) for v in value]
    return value


# ---- vCards -------------------------------------------------------------------------------------


@given(
    formatted=WORDS,
    first=WORDS,
    last=st.none() | WORDS,
    company=st.none() | WORDS,
    phones=st.lists(st.tuples(TEXT, st.from_regex(r"[0-9]{6,15}", fullmatch=True)), max_size=3),
    emails=st.lists(TEXT, max_size=2),
)
def test_a_cloud_contact_survives_the_vcard_round_trip(
    formatted: str,
    first: str,
    last: str | None,
    company: str | None,
    phones: list[tuple[str, str]],
    emails: list[str],
) -> None:
    contact: dict[str, Any] = {
        "name": {"formatted_name": formatted, "first_name": first}
        | ({"last_name": last} if last else {}),
        "phones": [{"phone": p, "type": "CELL", "wa_id": waid} for p, waid in phones],
        "emails": [{"email": e, "type": "WORK"} for e in emails],
    }
    if company:
        contact["org"] = {"company": company}
    back = vcard_to_contact(contact_to_vcard(contact))
    contact = one_newline(contact)
    assert back["name"] == contact["name"]
    assert back.get("phones", []) == contact["phones"]
    assert back.get("emails", []) == contact["emails"]
    assert back.get("org") == contact.get("org")


@given(full_name=WORDS, phone=TEXT, organization=st.none() | WORDS)
def test_a_contact_message_carries_exactly_one_card_with_the_given_fields(
    full_name: str, phone: str, organization: str | None
) -> None:
    person = {"fullName": full_name, "phoneNumber": phone}
    if organization:
        person["organization"] = organization
    body = SendMessageRequest.model_validate(
        {"to": "34600000001", "type": "contact", "message": {"contact": person}}
    )
    card = content.parse(body).vcards[0]
    assert card.count("BEGIN:VCARD") == 1 and card.count("END:VCARD") == 1
    parsed = vcard_to_contact(card)
    assert parsed["name"]["formatted_name"] == one_newline(full_name)
    digits = "".join(ch for ch in phone if ch in "0123456789")
    assert parsed["phones"] == [{"phone": f"+{digits}", "type": "CELL", "wa_id": digits}] or (
        not digits and parsed["phones"][0]["phone"] == "+"
    )
    assert parsed.get("org", {}).get("company") == one_newline(organization)


# ---- templates ----------------------------------------------------------------------------------

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True)
LITERAL = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="{}"), max_size=20)
VALUE = st.text(st.characters(exclude_categories=("Cs",)), max_size=20).filter(
    lambda v: "{{" not in v and "}}" not in v
)


@given(st.lists(st.tuples(LITERAL, NAMES), max_size=6), LITERAL, st.data())
def test_rendering_fills_every_placeholder_with_its_value(
    pieces: list[tuple[str, str]], tail: str, data: st.DataObject
) -> None:
    body = "".join(f"{text}{{{{{name}}}}}" for text, name in pieces) + tail
    names = list(dict.fromkeys(name for _, name in pieces))
    assert checked_variables(body, None) == names
    values = {name: data.draw(VALUE | st.integers(), label=name) for name in names}
    template = MessageTemplate(name="t", body=body, variables=names, is_active=True)
    rendered = render(template, values)
    assert rendered == "".join(f"{text}{values[name]}" for text, name in pieces) + tail


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60), st.data())
def test_a_template_either_is_refused_or_renders_without_placeholders(
    body: str, data: st.DataObject
) -> None:
    try:
        names = checked_variables(body, None)
    except ValidationFailed as exc:
        assert exc.field == "body"
        return
    values = {name: data.draw(VALUE, label=name) for name in names}
    template = MessageTemplate(name="t", body=body, variables=names, is_active=True)
    rendered = render(template, values)
    for name in names:
        assert f"{{{{{name}}}}}" not in rendered or f"{{{{{name}}}}}" in "".join(values.values())


@given(st.dictionaries(NAMES, VALUE, min_size=1, max_size=3), NAMES)
def test_an_unknown_or_missing_variable_is_refused_with_its_name(
    values: dict[str, str], extra: str
) -> None:
    names = list(values)
    body = " ".join(f"{{{{{n}}}}}" for n in names)
    template = MessageTemplate(name="t", body=body, variables=names, is_active=True)
    if extra not in values:
        with pytest.raises(ValidationFailed) as unknown:
            render(template, {**values, extra: "x"})
        assert unknown.value.field == f"variables.{extra}"
    missing = names[0]
    with pytest.raises(ValidationFailed) as absent:
        render(template, {k: v for k, v in values.items() if k != missing})
    assert absent.value.field == f"variables.{missing}"


# ---- numbers and JIDs ---------------------------------------------------------------------------

JID_LIKE = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\+?[0-9 ()\-.]{4,25}", fullmatch=True),
    st.builds(
        lambda user, server: f"{user}@{server}",
        st.text(max_size=20) | st.from_regex(r"[0-9]{1,22}(:[0-9]{1,3})?", fullmatch=True),
        st.sampled_from(["s.whatsapp.net", "c.us", "g.us", "lid", "S.WhatsApp.Net", "x.y"]),
    ),
)
CANONICAL = re.compile(
    r"([0-9]{6,15}@s\.whatsapp\.net|[0-9]{5,20}(-[0-9]{5,20})?@g\.us|[0-9]{1,20}@lid)", re.ASCII
)


@given(JID_LIKE)
def test_recipients_become_canonical_ascii_jids_or_are_refused(raw: str) -> None:
    try:
        jid = to_jid(raw)
    except ValidationFailed as exc:
        assert exc.field == "to"
        return
    assert CANONICAL.fullmatch(jid), jid
    assert to_jid(jid) == jid


@given(JID_LIKE)
def test_numbers_normalize_to_ascii_digits_that_name_the_same_jid(raw: str) -> None:
    try:
        digits = normalize_number(raw, field="phoneNumber")
    except ValidationFailed as exc:
        assert exc.field == "phoneNumber"
        return
    assert ASCII_DIGITS.fullmatch(digits) and 6 <= len(digits) <= 15
    assert to_jid(raw) == f"{digits}@s.whatsapp.net"


@given(st.text(min_size=1, max_size=40))
def test_session_phone_numbers_are_ascii_digits_or_refused(raw: str) -> None:
    try:
        body = SessionCreate.model_validate({"phoneNumber": raw})
    except ValueError:
        return
    assert body.phone_number is None or (
        ASCII_DIGITS.fullmatch(body.phone_number) and 6 <= len(body.phone_number) <= 15
    )


@pytest.mark.parametrize("raw", ["٣٤٦٥٧٠٣٢٩٨٥", "３４６５７０３２９８５", "346570329²5"])
def test_digits_of_other_scripts_are_no_phone_number(raw: str) -> None:
    with pytest.raises(ValidationFailed):
        to_jid(raw)
    with pytest.raises(ValidationFailed):
        normalize_number(raw, field="phoneNumber")
