"""Destructive actions ask first: a page that says what will happen and sends the same form
again with ``confirmed=yes`` (no JavaScript needed). The form's hidden fields (CSRF token,
one-time token, version) travel unchanged, so the confirmed submission is checked exactly as
the first would have been, and a double click on "Yes" still saves once."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import render_template, request

from portal.app.security import safe_next

CONFIRMED = "confirmed"


def _back() -> str:
    """Where "Cancel" leads: the page the form was on, when it is on this site."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
    return safe_next(request.form.get("next"))


def confirmation_page(question: str, action: str, details: str = "") -> tuple[str, int] | None:
    """None once the person has confirmed; otherwise the page asking ``question`` with the
    button ``action``, to return from the view instead of acting."""
    if request.form.get(CONFIRMED) == "yes":
        return None
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != CONFIRMED]
    return render_template(
        "confirm.html",
        question=question,
        action=action,
        details=details,
        fields=fields,
        back=_back(),
    ), 200
