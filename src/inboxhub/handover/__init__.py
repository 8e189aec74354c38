"""Bot and human handover: the bot answers, a ticket hands the chat to an agent in the CRM."""
