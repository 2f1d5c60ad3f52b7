"""The plugin system: hook specifications, the plugin manager, the data types plugins return, and
where contributions are placed.
"""
