"""Coaching groups: phase dates, coaches and members."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access.permissions import roles_required
from portal.access.scoping import get_group_or_404, visible_clients, visible_groups
from portal.app import clock
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.app.pagination import paginate
from portal.groups import services
from portal.groups.forms import GroupForm, MembersForm
from portal.groups.rules import length_is_unusual, size_is_unusual
from portal.models import Attendance, AttendanceStatus, Client, Group, GroupSession, Role, User

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


@bp.route("/new", methods=["GET", "POST"])
@roles_required("coach", "admin")
def new():
    form = _group_form()
    submission = submit_form(
        form,
        lambda: services.create_group(form_data(form, services.GroupDetails), current_user),
        rejected_status=200,
    )
    if submission.saved:
        group = submission.result
        flash(_("Group %(name)s created.", name=group.name), "success")
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None), submission.status


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
    return render_template(
        "groups/detail.html",
        group=group,
        sessions=sessions,
        warnings=warnings,
        today=clock.today(),
    )


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@roles_required("coach", "admin")
def edit(group_id: int):
    group = _load(group_id)
    form = _group_form(group)
    submission = submit_form(
        form,
        lambda: services.update_group(group, form_data(form, services.GroupDetails), current_user),
        record=group,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=group), submission.status


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
    submission = submit_form(
        form,
        lambda: services.set_members(
            group,
            list(candidates),
            form.client_ids.data,
            (form.exception_reason.data or "").strip(),
            current_user,
        ),
        record=group,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/members.html", form=form, group=group), submission.status
