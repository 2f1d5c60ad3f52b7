"""The portal's Jinja template class: imports keep Jinja's own rules, only cheaper."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from portal.app.templating import PortalTemplate


def _env() -> Environment:
    env = Environment(
        autoescape=True,
        loader=DictLoader(
            {
                "macros.html": "{% macro hello() %}{{ greeting }} {{ name }}{% endmacro %}",
                "page.html": '{% from "macros.html" import hello %}{{ hello() }}',
            }
        ),
    )
    env.template_class = PortalTemplate
    env.globals["greeting"] = "Hei"
    return env


def test_an_imported_macro_is_made_once_when_the_globals_are_the_same():
    env = _env()
    page = env.get_template("page.html")
    assert page.render(name="not seen") == "Hei "  # an import sees globals, not the page's values
    macros = env.get_template("macros.html")
    first = macros._module
    assert first is not None and page.render() == "Hei " and macros._module is first


def test_an_import_sees_the_importing_templates_own_globals():
    env = _env()
    page = env.get_template("page.html", globals={"name": "Aino"})
    assert isinstance(page, PortalTemplate)
    assert page.render() == "Hei Aino"
    assert env.get_template("page.html").render() == "Hei Aino"  # kept with the template


def test_underscore_escapes_its_values_and_unescapes_percent_signs(suite_app):
    with suite_app.test_request_context():
        render = lambda source, **values: suite_app.jinja_env.from_string(source).render(values)  # noqa: E731
        assert render('{{ _("Hello %(name)s", name=who) }}', who="<b>") == "Hello &lt;b&gt;"
        assert render('{{ _("100%% sure") }}') == "100% sure"
        assert render('{{ _("No percent") }}') == "No percent"
        # translated through the catalog of the request's language (Finnish by default)
        assert render('{{ _("Change password") }}') == "Vaihda salasana"


def test_a_forced_language_is_read_within_it_and_the_requests_after_it(suite_app):
    """The catalogs kept for the request's language follow ``force_locale`` in and out."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with suite_app.test_request_context():
        render = suite_app.jinja_env.from_string('{{ _("Change password") }}').render
        assert (_("Change password"), render()) == ("Vaihda salasana", "Vaihda salasana")
        with force_locale("sv"):
            assert _("Change password") == render() != "Vaihda salasana"
        assert (_("Change password"), render()) == ("Vaihda salasana", "Vaihda salasana")
