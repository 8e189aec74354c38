"""Inbox Hub: a self-hosted WhatsApp gateway for CRMs."""

from importlib.metadata import PackageNotFoundError, version

try:
    # pyproject.toml holds the one version; the installed distribution reports it.
    __version__ = version("inboxhub")
except PackageNotFoundError:  # a source tree on sys.path without an install
    __version__ = "0.0.0+unknown"
