"""The layout's parts are kept per language, viewer and page (portal/app/layout.py): what
differs per request is still this request's, and what the key names changes the markup."""

from __future__ import annotations

import re

from portal.app.extensions import db
from portal.models import User

NEXT = re.compile(r'<input type="hidden" name="next" value="([^"]*)">')
TOKEN = re.compile(
    r'class="lang-switch"[^>]*><input type="hidden" name="csrf_token" value="([^"]+)"'
)


def test_the_current_page_is_marked_in_the_navigation(as_role):
    coach = as_role("coach")
    clients = coach.get("/clients/").get_data(as_text=True)
    groups = coach.get("/groups/").get_data(as_text=True)
    assert '<a href="/clients/" aria-current="page">' in clients
    assert '<a href="/groups/" aria-current="page">' not in clients
    assert '<a href="/groups/" aria-current="page">' in groups
    assert '<a href="/clients/" aria-current="page">' not in groups


def test_the_return_address_and_the_token_are_this_requests(as_role):
    coach = as_role("coach")
    first = coach.get("/clients/?sort=born").get_data(as_text=True)
    second = coach.get('/clients/?sort=-born&x="><b>').get_data(as_text=True)
    assert NEXT.search(first).group(1) == "/clients/?sort=born"
    assert NEXT.search(second).group(1) == "/clients/?sort=-born&amp;x=&#34;&gt;&lt;b&gt;"
    assert "<b>" not in second
    # the token filled into the kept header is good for this session's language switch
    token = TOKEN.search(second).group(1)
    answer = coach.client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/"})
    assert answer.status_code == 302
    assert 'lang="en"' in coach.get("/clients/").get_data(as_text=True)


def test_a_renamed_user_sees_their_new_name_and_their_session_end(app, world, as_role):
    coach = as_role("coach")
    assert f"<span>{world.coach.name}</span>" in coach.get("/clients/").get_data(as_text=True)
    with app.app_context():
        db.session.get(User, world.coach.id).name = "Uusi <Nimi>"
        db.session.commit()
    page = coach.get("/clients/").get_data(as_text=True)
    assert "<span>Uusi &lt;Nimi&gt;</span>" in page
    seconds = re.search(r'id="session-end" data-seconds="(\d+)"', page)
    assert seconds and int(seconds.group(1)) > 0
