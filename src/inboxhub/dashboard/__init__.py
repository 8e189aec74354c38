"""The web console served at ``/dashboard``: sessions, QR linking, chats and webhook deliveries."""
