"""The plugin's translation functions, bound to its own catalog in ``translations/``.

Every other module imports ``_`` and ``_l`` from here, never from flask_babel: texts the
plugin's catalog does not have come from the core's, and the plugin never changes a core text.
"""

from portal.api import plugin_translations

_domain = plugin_translations(__name__)
_ = _domain.gettext
_l = _domain.lazy_gettext

__all__ = ["_", "_l"]
