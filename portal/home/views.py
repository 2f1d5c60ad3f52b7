"""Start pages, the language switch, the accessibility statement and the health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from portal.access.permissions import public, signed_in_required
from portal.access.scoping import (
    employer_placements_by_start,
    visible_client_parts,
    visible_groups,
)
from portal.app.editing import submit_form
from portal.app.extensions import db, limiter
from portal.app.listing import count_up_to, first_rows
from portal.app.security import safe_next
from portal.auth.forms import AccessibilityFeedbackForm, LanguageForm
from portal.auth.services import remember_language
from portal.home.feedback import send_feedback
from portal.home.queue import supervisor_queue
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.models import (
    Client,
    Company,
    Group,
    Placement,
    Role,
    User,
)
from portal.mypath.views import render_path
from portal.projects.views import edit as edit_project

bp = Blueprint("main", __name__)

#: Start pages count clients up to this many, then say "more than": a count of everyone would
#: cost what the table has on every visit.
CLIENTS_COUNTED = 1000


@bp.route("/")
@signed_in_required
def index():
    if current_user.role == Role.PROJECT_MANAGER:  # their project is their start page
        return edit_project(current_user.project_id or 0)
    items = collect("portal_dashboard_widgets", user=current_user)
    if current_user.role == Role.CLIENT:  # their cards are each a tap away on their own page
        return render_path(items)
    widgets = render_items(items)
    page = {
        Role.ADMIN: _admin_start,
        Role.COACH: _coach_start,
        Role.EMPLOYER: _employer_start,
        Role.TEACHER: _teacher_start,
    }[Role(current_user.role)]
    return page(widgets)


def _admin_start(widgets):
    users_by_role = dict(
        db.session.execute(
            select(User.role, func.count()).where(User.active.is_(True)).group_by(User.role)
        ).all()
    )
    counts = {
        "clients": count_up_to(
            select(Client).where(Client.merged_into_id.is_(None)), Client.id, CLIENTS_COUNTED + 1
        ),
        "companies": db.session.scalar(select(func.count(Company.id))),
        "groups": db.session.scalar(select(func.count(Group.id))),
    }
    return render_template(
        "main/admin_start.html",
        users_by_role=users_by_role,
        counts=counts,
        counted=CLIENTS_COUNTED,
        widgets=widgets,
    )


def _coach_start(widgets):
    newest = (Group.start_date.desc(), Group.id.desc())
    groups = db.session.scalars(
        first_rows(visible_groups(current_user), Group.id, newest, 10)
    ).all()
    latest = (Client.updated_at.desc(), Client.id.desc())
    clients = db.session.scalars(
        first_rows(visible_client_parts(current_user), Client.id, latest, 10)
    ).all()
    everyone = visible_client_parts(current_user, counting=True)
    client_total = count_up_to(everyone, Client.id, CLIENTS_COUNTED + 1)
    return render_template(
        "main/coach_start.html",
        groups=groups,
        clients=clients,
        client_total=client_total,
        counted=CLIENTS_COUNTED,
        widgets=widgets,
    )


def _employer_start(widgets):
    placements = db.session.scalars(
        employer_placements_by_start(current_user)
        .options(selectinload(Placement.client), selectinload(Placement.supervisor))
        # ties in the order the placements were made, as before the start-date index
        .order_by(Placement.start_date.desc(), Placement.id)
        .limit(50)
    ).all()
    company = db.session.get(Company, current_user.company_id) if current_user.company_id else None
    return render_template(
        "main/employer_start.html",
        placements=placements,
        company=company,
        widgets=widgets,
        queue=supervisor_queue(current_user),
    )


def _teacher_start(widgets):
    """A teacher sees only what plugins offer them (the recognition of their students)."""
    return render_template("main/teacher_start.html", widgets=widgets)


@bp.route("/language", methods=["POST"])
@public
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            remember_language(current_user, form.lang.data)
    return redirect(safe_next(form.next.data))


# The address where Finnish accessibility statements are looked for (Act 306/2019 practice);
# links and the feedback form use /accessibility.
@bp.route("/saavutettavuusseloste")
@bp.route("/accessibility", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def accessibility():
    form = AccessibilityFeedbackForm()
    submission = submit_form(
        form,
        lambda: send_feedback((form.message.data or "").strip(), (form.contact.data or "").strip()),
        success=_("Thank you. Your feedback has been sent to the project."),
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("main.accessibility"))
    return render_template(
        "main/accessibility.html",
        form=form,
        contact=current_app.config.get("ACCESSIBILITY_CONTACT", ""),
    ), submission.status


@bp.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError:
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status
