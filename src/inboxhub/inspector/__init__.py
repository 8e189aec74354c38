"""The webhook inspector: a capture URL per organization that records the webhooks delivered to
it (headers, body, signature check), to see a gateway's webhooks without a receiver of one's own."""
