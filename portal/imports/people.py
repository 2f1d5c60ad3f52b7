"""Checking young people to import, each exactly as the intake form checks one typed in: the
form that ``client_form`` gives (its fields, lengths, year range and choices), the intake
service's rules (the project, the coach, the entry date, an enrolment that still runs), and
the likely duplicates the intake asks about (``portal.clients.duplicates``), among those
already in Polku and among the file's own rows. Nothing is written here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from portal.app import clock
from portal.app.forms import form_data
from portal.app.rules import RuleError
from portal.auth.accounts import normalise_email
from portal.clients.duplicates import likely_duplicates
from portal.clients.forms import ClientForm
from portal.clients.intake_form import client_form
from portal.clients.services import ClientDetails
from portal.imports.rows import Row
from portal.models import Client, Education, EmploymentStatus, Goal, User
from portal.pathway import date_rules
from portal.projects import enrolment
from portal.projects import services as projects
from portal.search.keys import fold, phone_digits

#: What an empty cell (or a request that leaves a field out) is taken to be: as a new young
#: person's record has it, and as the API's referral takes it.
DEFAULTS = {
    "highest_education": Education.BASIC.value,
    "goal": Goal.UNCLEAR.value,
    "employment_status": EmploymentStatus.UNKNOWN.value,
}


class IntakeForms:
    """The intake form for each row, with the choices ``client_form`` gives the viewer (read
    once for the whole file rather than once a row). As the API's referral, without the
    group: a file's group is chosen once, for every row."""

    def __init__(self) -> None:
        self.template = client_form(groups=False, formdata=None, meta={"csrf": False})

    def form(self, formdata: MultiDict) -> ClientForm:
        form = ClientForm(formdata=formdata, meta={"csrf": False})
        del form.group_id
        form.coach_id.choices = self.template.coach_id.choices
        if "project_id" in self.template:
            form.project_id.choices = self.template.project_id.choices
        else:
            del form.project_id
        return form


def formdata(cells: dict[str, str], chosen: dict[str, Any]) -> MultiDict:
    """A row's converted cells as the form would be sent, with the upload's choices (project,
    coach) and what an empty cell is taken to be."""
    sent: dict[str, Any] = {"entry_date": clock.today().isoformat(), **DEFAULTS}
    sent.update({name: value for name, value in cells.items() if value != ""})
    sent.update({name: value for name, value in chosen.items() if value})
    return MultiDict({name: str(value) for name, value in sent.items() if value != ""})


def check_people(
    viewer: User,
    entries: list[tuple[Row, MultiDict]],
    confirmed: Callable[[Row], bool] = lambda row: False,
) -> list[Row]:
    """Check each row (with the form data it is sent as) and find its likely duplicates; a
    row ``confirmed`` as someone else (the API's ``confirm_new``) is not looked up."""
    forms = IntakeForms()
    rules = _Rules(viewer)
    valid: list[Row] = []
    for row, sent in entries:
        form = forms.form(sent)
        if not form.validate():
            row.errors += [
                (name, message)
                for name, messages in form.errors.items()
                if not any(name == seen for seen, _ in row.errors)  # the cell's own error
                for message in messages
            ]
        if row.errors:
            continue
        row.details = form_data(form, ClientDetails)
        row.project_id = form.project_id.data if "project_id" in form else None
        try:
            rules.check(row)
        except RuleError as refused:
            row.errors.append((refused.field or "", refused.message))
            continue
        valid.append(row)
    _within(valid, confirmed)
    for row in valid:
        if row.errors or confirmed(row):
            continue
        d = row.details
        found = likely_duplicates(viewer, d.first_name, d.last_name, d.birth_year, d.email, d.phone)
        row.duplicates = [client.id for client in found]
    return [row for row, _ in entries]


class _Rules:
    """The intake service's rules for one row, without writing (``add_client`` runs them
    again when the rows are saved); the project and the coach checked once per pair."""

    def __init__(self, viewer: User) -> None:
        self.viewer = viewer
        self.projects: dict[int | None, int] = {}
        self.coaches: set[tuple[int | None, int]] = set()

    def check(self, row: Row) -> None:
        details: ClientDetails = row.details
        if row.project_id not in self.projects:
            self.projects[row.project_id] = projects.project_for_new(self.viewer, row.project_id)
        project_id = self.projects[row.project_id]
        if (details.coach_id, project_id) not in self.coaches:
            projects.check_coach_in_project(details.coach_id, project_id)
            self.coaches.add((details.coach_id, project_id))
        date_rules.entry_date(details.birth_year, details.entry_date, clock.today())
        enrolment.enrolment_to_follow(_unsaved(details, project_id))


def _unsaved(details: ClientDetails, project_id: int) -> Client:
    """The young person as the intake would make them, never added to the session."""
    return Client(
        project_id=project_id,
        first_name=details.first_name,
        last_name=details.last_name,
        birth_year=details.birth_year,
        email=normalise_email(details.email),
        phone=details.phone,
    )


def _first_word(name: str) -> str:
    """A name's first word, folded, as the likely duplicates compare it."""
    words = fold(name).replace("-", " ").split()
    return "".join(c for c in words[0] if c.isalnum()) if words else ""


def _keys(details: ClientDetails) -> set[tuple[str, ...]]:
    """What makes two rows likely the same young person, as ``likely_duplicates`` has it: the
    folded first and last name with the year of birth, the email, the phone number."""
    keys: set[tuple[str, ...]] = set()
    first, last = _first_word(details.first_name), _first_word(details.last_name)
    if first and last:
        keys.add(("name", first, last, str(details.birth_year)))
    if details.email.strip():
        keys.add(("email", fold(details.email).strip()))
    keys |= {("phone", d) for d in phone_digits(details.phone) if len(d) >= 6}
    return keys


def _within(rows: list[Row], confirmed: Callable[[Row], bool]) -> None:
    """Rows of one file that are likely the same young person: the later ones name the
    earlier; one that is certainly the same (``enrolment.same_person``) is an error, since
    nobody can be enrolled twice."""
    seen: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        earlier: dict[int, Row] = {}
        for key in _keys(row.details):
            for other in seen.get(key, []):
                earlier[other.number] = other
            seen.setdefault(key, []).append(row)
        twin = next(
            (o for o in earlier.values() if enrolment.same_person(o.details, row.details)), None
        )
        if twin is not None:
            row.errors.append(("", _l("The same young person as row %(row)s.", row=twin.number)))
        elif earlier and not confirmed(row):
            row.same_as = sorted(earlier)
