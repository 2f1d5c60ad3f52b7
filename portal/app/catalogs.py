"""The current request's language and core catalog, found without Flask-Babel's detours.

Flask-Babel finds the language and the catalog anew for every text: through Flask's context
proxies, each a few Python calls, some thirty calls a text; a list page translates a hundred
texts and formats dozens of dates. The language is kept in Flask-Babel's own state of the
request (``g._flask_babel``, which ``force_locale`` changes), and the catalog is kept beside
it for as long as the language is the same object; Flask-Babel still chooses and loads both.
"""

from __future__ import annotations

from babel import Locale
from babel.support import NullTranslations
from flask import Flask
from flask.globals import _cv_app
from flask_babel import Babel, Domain, get_locale

#: The attribute of the request's Flask-Babel state that holds its core catalog.
CORE_MEMO = "polku_core_catalog"


def babel_state() -> object | None:
    """Flask-Babel's state of the current request, or None outside an application context
    or before Flask-Babel has made it."""
    ctx = _cv_app.get(None)
    return getattr(ctx.g, "_flask_babel", None) if ctx is not None else None


def current_locale() -> Locale | None:
    """``flask_babel.get_locale()``, from the request's state when it is chosen already."""
    locale = getattr(babel_state(), "babel_locale", None)
    return locale if locale is not None else get_locale()


class CoreDomain(Domain):
    """The core's translation domain, its catalog kept for the request's language."""

    def get_translations(self) -> NullTranslations:
        state = babel_state()
        memo = getattr(state, CORE_MEMO, None)
        if memo is not None and memo[0] is getattr(state, "babel_locale", None):
            return memo[1]
        found = super().get_translations()
        state = babel_state()  # made by Flask-Babel just now, if it was not there
        if state is not None:
            setattr(state, CORE_MEMO, (getattr(state, "babel_locale", None), found))
        return found


def install_core_domain(app: Flask, babel: Babel) -> None:
    """Make :class:`CoreDomain` the domain of ``babel`` (after ``babel.init_app(app)``)."""
    if not isinstance(babel.__dict__.get("domain_instance"), CoreDomain):
        babel.domain_instance = CoreDomain(domain=app.extensions["babel"].default_domain)
