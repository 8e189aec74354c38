"""Status media served safely; a text status's text under the names integrators use."""

from __future__ import annotations

import base64

from tests.stories.conftest import DAN, save
from tests.stories.helpers import received, statuses

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


async def test_an_svg_status_is_never_served_as_svg(client, friends):
    await save(client, "bob", DAN, pushName="Dan")
    r = await client.post(
        "/api/sandbox/statuses",
        json={
            "from": DAN,
            "type": "image",
            "base64": base64.b64encode(SVG).decode(),
            "mimetype": "image/svg+xml",
        },
    )
    assert r.status_code == 201, r.text
    theirs = (await received(client, "bob"))[0]
    r = await client.get(f"/api/status/sessions/bob/statuses/{theirs['statusId']}/media")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in r.headers["content-security-policy"]

    # Posting one as a session is refused: the bytes are not an image anyone can tell.
    r = await client.post(
        "/api/status/sessions/ana",
        json={
            "type": "image",
            "base64": base64.b64encode(SVG).decode(),
            "mimetype": "image/svg+xml",
        },
    )
    assert r.status_code == 400
    assert r.json()["field"] == "base64"


async def test_a_text_status_takes_text_content_or_caption(client, friends):
    for field in ("text", "content", "caption"):
        r = await client.post(
            "/api/status/sessions/ana", json={"type": "text", field: f"by {field}"}
        )
        assert r.status_code == 201, (field, r.text)
        assert r.json()["data"]["status"]["text"] == f"by {field}"
    r = await client.post(
        "/api/status/sessions/ana", json={"type": "text", "text": "a", "content": "b"}
    )
    assert r.status_code == 400
    assert r.json()["field"] == "content"
    texts = [s["text"] for s in (await statuses(client, "ana"))["statuses"]]
    assert sorted(texts) == ["by caption", "by content", "by text"]
