"""Finding and merging duplicate records of a young person (ADR 0056): a young person's likely
duplicates and a search among the viewer's young people, then the two records side by side
with a choice for each detail in which they differ."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField
from wtforms.validators import InputRequired

from portal.access import audit
from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import client_matches, get_client_or_404, visible_client_ids_for
from portal.app.concurrency import CONFLICT, changed_since
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import VersionedForm, remembered_search
from portal.clients import merge_consents, merge_rules
from portal.clients.duplicates import SHOWN, likely_duplicates
from portal.clients.merge import merge as merge_records
from portal.clients.merge_rules import CHOSEN, KEEP, OTHER
from portal.clients.views import bp
from portal.models import Client, User
from portal.privacy.catalog import CORE_TABLES
from portal.privacy.fields import FIELDS

#: The largest version a form can carry (the column's integer).
_MAX_VERSION = 2**31 - 1
#: Words for the codes of the details compared (education, goal, ESF+ answers...).
_WORDS = next(t for t in CORE_TABLES if t.table == "clients").values
_LABELS = {**FIELDS["clients"], "coach_id": _l("Responsible coach")}


@bp.route("/<int:client_id>/duplicates", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def duplicates(client_id: int):
    """The young people likely to be this one (as the intake looks for them), and any the
    viewer searches for: each a way to compare the two and merge them."""
    client = get_client_or_404(current_user, client_id)
    search, moved = remembered_search()
    if moved is not None:
        return moved
    viewer = current_user._get_current_object()
    likely = [
        c
        for c in likely_duplicates(
            viewer,
            client.first_name,
            client.last_name,
            client.birth_year,
            client.email,
            client.phone,
        )
        if c.id != client.id
    ]
    found: list[Client] = []
    if search.q.data:
        query = client_matches(
            select(Client).where(
                Client.id != client.id, Client.id.in_(visible_client_ids_for(viewer, Client.id))
            ),
            search.q.data,
        )
        found = list(
            db.session.scalars(
                query.order_by(Client.last_name, Client.first_name, Client.id).limit(SHOWN)
            )
        )
    for shown in {c.id for c in (*likely, *found)}:
        audit.read(shown, "client.duplicate", shown)
    return render_template(
        "clients/duplicates.html", client=client, likely=likely, found=found, search=search
    )


class MergeForm(VersionedForm):
    """The choices of the details that differ (added per page), with both records' versions."""

    other_version = HiddenField()
    submit = SubmitField(_l("Merge the records"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        raw = (self.other_version.data or "").strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 10 and int(raw) <= _MAX_VERSION):
            self.form_errors.append(
                _(
                    "The form was incomplete or out of date, so nothing was saved. Open the "
                    "page again and send the form from there."
                )
            )
            return False
        return valid


@dataclass(frozen=True)
class Row:
    """One detail of the two records, as the page shows it."""

    name: str
    label: Any
    kept: str
    other: str
    differs: bool


def _shown(client: Client, name: str, coaches: dict[int, str]) -> str:
    value = getattr(client, name)
    if name == "coach_id":
        value = coaches.get(value, "") if value else ""
    elif isinstance(value, bool):
        return _("Yes") if value else _("No")
    elif isinstance(value, date):
        return format_date(value)
    elif name in _WORDS and value:
        value = _WORDS[name].get(value, value)
    return str(value) if value not in (None, "") else _("(empty)")


def compared(keep: Client, other: Client) -> list[Row]:
    """Every detail chosen field by field, of both records (the coaches' names in one
    statement)."""
    ids = {c.coach_id for c in (keep, other) if c.coach_id}
    coaches = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())
    differing = set(merge_rules.differing(keep, other))
    return [
        Row(
            name,
            _LABELS[name],
            _shown(keep, name, coaches),
            _shown(other, name, coaches),
            name in differing,
        )
        for name in CHOSEN
    ]


def merge_form(keep: Client, other: Client, rows: list[Row]) -> MergeForm:
    """The form with a choice for each detail that differs, the record kept's value first."""

    class Form(MergeForm):
        pass

    for row in rows:
        if row.differs:
            choices = [
                SelectChoice(KEEP, _("%(value)s (the record kept)", value=row.kept)),
                SelectChoice(OTHER, _("%(value)s (the other record)", value=row.other)),
            ]
            field = RadioField(
                row.label, choices=choices, default=KEEP, validators=[InputRequired()]
            )
            setattr(Form, row.name, field)
    form = Form()
    if not form.is_submitted():
        form.version.data, form.other_version.data = keep.version, other.version
    return form


def _already_merged(keep: Client, other_id: int):
    """When ``other_id`` has been merged into ``keep`` already (a form sent twice, or by two
    people), the answer: to the record kept, saying so."""
    merged = db.session.scalar(
        select(Client.id).where(Client.id == other_id, Client.merged_into_id == keep.id)
    )
    if merged is None:
        return None
    flash(_("The two records have been merged already."), "info")
    return redirect(url_for("clients.detail", client_id=keep.id))


@bp.route("/<int:client_id>/merge/<int:other_id>", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def merge(client_id: int, other_id: int):
    """The two records side by side; merging moves everything of the other into this one."""
    if client_id == other_id:
        abort(404)
    keep = get_client_or_404(current_user, client_id)
    if (done := _already_merged(keep, other_id)) is not None:
        return done
    other = get_client_or_404(current_user, other_id)
    viewer = current_user._get_current_object()
    rows = compared(keep, other)
    form = merge_form(keep, other, rows)
    status = 200
    sent = (form.other_version.data or "").strip() if form.is_submitted() else ""
    if sent.isdigit() and changed_since(other, sent):
        status = CONFLICT  # the other record changed since the page was shown
    else:
        choices = {row.name: getattr(form, row.name).data for row in rows if row.differs}
        submission = submit_form(
            form,
            lambda: merge_records(keep, other, choices, viewer),
            record=keep,
            success=_("The records were merged into one."),
        )
        if submission.saved:
            return redirect(url_for("clients.detail", client_id=keep.id))
        status = submission.status
    if form.is_submitted():
        form.version.data, form.other_version.data = keep.version, other.version
    return render_template(
        "clients/merge.html",
        keep=keep,
        other=other,
        rows=rows,
        form=form,
        problems=merge_rules.refusals(keep, other, viewer),
        moving=merge_rules.rows_moving(other, merge_rules.sees_sensitive(viewer, keep, other)),
        consents=merge_consents.moving(keep, other),
    ), status
