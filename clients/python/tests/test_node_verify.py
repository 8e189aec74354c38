"""The Node verifier in ``docs/webhooks.md``, run by node on deliveries the gateway signed."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

from inboxhub_client import InboxHub

from conftest import Gateway, Receiver, eventually

DOC = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"
SESSION, PHONE = "sdk-node", "34600800001"

HARNESS = """
const { verifyInboxHub } = require("./verify.js");
const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const realNow = Date.now;
const results = cases.map((c) => {
  Date.now = c.now ? () => c.now * 1000 : realNow;
  return verifyInboxHub(Buffer.from(c.body, "base64"), c.headers, c.secret);
});
process.stdout.write(JSON.stringify(results));
"""


def snippet() -> str:
    text = DOC.read_text()
    marker = text.index("<!-- tested: verify.js")
    match = re.search(r"```js\n(.*?)```", text[marker:], re.S)
    assert match, "no js block after the tested marker"
    return match.group(1)


def run_node(tmp_path: Path, cases: list[dict[str, object]]) -> list[bool]:
    node = shutil.which("node")
    assert node, "node is needed to test the Node verifier (apt-get install nodejs)"
    (tmp_path / "verify.js").write_text(snippet())
    (tmp_path / "harness.js").write_text(HARNESS)
    done = subprocess.run(
        [node, "harness.js"],
        cwd=tmp_path,
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    results: list[bool] = json.loads(done.stdout)
    return results


def test_the_node_snippet_verifies_real_deliveries(
    gateway: Gateway, receiver: Receiver, tmp_path: Path
) -> None:
    secrets = {"/node-whsec": "whsec_" + base64.b64encode(b"node key of 24 bytes!!!!").decode(),
               "/node-plain": "a plain secret"}  # fmt: skip
    with InboxHub(gateway.url, api_key=gateway.api_key) as hub:
        created = hub.create_session(
            {
                "sessionId": SESSION,
                "webhookUrl": receiver.url + "/node-whsec",
                "webhookSecret": secrets["/node-whsec"],
            }
        )
        qr = created.qr_text or eventually(lambda: hub.get_session_qr(SESSION).qr_text)
        hub.link_session({"qr": qr, "phoneNumber": PHONE})
        eventually(lambda: hub.get_session_status(SESSION).is_connected)
        hub.update_session(
            SESSION,
            {"webhookUrl": receiver.url + "/node-plain", "webhookSecret": secrets["/node-plain"]},
        )
        hub.contact_writes({"from": "34611800001", "to": SESSION, "message": "hola node"})
    whsec = eventually(lambda: [d for d in receiver.deliveries if d.path == "/webhook/node-whsec"])[
        0
    ]
    plain = eventually(lambda: [d for d in receiver.deliveries if d.path == "/webhook/node-plain"])[
        0
    ]

    def case(delivery, secret, *, drop_standard=False, now=None, body=None):  # type: ignore[no-untyped-def]
        headers = {k.lower(): v for k, v in delivery.headers.items()}
        if drop_standard:
            headers = {k: v for k, v in headers.items() if not k.startswith("webhook-")}
        return {
            "body": base64.b64encode(body if body is not None else delivery.body).decode(),
            "headers": headers,
            "secret": secret,
            "now": now,
        }

    sent_at = int(whsec.headers["webhook-timestamp"])
    cases = [
        case(whsec, secrets["/node-whsec"]),
        case(plain, secrets["/node-plain"]),
        case(plain, secrets["/node-plain"], drop_standard=True),
        case(whsec, secrets["/node-whsec"], now=sent_at + 299),
        case(whsec, secrets["/node-whsec"], now=sent_at + 301),
        case(whsec, secrets["/node-plain"]),
        case(plain, "another secret", drop_standard=True),
        case(plain, secrets["/node-plain"], body=plain.body + b" "),
    ]
    assert run_node(tmp_path, cases) == [True, True, True, True, False, False, False, False]
