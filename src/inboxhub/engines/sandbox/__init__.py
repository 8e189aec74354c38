"""The sandbox: an in-process WhatsApp network for trying and testing the gateway without a phone."""

from inboxhub.engines.sandbox.network import SandboxEngine, SandboxNetwork

__all__ = ["SandboxEngine", "SandboxNetwork"]
