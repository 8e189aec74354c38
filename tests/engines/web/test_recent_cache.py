"""What a linked session keeps in memory of recent messages is capped (count and bytes)."""

from __future__ import annotations

import pytest

pytest.importorskip("neonize")

from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import ExtendedTextMessage, ImageMessage, Message

from tests.engines.web.neonize_events import message_event


def test_recent_messages_are_capped_and_lose_their_previews(hosted):
    h = hosted()
    photo = Message(
        imageMessage=ImageMessage(
            mimetype="image/jpeg", caption="the red one", JPEGThumbnail=b"\xff" * 20_000
        )
    )
    h.dispatch(message_event(photo, message_id="PHOTO"))
    kept = h.session.recent_message("PHOTO")
    assert kept.imageMessage.caption == "the red one"
    assert kept.imageMessage.JPEGThumbnail == b""  # the preview is not kept

    long_text = "x" * 2_000
    for i in range(600):
        text = Message(extendedTextMessage=ExtendedTextMessage(text=f"{i} {long_text}"))
        h.dispatch(message_event(text, message_id=f"M{i:04d}"))
    recent = h.session.recent
    assert len(recent) <= 500
    assert sum(len(m) for m in recent.values()) <= 512 * 1024
    assert "M0599" in recent and "PHOTO" not in recent  # the oldest went first
