"""Coaching groups: phase dates, coaches and members."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.pickers import coach_choice_list
from portal.access.scoping import get_group_or_404, visible_groups
from portal.app import clock
from portal.app.choices import load
from portal.app.confirm import confirmation_page
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import form_data, remembered_search
from portal.app.listing import ListFilter, keyset_page
from portal.groups import picker, services
from portal.groups.forms import GroupForm, MembersForm
from portal.groups.picker import picked_ids
from portal.groups.rules import length_is_unusual, size_is_unusual
from portal.models import (
    Attendance,
    AttendanceStatus,
    Group,
    GroupSession,
    Role,
    User,
    group_coaches,
)
from portal.projects.services import projects_to_choose

bp = Blueprint("groups", __name__, url_prefix="/groups")

GROUP_SORTS = {"name": (Group.name,), "start": (Group.start_date,), "end": (Group.end_date,)}
GROUP_FILTERS = (
    ListFilter(
        "coach",
        lambda q, v: q.where(
            Group.id.in_(select(group_coaches.c.group_id).where(group_coaches.c.user_id == v))
        ),
        integer=True,
    ),
)


@bp.route("/")
@roles_required(*CASEWORKERS)
def index():
    page = keyset_page(
        visible_groups(current_user),
        Group.id,
        GROUP_SORTS,
        "-start",
        GROUP_FILTERS,
        options=[selectinload(Group.coaches)],
    )
    coaches = db.session.execute(
        select(User.id, User.name).where(User.role == Role.COACH).order_by(User.name, User.id)
    ).all()
    return render_template("groups/index.html", page=page, coaches=[tuple(c) for c in coaches])


def _group_form(group: Group | None = None) -> GroupForm:
    form = GroupForm(obj=group)
    project_list = projects_to_choose(current_user) if group is None else None
    coaches, *rest = load(coach_choice_list(), *([project_list] if project_list else []))
    form.coach_ids.choices = [SelectChoice(c.id, c.name) for c in coaches]
    projects = rest[0] if rest else []
    if len(projects) > 1:
        form.project_id.choices = [SelectChoice(p.id, p.name) for p in projects]
    else:
        del form.project_id  # the only project, or fixed once created
    if request.method == "GET":
        if group is not None:
            form.coach_ids.data = [c.id for c in group.coaches]
        elif current_user.role == Role.COACH:
            form.coach_ids.data = [current_user.id]
    return form


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def new():
    form = _group_form()
    submission = submit_form(
        form,
        lambda: services.create_group(
            form_data(form, services.GroupDetails),
            current_user,
            form.project_id.data if "project_id" in form else None,
        ),
        rejected_status=200,
    )
    if submission.saved:
        group = submission.result
        flash(_("Group %(name)s created.", name=group.name), "success")
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template("groups/form.html", form=form, group=None), submission.status


def _load(group_id: int) -> Group:
    return get_group_or_404(
        current_user, group_id, selectinload(Group.coaches), selectinload(Group.members)
    )


@bp.route("/<int:group_id>")
@roles_required(*CASEWORKERS)
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
@roles_required(*CASEWORKERS)
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


@bp.route("/<int:group_id>/members/find", methods=["POST"])
@roles_required(*CASEWORKERS)
def find_members(group_id: int):
    """The members page's search, kept in the session for that page (its own address, so
    that the page's one form posting to the page is the members form)."""
    group = get_group_or_404(current_user, group_id)
    _, moved = remembered_search("groups.members")
    return moved or redirect(url_for("groups.members", group_id=group.id))


@bp.route("/<int:group_id>/members", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def members(group_id: int):
    """Members are kept or removed one checkbox each; new ones are found by a search (never
    a list of every client) and added by ticking them."""
    search, moved = remembered_search()
    if moved is not None:
        return moved
    group = _load(group_id)
    current = [m.id for m in group.members]
    kept, added = picked_ids("client_ids"), picked_ids("add_ids")
    removed = len(set(current) - set(kept)) if request.method == "POST" else 0
    asked = removed and confirmation_page(
        ngettext(
            "Remove %(num)d member from the group?",
            "Remove %(num)d members from the group?",
            removed,
        ),
        _("Remove and save"),
        _("Unticked members leave the group; their records are kept."),
    )
    if asked:
        return asked
    found = []
    if request.method == "GET":
        found = picker.find(current_user, search.q.data or "", exclude=current)
        kept, added = current, [c.id for c in found]
    candidates = picker.visible_among(current_user, list({*current, *kept, *added}))
    form = MembersForm()
    listed = {*current, *kept}
    form.client_ids.choices = [picker.choice(c) for c in candidates if c.id in listed]
    form.add_ids.choices = [picker.choice(c) for c in candidates if c.id in added]
    if request.method == "GET":
        form.client_ids.data = [c.id for c in candidates if c.id in current]
    submission = submit_form(
        form,
        lambda: services.set_members(
            group,
            candidates,
            list(dict.fromkeys([*form.client_ids.data, *(form.add_ids.data or [])])),
            (form.exception_reason.data or "").strip(),
            current_user,
        ),
        record=group,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("groups.detail", group_id=group.id))
    return render_template(
        "groups/members.html", form=form, group=group, search=search
    ), submission.status
