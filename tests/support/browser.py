"""A test client that submits forms as a browser does: with the hidden inputs the page rendered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pyotp
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from portal.app.extensions import db
from portal.models import User

PASSWORD = "correct horse battery staple"
#: A public page that always carries a form, so a CSRF token for the session.
TOKEN_PAGE = "/accessibility"
CODE_PAGE = "/login/code"
ENROL_PAGE = "/account/mfa"
SECRET = re.compile(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<')


@dataclass
class Form:
    action: str
    method: str = "GET"
    #: The hidden inputs, which a browser sends as they are.
    hidden: dict[str, str] = field(default_factory=dict)
    #: Every named field (inputs, selects, text areas) with the value it was rendered with.
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    """Every form on a page with its action, method and fields."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self._open: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(values.get("action") or self.page_path).path
            self._open = Form(action, (values.get("method") or "get").upper())
            self.forms.append(self._open)
        elif tag in ("input", "select", "textarea") and self._open and values.get("name"):
            self._open.fields.setdefault(values["name"], values.get("value", ""))
            if tag == "input" and values.get("type") == "hidden":
                self._open.hidden.setdefault(values["name"], values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def forms_on(html: str, page_url: str) -> list[Form]:
    """Every form on a page, with its action resolved against the page's own path."""
    parser = _FormParser(urlsplit(page_url).path)
    parser.feed(html)
    return parser.forms


def csrf_token(html: str) -> str:
    tokens = [f.hidden["csrf_token"] for f in forms_on(html, "/") if "csrf_token" in f.hidden]
    assert tokens, "no CSRF token on the page"
    return tokens[0]


def session_tokens(html: str) -> dict[str, str]:
    """The session's CSRF token and a one-time form token it was given, from a page's form."""
    forms = [f.hidden for f in forms_on(html, "/") if "csrf_token" in f.hidden]
    assert forms, "no CSRF token on the page"
    fields = next((f for f in forms if "form_token" in f), forms[0])
    return {k: v for k, v in fields.items() if k in ("csrf_token", "form_token")}


def _rendered_form(page: TestResponse, page_url: str, action: str) -> dict[str, str] | None:
    """The hidden inputs of the form on ``page`` that posts to ``action``, if it has one."""
    if page.status_code != 200:
        return None
    target = urlsplit(action).path
    for form in forms_on(page.get_data(as_text=True), page_url):
        if form.action == target:
            return dict(form.hidden)
    return None


class Browser:
    """A test client whose posts carry the hidden inputs (CSRF token, version, ...) of the form
    that the page rendered, the way a browser submitting that form would."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url, **kw):
        # Read the whole answer, as a browser does: a streamed download left unread would keep
        # its request context (and so its signed-in user) alive into the next request.
        kw.setdefault("buffered", True)
        return self.client.get(url, **kw)

    def post(self, url, data=None, *, form_url=None, **kw):
        """Post ``data`` to ``url`` as the form on ``form_url`` (default: ``url``) would."""
        data = dict(data or {})
        if "csrf_token" not in data:
            data = {**self._form_or_token(form_url or url, action=url), **data}
        kw.setdefault("buffered", True)
        return self.client.post(url, data=data, **kw)

    def login(self, email, password=PASSWORD, *, second_factor=True):
        """Sign in as a person does: the password, then (``second_factor``) the code from the
        account's authenticator, or the enrolment when the role needs one and has none. The
        answer is the last step's: 302 when signed in, 200 with the form's errors otherwise."""
        response = self.post("/login", {"email": email, "password": password})
        if not second_factor or response.status_code != 302:
            return response
        target = urlsplit(response.headers["Location"]).path
        if target == CODE_PAGE:
            return self.post(CODE_PAGE, {"code": self._fresh_code(email)})
        if target != "/login" and self.get(target).status_code == 302:
            page = self.get(ENROL_PAGE)
            if page.status_code == 200 and 'id="totp-secret"' in page.get_data(as_text=True):
                return self.enrol(page.get_data(as_text=True))
        return response

    def enrol(self, page_html: str):
        """Turn on two-step sign-in from the enrolment page's key, as a person with the app."""
        secret = SECRET.search(page_html).group(1).replace(" ", "")
        response = self.post(ENROL_PAGE, {"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def _fresh_code(self, email: str) -> str:
        """The current code of the account; the account's last used step is forgotten first, so
        that one test may sign the same person in twice within the 30 seconds of a code."""
        app = self.client.application
        with app.app_context():
            user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
            user.totp_last_step = None
            db.session.commit()
            return pyotp.TOTP(user.totp_secret).now()

    def logout(self):
        return self.post("/logout", form_url="/")

    def _form_or_token(self, page_url: str, action: str) -> dict[str, str]:
        """The form's hidden inputs; without such a form (a POST-only URL, or a page this user
        may not open), the session's CSRF token and a one-time token from another form, as
        any page a browser had open would give."""
        page = self.get(page_url)
        fields = _rendered_form(page, page_url, action)
        if fields is not None:
            return fields
        tokens = session_tokens(page.get_data(as_text=True)) if page.status_code == 200 else {}
        if "form_token" not in tokens:
            tokens = session_tokens(self.get(TOKEN_PAGE).get_data(as_text=True))
        return tokens


def form_fields(browser: Browser, url: str, *, action: str | None = None) -> dict[str, str]:
    """The hidden inputs (CSRF token, version, ...) of the form on the page at ``url`` that
    posts to ``action`` (default: the page itself), as the page renders them now."""
    fields = _rendered_form(browser.get(url), url, action or url)
    assert fields is not None, f"no form posting to {action or url} on {url}"
    return fields
