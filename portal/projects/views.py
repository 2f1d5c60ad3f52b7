"""Projects: the admin's list and new project, each project's settings and people (its
project manager may edit them too), and the organisation's name."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access.permissions import roles_required
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.models import DEFAULT_REMIND_DAYS, DEFAULT_TARGETS, Company, Project, Role, User
from portal.projects import services
from portal.projects.forms import OrganisationForm, ProjectForm, ProjectPeopleForm

bp = Blueprint("projects", __name__, url_prefix="/projects")

MANAGERS = ("admin", "project_manager")


def _project_or_404(project_id: int, *options) -> Project:
    """The project, for its admin or its own project manager; any other id answers 404.
    A project this request has loaded already (the old settings address) is not read again."""
    project = db.session.get(Project, project_id, options=options)
    if project is None or (
        current_user.role == Role.PROJECT_MANAGER and project.id != current_user.project_id
    ):
        abort(404)
    return project


@bp.route("/")
@roles_required(*MANAGERS)
def index():
    if current_user.role == Role.PROJECT_MANAGER:
        return redirect(url_for("projects.edit", project_id=current_user.project_id or 0))
    projects = db.session.scalars(
        select(Project).order_by(Project.period_end.desc(), Project.name, Project.id)
    ).all()
    organisation = services.default_organisation()
    return render_template("projects/index.html", projects=projects, organisation=organisation)


@bp.route("/new", methods=["GET", "POST"])
@roles_required("admin")
def new():
    form = ProjectForm(data={**DEFAULT_TARGETS, "quality_remind_days": DEFAULT_REMIND_DAYS})
    submission = submit_form(
        form,
        lambda: services.create_project(
            form_data(form, services.ProjectDetails), current_user._get_current_object()
        ),
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("projects.people", project_id=submission.result.id))
    return render_template("projects/form.html", form=form, project=None), submission.status


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def edit(project_id: int):
    project = _project_or_404(project_id)
    form = ProjectForm(obj=project)
    submission = submit_form(
        form,
        lambda: services.update_project(
            project, form_data(form, services.ProjectDetails), current_user
        ),
        record=project,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("projects.edit", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project), submission.status


@bp.route("/<int:project_id>/people", methods=["GET", "POST"])
@roles_required(*MANAGERS)
def people(project_id: int):
    project = _project_or_404(
        project_id, selectinload(Project.coaches), selectinload(Project.companies)
    )
    form = ProjectPeopleForm(obj=project)
    form.coach_ids.choices = [
        SelectChoice(u.id, u.name)
        for u in db.session.execute(
            select(User.id, User.name)
            .where(User.role == Role.COACH, User.active.is_(True))
            .order_by(User.name, User.id)
        )
    ]
    form.company_ids.choices = [
        SelectChoice(c.id, c.name)
        for c in db.session.execute(
            select(Company.id, Company.name).order_by(Company.name, Company.id)
        )
    ]
    if not form.is_submitted():
        form.coach_ids.data = [u.id for u in project.coaches]
        form.company_ids.data = [c.id for c in project.companies]
    submission = submit_form(
        form,
        lambda: services.set_people(
            project, form.coach_ids.data or [], form.company_ids.data or [], current_user
        ),
        record=project,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("projects.people", project_id=project.id))
    return render_template("projects/people.html", form=form, project=project), submission.status


@bp.route("/organisation", methods=["GET", "POST"])
@roles_required("admin")
def organisation():
    current = services.default_organisation()
    # the saved name only on the page: a post without the field is refused, not saved as is
    form = OrganisationForm(obj=current if request.method == "GET" else None)
    submission = submit_form(
        form,
        lambda: services.rename_organisation(current, form.name.data.strip(), current_user),
        success=_("Changes saved."),
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("projects.index"))
    return render_template("projects/organisation.html", form=form), submission.status
