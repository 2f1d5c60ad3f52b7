"""Attitude Training sessions and attendance for a group."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import get_group_or_404
from portal.app import clock
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.app.rules import RuleError
from portal.groups import services
from portal.groups.forms import AttendanceForm
from portal.models import Attendance, Client, Company, GroupSession, group_members
from portal.pathway.forms import NOT_CHOSEN, SessionForm

bp = Blueprint("groupwork", __name__, url_prefix="/groups/<int:group_id>/sessions")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def new(group_id: int):
    group = get_group_or_404(current_user, group_id)
    form = SessionForm()
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name)).all()
    form.company_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(c.id, c.name) for c in companies],
    ]
    submission = submit_form(
        form,
        lambda: services.add_session(group, form_data(form, services.SessionDetails), current_user),
        success=_("Session added. Mark the attendance next."),
    )
    if submission.saved:
        return redirect(
            url_for("groupwork.attendance", group_id=group.id, session_id=submission.result.id)
        )
    return render_template("groups/session_form.html", group=group, form=form), submission.status


@bp.route("/<int:session_id>", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def attendance(group_id: int, session_id: int):
    """One radio group per member: present, excused or absent; everyone present to begin with.

    A session still in the future offers no form; members left unmarked are saved unmarked.
    """
    group = get_group_or_404(current_user, group_id)
    session = db.session.get(GroupSession, session_id)
    if session is None or session.group_id != group.id:
        abort(404)
    members = list(
        db.session.scalars(
            select(Client)
            .join(group_members, group_members.c.client_id == Client.id)
            .where(group_members.c.group_id == group.id)
            .order_by(Client.last_name, Client.first_name)
        )
    )
    form = AttendanceForm()
    refused: list[RuleError] = []
    status = 200
    if form.is_submitted():
        marks = {m.id: request.form.get(f"client-{m.id}", "") for m in members}
        given = sum(1 for m in members if marks[m.id])

        def save() -> None:
            try:
                services.save_attendance(group, session, members, marks, current_user)
            except RuleError as error:
                refused.append(error)  # shown next to the member's marks
                raise

        submission = submit_form(
            form,
            save,
            record=session,
            success=_("Attendance saved for %(n)d of %(total)d.", n=given, total=len(members)),
        )
        if submission.saved:
            return redirect(url_for("groups.detail", group_id=group.id))
        status = submission.status
        if not refused and form.form_errors:
            refused.append(RuleError(form.form_errors[0]))
    else:
        form.version.data = session.version
    existing = {
        a.client_id: a.status
        for a in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    }
    return render_template(
        "groups/attendance.html",
        group=group,
        session=session,
        members=members,
        marks=services.default_marks(session, members, existing),
        first_time=not existing,
        upcoming=session.on > clock.today(),
        form=form,
        refused=refused[0] if refused else None,
    ), status
