"""Attitude Training sessions and attendance for a group."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from portal.access import audit
from portal.access.permissions import roles_required
from portal.access.scoping import get_group_or_404
from portal.app.extensions import db
from portal.app.forms import ConfirmForm
from portal.models import (
    Attendance,
    AttendanceStatus,
    Client,
    Company,
    GroupSession,
    group_members,
)
from portal.pathway.forms import ATTENDANCE_LABELS, NOT_CHOSEN, SessionForm

bp = Blueprint("groupwork", __name__, url_prefix="/groups/<int:group_id>/sessions")


@bp.route("/new", methods=["GET", "POST"])
@roles_required("coach", "admin")
def new(group_id: int):
    group = get_group_or_404(current_user, group_id)
    form = SessionForm()
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name)).all()
    form.company_id.choices = [
        SelectChoice(0, NOT_CHOSEN),
        *[SelectChoice(c.id, c.name) for c in companies],
    ]
    if form.validate_on_submit():
        session = GroupSession(
            group_id=group.id,
            on=form.on.data,
            topic=form.topic.data,
            title=form.title.data.strip(),
            company_id=form.company_id.data or None,
        )
        db.session.add(session)
        db.session.flush()
        audit.record("group.session", object_type="group", object_id=group.id)
        db.session.commit()
        flash(_("Session added. Mark the attendance next."), "success")
        return redirect(url_for("groupwork.attendance", group_id=group.id, session_id=session.id))
    return render_template("groups/session_form.html", group=group, form=form), (
        400 if request.method == "POST" else 200
    )


@bp.route("/<int:session_id>", methods=["GET", "POST"])
@roles_required("coach", "admin")
def attendance(group_id: int, session_id: int):
    """One radio group per member: present, excused or absent."""
    group = get_group_or_404(current_user, group_id)
    session = db.session.get(GroupSession, session_id)
    if session is None or session.group_id != group.id:
        abort(404)
    members = db.session.scalars(
        select(Client)
        .join(group_members, group_members.c.client_id == Client.id)
        .where(group_members.c.group_id == group.id)
        .order_by(Client.last_name, Client.first_name)
    ).all()
    existing = {
        a.client_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.session_id == session.id))
    }
    form = ConfirmForm()
    errors = []
    if form.validate_on_submit():
        allowed = {s.value for s in AttendanceStatus}
        marks = {m.id: request.form.get(f"client-{m.id}", "") for m in members}
        errors = [m for m in members if marks[m.id] not in allowed]
        if not errors:
            for member in members:
                row = existing.get(member.id) or Attendance(
                    session_id=session.id, client_id=member.id
                )
                row.status = marks[member.id]
                db.session.add(row)
            audit.record("group.attendance", object_type="group", object_id=group.id)
            db.session.commit()
            flash(_("Attendance saved."), "success")
            return redirect(url_for("groups.detail", group_id=group.id))
    return render_template(
        "groups/attendance.html",
        group=group,
        session=session,
        members=members,
        existing=existing,
        form=form,
        errors=errors,
        labels=ATTENDANCE_LABELS,
    ), 400 if errors else 200
