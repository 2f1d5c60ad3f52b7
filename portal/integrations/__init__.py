"""What Polku tells other systems on its own: webhooks, signed and retried (ADR 0054)."""
