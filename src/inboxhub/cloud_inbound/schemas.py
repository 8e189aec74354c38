"""The answer Meta's webhook gets (Meta reads only its status; operators read the counts)."""

from __future__ import annotations

from pydantic import Field

from inboxhub.envelope import ReadModel


class CloudWebhookReceipt(ReadModel):
    received: int = Field(description="New events recorded")
    duplicates: int = Field(description="Events Meta had delivered already")
    ignored_changes: int
