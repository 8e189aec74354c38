"""Inbox Hub: a self-hosted WhatsApp gateway for CRMs."""

__version__ = "0.1.0"
