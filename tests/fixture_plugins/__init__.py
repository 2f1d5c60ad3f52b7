"""Plugins used by the tests, registered through PORTAL_EXTRA_PLUGINS."""
