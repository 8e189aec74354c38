"""Property tests: every signed webhook verifies with the customer's receiver code, whatever the
body and the secret (unicode included), and a changed body or secret never does."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from standardwebhooks import Webhook

from inboxhub.webhooks import signing
from tests.support.signatures import (
    standard_webhooks_receiver,
    verify_reserialized,
    verify_webhook_signature,
)

UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | UNICODE,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(UNICODE, children, max_size=4)
    ),
    max_leaves=15,
)
BODIES = st.dictionaries(UNICODE, JSON, max_size=5)
SECRETS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)


def signed(body: dict[str, Any], secret: str) -> tuple[bytes, dict[str, str]]:
    raw = signing.encode(body)
    headers = signing.headers(
        event_id="evt_0123456789abcdef",
        event_type="message.received",
        session_id="crm_1",
        body=raw,
        secret=secret,
        timestamp=int(time.time()),
        attempt=1,
    )
    return raw, headers


@given(BODIES, SECRETS)
def test_the_seed_receiver_verifies_every_body_as_sent_and_as_reparsed(
    body: dict[str, Any], secret: str
) -> None:
    raw, headers = signed(body, secret)
    assert verify_webhook_signature(raw, headers["X-Webhook-Signature"], secret)
    assert verify_webhook_signature(raw.decode("utf-8"), headers["X-Signature"], secret)
    assert verify_reserialized(json.loads(raw), headers["X-Webhook-Signature"], secret)


@given(BODIES, SECRETS, SECRETS)
def test_another_secret_does_not_verify(body: dict[str, Any], secret: str, other: str) -> None:
    # HMAC pads a key shorter than its block with zero bytes (RFC 2104): "0" and "0\x00" are one
    # key to it, for every receiver, so they are not another secret.
    assume(other.encode().rstrip(b"\0") != secret.encode().rstrip(b"\0"))
    raw, headers = signed(body, secret)
    assert not verify_webhook_signature(raw, headers["X-Webhook-Signature"], other)


@given(BODIES, BODIES, SECRETS)
def test_another_body_does_not_verify(
    body: dict[str, Any], other: dict[str, Any], secret: str
) -> None:
    raw, headers = signed(body, secret)
    assume(signing.encode(other) != raw)
    assert not verify_webhook_signature(
        signing.encode(other), headers["X-Webhook-Signature"], secret
    )


@given(BODIES, SECRETS.filter(lambda s: not s.startswith("whsec_")))
def test_standard_webhooks_libraries_verify_with_the_secret_as_typed(
    body: dict[str, Any], secret: str
) -> None:
    raw, headers = signed(body, secret)
    assert standard_webhooks_receiver(secret).verify(raw, headers) == json.loads(raw)


@given(BODIES, st.binary(min_size=1, max_size=64))
def test_a_whsec_secret_is_used_as_the_standard_base64_key(
    body: dict[str, Any], key: bytes
) -> None:
    secret = "whsec_" + base64.b64encode(key).decode()
    raw, headers = signed(body, secret)
    assert Webhook(secret).verify(raw, headers) == json.loads(raw)
