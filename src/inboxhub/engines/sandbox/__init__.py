"""The sandbox: a virtual WhatsApp network for trying and testing the gateway without a phone, in
the gateway's process or, for a cluster, in a process of its own (``inboxhub sandbox-network``)."""

from inboxhub.engines.sandbox.network import SandboxEngine, SandboxNetwork, sandbox_engine

__all__ = ["SandboxEngine", "SandboxNetwork", "sandbox_engine"]
