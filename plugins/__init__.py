"""Built-in plugins. Each is installed through the ``portal.plugins`` entry point."""
