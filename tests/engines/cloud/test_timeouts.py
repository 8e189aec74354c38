"""A send Meta did not answer in time is not sent again: the Cloud API has no idempotency key."""

from __future__ import annotations

from typing import Any

import pytest

from inboxhub.engines.base import EngineTimeout, MessageRef, Text
from tests.engines.cloud.conftest import create_cloud_session
from tests.support import eventually


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"cloud_retry_base_seconds": 0.01, "cloud_http_timeout_seconds": 0.3}


async def test_a_send_without_answer_is_not_retried(app, client, graph):
    await create_cloud_session(client, graph, "meta_1")
    cloud = app.state.runtime.pool.get("meta_1")
    graph.slow_sends = 1.0
    with pytest.raises(EngineTimeout) as raised:
        await cloud.send_message("34657032985", Text(body="hola", reference="msg-9"))
    assert raised.value.status_code == 504
    assert "may or may not have been sent" in raised.value.message
    assert graph.send_attempts <= 1  # the one attempt (still in flight, or finished late)

    # Marking read is safe to repeat, so it is retried until Meta answers in time.
    graph.slow_sends = 0.0
    await cloud.mark_read("34657032985", [MessageRef(chat_id="x", id="wamid.IN", from_me=False)])
    assert any(body.get("status") == "read" for body in graph.sent)

    async def late_send_landed() -> bool:  # Meta got the first one after all: one message, once
        return [b.get("type") for b in graph.sent].count("text") == 1

    await eventually(late_send_landed)
