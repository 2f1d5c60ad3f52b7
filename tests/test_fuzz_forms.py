"""Malformed requests to every form and filter of the core and the plugins, by every role, never
answer 5xx.

The forms are found by rendering every GET page of the URL map as each role (with the World's
ids in the URL), and parsing each page's forms: their action, method and fields. Hypothesis then
sends each form, and each page's query string, with values it draws: fields left out, wrong
types, file parts instead of text, huge and negative numbers, NUL bytes, very long strings,
nonsense dates and deeply nested JSON. The search is derandomised (the same examples on every
run) and bounded, so the test is deterministic in CI and takes about a minute.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from tests.conftest import Browser, World
from tests.support.browser import Form, forms_on

ROLES = ("anonymous", "client_user", "employer", "coach", "admin")
#: The World's objects by URL argument, the ones each role reaches.
WORLD_ARGS = {
    "client_id": "client",
    "group_id": "group",
    "placement_id": "placement",
    "company_id": "company",
    "user_id": "employer",
}
#: Signing out ends the session the rest of the walk needs.
#: ops.readyz answers 503 on purpose here: the test database is built without migrations.
SKIPPED = {"auth.logout", "static", "ops.readyz"}
#: Query parameters the portal's filters read, tried on every page.
COMMON_PARAMS = ("page", "group", "q", "from", "to", "client", "action", "company", "status")
EXAMPLES = 3
ENCODINGS = (
    "multipart/form-data",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "json",
)


def _url(app: Flask, rule: Rule, world: World) -> str | None:
    """The rule's URL with the World's ids; None when an argument cannot be filled."""
    values: dict[str, object] = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        if arg in WORLD_ARGS:
            values[arg] = getattr(world, WORLD_ARGS[arg]).id
        elif hasattr(converter, "items"):
            values[arg] = sorted(converter.items)[0]
        elif isinstance(converter, NumberConverter):
            values[arg] = 1
        else:
            values[arg] = "x"
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values)


def _pages(app: Flask, world: World) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED:
            continue
        url = _url(app, rule, world)
        if url is not None:
            urls.append(url)
    return sorted(set(urls))


def _walk(browser: Browser, pages: list[str]) -> Iterator[tuple[str, Form]]:
    """Each page that opens for the role, with each form on it (a page with no form still
    yields itself as a GET form so that its query string is fuzzed)."""
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for page in pages:
        response = browser.get(page)
        assert response.status_code < 500, f"GET {page}: {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        forms = [Form(page, "GET"), *forms_on(response.get_data(as_text=True), page)]
        for form in forms:
            key = (form.action, form.method, tuple(sorted(form.fields)))
            if key not in seen and form.action not in ("/logout",):
                seen.add(key)
                yield page, form


def _unseen_posts(app: Flask, world: World, seen: list[tuple[str, Form]]) -> list[tuple[str, Form]]:
    """POST endpoints whose form no page showed the role (a state the World is not in, or a
    page the role may not open): sent with the session's CSRF token and the usual fields."""
    token = next((f.fields["csrf_token"] for _p, f in seen if "csrf_token" in f.fields), "")
    posted = {f.action for _p, f in seen if f.method == "POST"}
    extra = []
    for rule in app.url_map.iter_rules():
        url = _url(app, rule, world)
        if "POST" in (rule.methods or ()) and rule.endpoint not in SKIPPED and url not in posted:
            fields = {"csrf_token": token, **dict.fromkeys(COMMON_PARAMS, "1")}
            extra.append((url, Form(url, "POST", fields=fields)))
    return extra


HUGE = st.sampled_from(["9" * 40, str(2**63), "-" + "9" * 30, "1e999", "NaN", "-1", "0"])
NASTY_TEXT = st.sampled_from(
    [
        "a\x00b",
        "x" * 100_000,
        '=HYPERLINK("http://evil.example")',
        "<script>alert(1)</script>",
        "9999-99-99",
        "31.02.2026",
        "0000-01-01",
        "\ud7ff\ufffe",
        " ",
        "[]",
    ]
)
DEEP_JSON = json.dumps(json.loads("[" * 500 + "]" * 500))


def _value(draw, original: str):
    """One field's value: kept, text, number, nonsense, a file part, or left out (None)."""
    kind = draw(st.sampled_from(["keep", "drop", "huge", "nasty", "text", "file", "list", "json"]))
    if kind == "keep":
        return original
    if kind == "drop":
        return None
    if kind == "huge":
        return draw(HUGE)
    if kind == "nasty":
        return draw(NASTY_TEXT)
    if kind == "file":
        return (io.BytesIO(b"%PDF-1.4 not text"), "x.pdf")
    if kind == "list":
        return [original, draw(HUGE)]
    if kind == "json":
        return DEEP_JSON
    return draw(st.text(max_size=30))


def _payload(draw, form: Form) -> dict[str, object]:
    names = [*form.fields, *(COMMON_PARAMS if form.method == "GET" else ())]
    data: dict[str, object] = {}
    for name in names:
        if name == "csrf_token":
            data[name] = form.fields[name]  # the fuzz is aimed past the CSRF check
            continue
        value = _value(draw, form.fields.get(name, ""))
        if value is not None:
            data[name] = value
    return data


def _send(browser: Browser, form: Form, data: dict[str, object], encoding: str):
    if form.method == "GET":
        query = {k: v for k, v in data.items() if isinstance(v, str | list)}
        return browser.client.get(form.action, query_string=query)
    if encoding == "json":  # no form of the portal takes JSON: it must still not be a 500
        texts = {k: v for k, v in data.items() if isinstance(v, str)}
        return browser.client.post(form.action, json={"deep": json.loads(DEEP_JSON), **texts})
    return browser.client.post(form.action, data=data, content_type=encoding)


def _fuzz(browser: Browser, forms: list[tuple[str, Form]], role: str, data) -> list[str]:
    problems = []
    for page, form in forms:
        payload = _payload(data.draw, form)
        encoding = data.draw(st.sampled_from(ENCODINGS))
        if encoding != "multipart/form-data":  # only multipart bodies carry files
            payload = {k: v for k, v in payload.items() if not isinstance(v, tuple)}
        response = _send(browser, form, payload, encoding)
        if response.status_code >= 500:
            shown = {
                k: (v[:40] if isinstance(v, str) else type(v).__name__) for k, v in payload.items()
            }
            problems.append(f"{role} {form.method} {form.action} (on {page}): {shown}")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_no_malformed_request_answers_5xx(app, world, as_role, role):
    browser = Browser(app.test_client()) if role == "anonymous" else as_role(role)
    found: list[str] = []
    forms = [*_walk(browser, _pages(app, world))]
    forms += _unseen_posts(app, world, forms)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def sweep(data) -> None:
        found.extend(_fuzz(browser, forms, role, data))

    sweep()
    assert found == [], "\n".join(sorted(set(found)))
