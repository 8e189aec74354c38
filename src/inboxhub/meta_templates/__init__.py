"""Templates Meta approved for a Cloud API session's WhatsApp Business Account."""
