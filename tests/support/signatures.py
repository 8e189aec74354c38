"""Verifying webhooks as the customer's receivers do (seed 01's Frappe code, seed 02's Node
pattern, the Standard Webhooks libraries)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from standardwebhooks import Webhook


# Seed 01's receiver code, as the customer runs it in Frappe.
def verify_webhook_signature(payload_body, signature_header, secret):
    if not signature_header or not signature_header.startswith("sha256="):
        return False

    expected_signature = signature_header.replace("sha256=", "")

    if isinstance(payload_body, str):
        payload_body = payload_body.encode("utf-8")

    computed_signature = hmac.new(secret.encode("utf-8"), payload_body, hashlib.sha256).hexdigest()

    return hmac.compare_digest(computed_signature, expected_signature)


# A receiver that verifies what its framework parsed, re-serialized (seed 02's Node pattern).
def verify_reserialized(parsed, signature_header, secret):
    again = json.dumps(parsed, separators=(",", ":"), ensure_ascii=False)
    return verify_webhook_signature(again, signature_header, secret)


def standard_webhooks_receiver(secret: str) -> Webhook:
    # Standard Webhooks libraries take the key as base64 behind "whsec_".
    return Webhook("whsec_" + base64.b64encode(secret.encode()).decode())
