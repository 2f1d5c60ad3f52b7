"""The wording plugin's translation domain."""

from portal.api import plugin_translations

_domain = plugin_translations(__name__)
_ = _domain.gettext
_l = _domain.lazy_gettext
