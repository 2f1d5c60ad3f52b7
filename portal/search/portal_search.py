"""The header search: clients, companies and groups the viewer may open, and what plugins
add through ``portal_search_results`` (qualifications), each kind capped and scoped.

Employers find their own trainees only; teachers and young people have no header search.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from portal.access.scoping import client_matches, coach_company_ids, visible_clients, visible_groups
from portal.app.extensions import db
from portal.hooks.manager import collect
from portal.hooks.types import SearchHit
from portal.models import Client, Company, Group, Role, User
from portal.search.keys import MAX_QUERY, MAX_WORDS, query_words

#: Who has the header search.
SEARCHERS = ("coach", "admin", "employer")
#: Results per kind; a kind that has more says so and asks for a narrower search.
PER_KIND = 10


@dataclass
class Results:
    text: str
    kinds: list[tuple[object, list[SearchHit], bool]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(hits for _kind, hits, _more in self.kinds)


def _capped(query: Select) -> tuple[list, bool]:
    rows = db.session.execute(query.limit(PER_KIND + 1)).all()
    return rows[:PER_KIND], len(rows) > PER_KIND


def _names_like(column, words: list[str]):
    return [column.icontains(word, autoescape=True) for word in words]


def _clients(viewer: User, text: str) -> tuple[list[SearchHit], bool]:
    query = client_matches(visible_clients(viewer), text).with_only_columns(
        Client.id, Client.first_name, Client.last_name, Client.municipality
    )
    rows, more = _capped(query.order_by(Client.last_name, Client.first_name, Client.id))
    page = "trainees.detail" if viewer.role == Role.EMPLOYER else "clients.detail"
    return [
        SearchHit(
            _l("Clients"),
            f"{r.last_name}, {r.first_name}",
            url_for(page, client_id=r.id),
            r.municipality,
        )
        for r in rows
    ], more


def _companies(viewer: User, words: list[str]) -> tuple[list[SearchHit], bool]:
    if viewer.role not in (Role.COACH, Role.ADMIN):
        return [], False
    query = (
        select(Company.id, Company.name, Company.city)
        .where(Company.id.in_(coach_company_ids(viewer)), *_names_like(Company.name, words))
        .order_by(Company.name, Company.id)
    )
    rows, more = _capped(query)
    admin = viewer.role == Role.ADMIN
    return [
        SearchHit(
            _l("Companies"),
            r.name,
            url_for("admin.edit_company", company_id=r.id)
            if admin
            else url_for("clients.index", company=r.id),
            r.city,
        )
        for r in rows
    ], more


def _groups(viewer: User, words: list[str]) -> tuple[list[SearchHit], bool]:
    if viewer.role not in (Role.COACH, Role.ADMIN):
        return [], False
    query = (
        visible_groups(viewer)
        .with_only_columns(Group.id, Group.name, Group.start_date)
        .where(*_names_like(Group.name, words))
        .order_by(Group.start_date.desc(), Group.id.desc())
    )
    rows, more = _capped(query)
    return [
        SearchHit(_l("Groups"), r.name, url_for("groups.detail", group_id=r.id)) for r in rows
    ], more


def search(viewer: User, text: str) -> Results:
    """What ``viewer`` may open that matches ``text``; nothing for a text without words."""
    text = (text or "").strip()[:MAX_QUERY]
    results = Results(text)
    if viewer.role not in SEARCHERS or not query_words(text):
        return results
    # Company and group names are few and matched as typed (accents kept), word by word.
    words = text.split()[:MAX_WORDS]
    for kind, (hits, more) in (
        (_l("Clients"), _clients(viewer, text)),
        (_l("Companies"), _companies(viewer, words)),
        (_l("Groups"), _groups(viewer, words)),
    ):
        results.kinds.append((kind, hits, more))
    by_kind: dict[str, list[SearchHit]] = {}
    for hit in collect("portal_search_results", viewer=viewer, text=text, limit=PER_KIND + 1):
        by_kind.setdefault(str(hit.kind), []).append(hit)
    for kind, hits in by_kind.items():
        results.kinds.append((kind, hits[:PER_KIND], len(hits) > PER_KIND))
    return results
