# $title

A plugin for the Polku portal. It adds:

- a page at `/p/$name/` for coaches and the admin (`$name/views.py`), with a menu entry;
- a section on each client's page (`portal_client_panels`);
- an assessment form that a coach can ask for (`portal_assessment_forms`, `$name/assessment.py`).

Every hook and data type is documented in `docs/plugins.md` of the Polku repository.

## Developing

Install it into the portal's virtualenv, next to Polku, and run its tests:

```
pip install -e '.[test]'
pytest
```

`flask --app wsgi plugins` (in the portal) then lists `$name` as loaded.
`PORTAL_PLUGINS` restricts which installed plugins load.

## Texts

Texts in code are marked with `_` and `_l` from `$name/i18n.py`, texts in templates with
`{{ _("...") }}`. Finnish first, then Swedish and English:

```
pybabel extract -F babel.cfg -k _l -o $name/translations/messages.pot $name
pybabel update -i $name/translations/messages.pot -d $name/translations
pybabel compile -d $name/translations
```

## Tables

Name every table `${name}_...`. Revisions go to `$name/migrations/` on the plugin's own
branch of the portal's one migration environment (see "Tables and migrations" in
`docs/plugins.md`).
