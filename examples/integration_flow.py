"""Seed 02's Python integration, with the SDK: a CRM that signs in, links a number, sends,
reads its contacts, uses a template and subscribes to webhooks.

    python examples/integration_flow.py --url http://127.0.0.1:8084 --api-key ihk_… \\
        --email admin@example.com --password … --webhook-url https://crm.example.com/hook

``--sandbox`` plays the phone that scans the QR (the gateway's sandbox engine), so the whole
flow runs without a phone.
"""

from __future__ import annotations

import argparse
import time

from inboxhub_client import InboxHub, NotFoundError


def run(args: argparse.Namespace) -> dict[str, object]:
    # Routes of accounts and organizations take the user's JWT; WhatsApp routes the API key.
    with InboxHub(args.url) as anonymous:
        tokens = anonymous.login({"identifier": args.email, "password": args.password})
    with (
        InboxHub(args.url, token=tokens.access_token) as account,
        InboxHub(args.url, api_key=args.api_key) as hub,
    ):
        organization_id = account.me().user.organizations[0].id

        # 1. A session, and its QR for the phone to scan.
        try:
            session = hub.get_session(args.session).session
        except NotFoundError:
            session = hub.create_session({"sessionId": args.session, "sessionName": "CRM"})
        if not hub.get_session_status(args.session).is_connected:
            qr = hub.get_session_qr(args.session)
            print(f"Scan the QR for {args.session} (expires {qr.expires_at})")
            if args.sandbox:
                hub.link_session({"qr": qr.qr_text, "phoneNumber": args.sandbox_phone})
            deadline = time.monotonic() + args.wait
            while not hub.get_session_status(args.session).is_connected:
                if time.monotonic() > deadline:
                    raise SystemExit("the session was not linked in time")
                time.sleep(1)

        # 2. Send a message (retried safely: the SDK adds an Idempotency-Key).
        sent = hub.send_message(args.session, {"to": args.to, "message": "Hola desde Python!"})

        # 3. Every contact, page after page.
        contacts = [c.phone_number for c in hub.paginate(hub.list_contacts, args.session)]

        # 4. A template, rendered and sent.
        name = f"confirmacion-{int(time.time())}"
        template = hub.create_template(
            organization_id,
            {
                "name": name,
                "category": "pedidos",
                "body": "Hola {{nombre}}, tu pedido {{pedido}} está confirmado.",
            },
        ).template
        used = hub.use_template(
            template.id,
            {
                "sessionId": args.session,
                "to": args.to,
                "variables": {"nombre": "Juan", "pedido": "A-1"},
            },
        )

        # 5. Webhooks for the organization, signed with our secret.
        webhook = None
        if args.webhook_url:
            webhook = hub.create_webhook(
                organization_id,
                {
                    "name": "CRM Integration Webhook",
                    "url": args.webhook_url,
                    "events": ["message", "message_status", "session_status"],
                    "secret": args.webhook_secret,
                },
            )
        return {
            "session": session.session_id,
            "sent": sent.message_id,
            "contacts": contacts,
            "template": used.message_id,
            "webhook": webhook.id if webhook else None,
        }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--url", default="http://127.0.0.1:8084")
    p.add_argument("--api-key", required=True)
    p.add_argument("--email", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--session", default="session_crm_01")
    p.add_argument("--to", default="34612345678")
    p.add_argument("--webhook-url")
    p.add_argument("--webhook-secret", default="tu_webhook_secret_seguro")
    p.add_argument("--sandbox", action="store_true", help="scan the QR with the sandbox's phone")
    p.add_argument("--sandbox-phone", default="34600000001")
    p.add_argument("--wait", type=float, default=120, help="seconds to wait for the scan")
    return p


if __name__ == "__main__":
    print(run(parser().parse_args()))
