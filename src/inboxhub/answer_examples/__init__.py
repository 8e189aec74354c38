"""Answer examples of the API document (``/api/docs``), one module per feature.

``ANSWER_EXAMPLES`` is keyed by the name of an answer's ``data`` schema: ``api_docs`` wraps each
in the success envelope, and every operation answering that schema shows it. ``WHOLE_ANSWERS``
holds the answers that are not that envelope alone (the CRM's, with fields beside it), keyed by
the answer's own schema name and shown as they are. ``tests/test_api_document.py`` validates
every example against its schema and fails when a JSON answer has none."""

from __future__ import annotations

from typing import Any

from inboxhub.answer_examples import (
    auth,
    chatwoot,
    cloud,
    cluster,
    console,
    contacts,
    groups,
    handover,
    inspector,
    media,
    messages,
    organizations,
    sandbox,
    sessions,
    sinks,
    stories,
    templates,
    webhooks,
)

_FEATURES = (
    sessions,
    messages,
    contacts,
    groups,
    auth,
    organizations,
    webhooks,
    sinks,
    inspector,
    handover,
    templates,
    cloud,
    stories,
    media,
    chatwoot,
    cluster,
    sandbox,
    console,
)


def _merged() -> dict[str, Any]:
    # A schema shared by two features would otherwise show whichever module came last.
    merged: dict[str, Any] = {}
    for feature in _FEATURES:
        twice = merged.keys() & feature.EXAMPLES.keys()
        if twice:
            raise ValueError(f"{feature.__name__} repeats examples of {sorted(twice)}")
        merged.update(feature.EXAMPLES)
    return merged


ANSWER_EXAMPLES: dict[str, Any] = _merged()
WHOLE_ANSWERS: dict[str, Any] = dict(handover.WHOLE_ANSWERS)
