"""Meta's WhatsApp Cloud API as an engine: sends over the Graph API, receives by signed webhook."""

from inboxhub.engines.cloud.engine import CloudEngine

__all__ = ["CloudEngine"]
