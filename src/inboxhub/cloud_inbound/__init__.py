"""Meta's inbound webhook for Cloud API sessions: its route, the raw notifications kept, their
dedupe keys, and their recording as engine events."""
