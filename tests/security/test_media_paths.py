"""``path`` media: each organization reads its own folder; every refusal reads the same."""

from __future__ import annotations

from tests.messages.helpers import PDF
from tests.support import link_session

CONTACT = "34611111111"


def _document(path: str) -> dict:
    return {"to": CONTACT, "type": "document", "message": {"document": {"path": path}}}


async def test_path_is_confined_to_the_callers_organization(app, client, other_org):
    media_dir = app.state.runtime.settings.media_dir
    other_id = other_org.headers["X-Organization-Id"]
    await link_session(other_org, "theirs", "34600000020")
    # The operator's files: a shared catalogue and a status image the gateway keeps.
    (media_dir / "catalogo").mkdir(parents=True, exist_ok=True)
    (media_dir / "catalogo" / "tarifas.pdf").write_bytes(PDF)
    (media_dir / "statuses" / "1").mkdir(parents=True, exist_ok=True)
    (media_dir / "statuses" / "1" / "ABC.pdf").write_bytes(PDF)
    own = media_dir / "organizations" / other_id
    own.mkdir(parents=True, exist_ok=True)
    (own / "mine.pdf").write_bytes(PDF)

    r = await other_org.post("/api/messages/theirs/send", json=_document("mine.pdf"))
    assert r.status_code == 200, r.text

    messages = set()
    for path in (
        "statuses/1/ABC.pdf",
        "../../statuses/1/ABC.pdf",
        "catalogo/tarifas.pdf",
        "../../catalogo/tarifas.pdf",
        str(media_dir / "catalogo" / "tarifas.pdf"),
        "../jwt_secret",
        "/etc/passwd",
        "no-such-file.pdf",
        "statuses",
    ):
        r = await other_org.post("/api/messages/theirs/send", json=_document(path))
        assert r.status_code == 400, (path, r.text)
        assert r.json()["field"] == "message.document.path"
        messages.add(r.json()["error"])
    assert len(messages) == 1, messages

    # The operator reads its shared folder, never what the gateway keeps.
    await link_session(client, "ours", "34600000021")
    r = await client.post("/api/messages/ours/send", json=_document("catalogo/tarifas.pdf"))
    assert r.status_code == 200, r.text
    r = await client.post("/api/messages/ours/send", json=_document("statuses/1/ABC.pdf"))
    assert r.status_code == 400
    r = await client.post(
        "/api/messages/ours/send", json=_document(f"organizations/{other_id}/mine.pdf")
    )
    assert r.status_code == 400
