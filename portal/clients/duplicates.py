"""Likely duplicates of a young person about to be added: the same person typed again, found
before a second record is made (the intake form and the API ask first).

Likely means the same first and last name (accents folded, case ignored) and year of birth, or
the same email address, or the same phone number (with or without the country code). Each is
a probe of the search words' index (``client_search_terms``), and only young people the viewer
may see are offered: another coach's are not revealed by a near miss.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, select, union

from portal.access import audit
from portal.access.scoping import visible_client_ids_for
from portal.app.extensions import db
from portal.models import Client, ClientSearchTerm, User
from portal.search.keys import fold, phone_digits

#: At most this many are offered.
SHOWN = 10
#: A number shorter than this says too little to be a person's.
MIN_PHONE_DIGITS = 6


def _first_word(name: str) -> str:
    words = fold(name).replace("-", " ").split()
    return "".join(c for c in words[0] if c.isalnum()) if words else ""


def _with_term(term: str) -> Select:
    return select(ClientSearchTerm.client_id).where(ClientSearchTerm.term == term)


def _same_name(first_name: str, last_name: str, birth_year: int | None) -> Select | None:
    first, last = _first_word(first_name), _first_word(last_name)
    if not first or not last or birth_year is None:
        return None
    return select(Client.id).where(
        Client.birth_year == birth_year,
        Client.id.in_(_with_term(last)),
        Client.id.in_(_with_term(first)),
    )


#: The form's checkbox (and the API's field) by which the person adding says it is someone else.
CONFIRMED = "confirm_new"


def likely_duplicates(
    viewer: User, first_name: str, last_name: str, birth_year: int | None, email: str, phone: str
) -> list[Client]:
    """The young people the viewer may see who are likely the one about to be added, the
    latest entered first."""
    same_name = _same_name(first_name, last_name, birth_year)
    probes = [same_name] if same_name is not None else []
    if email.strip():
        probes.append(_with_term(fold(email).strip()))
    digits = {d for d in phone_digits(phone) if len(d) >= MIN_PHONE_DIGITS}
    if digits:
        probes.append(select(ClientSearchTerm.client_id).where(ClientSearchTerm.term.in_(digits)))
    if not probes:
        return []
    found = (union(*probes) if len(probes) > 1 else probes[0]).subquery()
    return list(
        db.session.scalars(
            select(Client)
            .where(
                and_(
                    Client.id.in_(select(found.c[0])),
                    Client.id.in_(visible_client_ids_for(viewer, Client.id)),
                )
            )
            .order_by(Client.entry_date.desc(), Client.id.desc())
            .limit(SHOWN)
        )
    )


def of_form(viewer: User, form: Any) -> list[Client]:
    """:func:`likely_duplicates` of the young person a filled intake form describes, to be
    shown: each one found is a read of their data, written to the audit trail."""
    found = likely_duplicates(
        viewer,
        form.first_name.data or "",
        form.last_name.data or "",
        form.birth_year.data,
        form.email.data or "",
        form.phone.data or "",
    )
    for client in found:
        audit.read(client.id, "client.duplicate", client.id)
    return found
