"""Saving the ESF+ participant data at entry: the ordinary answers on the client, the
special-category ones beside the other sensitive data (``client_sensitive``)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, ClientSensitive, User
from portal.models.esf import SENSITIVE_ANSWERS as SENSITIVE

#: The answers stored on ``clients``.
CLIENT_ANSWERS = ("gender", "employment_status", "isced_level", "rural_area")


@dataclass
class EntryDetails:
    """The answers of :class:`portal.esf.forms.EsfEntryForm` ("" = not asked yet)."""

    gender: str = ""
    employment_status: str = ""
    isced_level: str = ""
    rural_area: str = ""
    disability: str = ""
    third_country_national: str = ""
    foreign_background: str = ""
    minority: str = ""
    homeless: str = ""


def save_entry(client: Client, record: ClientSensitive, details: EntryDetails, actor: User) -> None:
    """Apply the answers (the caller checks the client's version and commits)."""
    if db.session.get(ClientSensitive, client.id) is None:
        db.session.add(record)
    for name in CLIENT_ANSWERS:
        setattr(client, name, getattr(details, name) or "")
    for name in SENSITIVE:
        setattr(record, name, getattr(details, name) or "")
    client.esf_asked_at = clock.utcnow()  # also bumps the version: concurrent edits clash
    audit.record(
        "esf_entry.update",
        actor=actor,
        client_id=client.id,
        object_type="client",
        object_id=client.id,
    )
