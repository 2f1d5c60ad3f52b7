"""Entry point for ``flask --app wsgi`` and WSGI servers (``gunicorn wsgi:app``)."""

from portal import create_app

app = create_app()
