"""WhatsApp engines: one interface (base.py), one implementation per way of reaching WhatsApp."""
