"""Coaching groups: phase dates, coaches and members."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access import audit
from portal.access.permissions import roles_required
from portal.access.scoping import get_group_or_404, visible_clients, visible_groups
from portal.app.concurrency import CONFLICT, save_edit
from portal.app.extensions import db
from portal.app.pagination import paginate
from portal.groups.forms import GroupForm, MembersForm
from portal.groups.rules import length_is_unusual, size_is_unusual
from portal.models import Attendance, AttendanceStatus, Client, Group, GroupSession, Role, User
from portal.models.base import utcnow

bp = Blueprint("groups", __name__, url_prefix="/groups")


@bp.route("/")
@roles_required("coach", "admin")
def index():
    query = (
        visible_groups(current_user)
        .options(selectinload(Group.coaches))
        .order_by(Group.start_date.desc(), Group.id.desc())
    )
    pagination = paginate(query)
    return render_template("groups/index.html", pagination=pagination)


def _group_form(group: Group | None = None) -> GroupForm:
    form = GroupForm(obj=group)
    coaches = db.session.execute(
        select(User.id, User.name)
        .where(User.role == Role.COACH, User.active.is_(True))
        .order_by(User.name)
    ).all()
    form.coach_ids.choices = [SelectChoice(c.id, c.name) for c in coaches]
    if request.method == "GET":
        if group is not None:
            form.coach_ids.data = [c.id for c in group.coaches]
        elif current_user.role == Role.COACH:
            form.coach_ids.data = [current_user.id]
    return form


def _save_group(group: Group, form: GroupForm) -> None:
    group.name = form.name.data.strip()
    group.start_date = form.start_date.data
    group.end_date = form.end_date.data
    group.exception_reason = (form.exception_reason.data or "").strip()
    group.coaches = list(db.session.scalars(select(User).where(User.id.in_(form.coach_ids.data))))


@bp.route("/new", methods=["GET", "POST"])
@roles_required("coach", "admin")
def new():
    form = _group_form()
    if form.validate_on_submit():
        group = Group()
        _save_group(group, form)
        db.session.add(group)
        db.session.flush()
        audit.record("group.create", object_type="group", object_id=group.id)
        db.session.commit()
        flash(_("Group %(name)s created.", name=group.name), "success")
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None)


def _load(group_id: int) -> Group:
    group = get_group_or_404(current_user, group_id)
    db.session.scalars(
        select(Group)
        .where(Group.id == group.id)
        .options(selectinload(Group.coaches), selectinload(Group.members))
    ).one()
    return group


@bp.route("/<int:group_id>")
@roles_required("coach", "admin")
def detail(group_id: int):
    group = _load(group_id)
    sessions = db.session.execute(
        select(
            GroupSession,
            func.count(Attendance.id).filter(Attendance.status == AttendanceStatus.PRESENT),
            func.count(Attendance.id).filter(Attendance.status == AttendanceStatus.ABSENT),
        )
        .outerjoin(Attendance, Attendance.session_id == GroupSession.id)
        .where(GroupSession.group_id == group.id)
        .group_by(GroupSession.id)
        .order_by(GroupSession.on)
    ).all()
    warnings = []
    if size_is_unusual(len(group.members)):
        warnings.append(
            _("The group has %(n)d members; groups usually have 8-15.", n=len(group.members))
        )
    if length_is_unusual(group.start_date, group.end_date):
        warnings.append(_("Attitude Training usually lasts 1-2 weeks."))
    return render_template("groups/detail.html", group=group, sessions=sessions, warnings=warnings)


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@roles_required("coach", "admin")
def edit(group_id: int):
    group = _load(group_id)
    form = _group_form(group)
    status = 200
    if form.validate_on_submit():

        def apply() -> None:
            _save_group(group, form)
            audit.record("group.update", object_type="group", object_id=group.id)

        if save_edit(group, form.version.data, apply):
            return redirect(url_for("groups.detail", group_id=group.id))
        status = CONFLICT
    form.version.data = group.version
    return render_template("groups/form.html", form=form, group=group), status


@bp.route("/<int:group_id>/members", methods=["GET", "POST"])
@roles_required("coach", "admin")
def members(group_id: int):
    group = _load(group_id)
    candidates = db.session.scalars(
        visible_clients(current_user).order_by(Client.last_name, Client.first_name)
    ).all()
    form = MembersForm()
    form.client_ids.choices = [
        SelectChoice(c.id, f"{c.last_name}, {c.first_name} ({c.birth_year})") for c in candidates
    ]
    if request.method == "GET":
        form.client_ids.data = [m.id for m in group.members]
    status = 200
    if form.validate_on_submit():

        def apply() -> None:
            allowed = {c.id: c for c in candidates}
            # Members the viewer cannot see (another coach's clients) stay as they are.
            hidden = [m for m in group.members if m.id not in allowed]
            group.members = hidden + [allowed[i] for i in form.client_ids.data if i in allowed]
            group.updated_at = utcnow()  # membership is part of the group's version
            if form.exception_reason.data:
                group.exception_reason = form.exception_reason.data.strip()
            audit.record("group.members", object_type="group", object_id=group.id)

        if save_edit(group, form.version.data, apply):
            return redirect(url_for("groups.detail", group_id=group.id))
        status = CONFLICT
    form.version.data = group.version
    return render_template("groups/members.html", form=form, group=group), status
