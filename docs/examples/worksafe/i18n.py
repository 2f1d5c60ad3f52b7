"""The plugin's translation functions. Every other module imports them from here, so how they
are bound to the plugin's own catalog is decided in this one place."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

__all__ = ["_", "_l"]
