"""Every feature's tables, imported so the metadata (and Alembic) sees them all."""

from __future__ import annotations


def import_all_models() -> None:
    """Register every table on ``db.Base.metadata`` (a model module adds its tables on import)."""
    import inboxhub.auth.models
    import inboxhub.chatwoot.models
    import inboxhub.cloud_inbound.models
    import inboxhub.cluster.models
    import inboxhub.contacts.models
    import inboxhub.groups.models
    import inboxhub.handover.models
    import inboxhub.inspector.models
    import inboxhub.media.models
    import inboxhub.message_templates.models
    import inboxhub.messages.models
    import inboxhub.meta_templates.models
    import inboxhub.sessions.models
    import inboxhub.stories.models
    import inboxhub.webhooks.models  # noqa: F401
