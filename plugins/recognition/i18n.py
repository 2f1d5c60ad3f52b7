"""The plugin's translation domain: its own catalog in ``translations/``, then the core's."""

from portal.api import plugin_translations

_domain = plugin_translations(__name__)
_ = _domain.gettext
_l = _domain.lazy_gettext
