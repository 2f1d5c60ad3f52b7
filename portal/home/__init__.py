"""Start pages, the language switch, the accessibility statement and the health check."""
