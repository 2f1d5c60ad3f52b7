"""The project manager's pages: users, partner companies, outbox, feedback, audit, plugins."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access import audit
from portal.access.access_log import before_key, readings
from portal.access.permissions import roles_required
from portal.access.scoping import get_client_or_404
from portal.admin import outbox as outbox_service
from portal.admin import services
from portal.admin.forms import LOCALE_CHOICES, CompanyCoachForm, CompanyForm, UserForm
from portal.admin.listing import (
    COMPANY_FILTERS,
    COMPANY_SORTS,
    OUTBOX_SORTS,
    USER_FILTERS,
    USER_SORTS,
)
from portal.app import clock
from portal.app.choices import ShortList, load
from portal.app.confirm import confirmation_page
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm, form_data, remembered_search
from portal.app.listing import keyset_page
from portal.app.pagination import paginate
from portal.app.parsing import int_arg
from portal.auth import accounts, mfa
from portal.auth.signin import authenticated_recently, recent_auth_required
from portal.hooks.manager import plugin_manager
from portal.models import (
    AccessibilityFeedback,
    AuditEvent,
    Company,
    CompanyCoach,
    OutboxMessage,
    Role,
    User,
)
from portal.projects.services import working_project_list

bp = Blueprint("admin", __name__, url_prefix="/admin")

STAFF_ROLES = [
    Role.ADMIN.value,
    Role.COACH.value,
    Role.EMPLOYER.value,
    Role.PROJECT_MANAGER.value,
]


@bp.route("/")
@roles_required("admin")
def index():
    counts = {
        "outbox": db.session.scalar(select(func.count(OutboxMessage.id))),
        "feedback": db.session.scalar(select(func.count(AccessibilityFeedback.id))),
    }
    return render_template(
        "admin/index.html",
        counts=counts,
        plugins=sorted(plugin_manager().infos.values(), key=lambda p: p.name),
    )


def _user_form(obj: User | None = None) -> UserForm:
    """The user form; its companies and projects to choose from in one statement."""
    form = UserForm(obj=obj)
    companies, projects = load(
        ShortList(select(Company.id, Company.name), (Company.name, Company.id)),
        working_project_list(current_user),
    )
    form.company_id.choices = [
        SelectChoice(0, _("No company")),
        *[SelectChoice(c.id, c.name) for c in companies],
    ]
    form.project_id.choices = [
        SelectChoice(0, _("No project")),
        *[SelectChoice(p.id, p.name) for p in projects],
    ]
    form.locale.choices = LOCALE_CHOICES
    if obj is None or obj.role != Role.CLIENT:
        form.role.choices = [c for c in form.role.choices if c.value in STAFF_ROLES]
    if request.method == "GET" and obj is not None:
        form.company_id.data = obj.company_id or 0
        form.project_id.data = obj.project_id or 0
        form.locale.data = obj.locale or ""
    return form


@bp.route("/users", methods=["GET", "POST"])
@roles_required("admin")
def users():
    search, moved = remembered_search()
    if moved is not None:
        return moved
    query = select(User)
    if search.q.data:
        pattern = f"%{search.q.data.strip()}%"
        query = query.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
    page = keyset_page(
        query, User.id, USER_SORTS, "name", USER_FILTERS, options=[selectinload(User.company)]
    )
    return render_template("admin/users.html", page=page, search=search)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user():
    form = _user_form()
    submission = submit_form(
        form,
        lambda: services.invite_user(form_data(form, services.UserDetails), current_user),
        rejected_status=200,
    )
    if submission.saved:
        flash(
            _(
                "Account created and an invitation sent to %(email)s.",
                email=submission.result.email,
            ),
            "success",
        )
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), submission.status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    if (
        form.is_submitted()
        and accounts.normalise_email(form.email.data or "") != user.email
        and not authenticated_recently()
    ):  # a new email is a way into the account: confirm it is the admin at the keyboard
        flash(_("Changing an email needs your password again. Then save the form again."))
        return redirect(url_for("mfa.confirm", next=url_for("admin.edit_user", user_id=user.id)))
    submission = submit_form(
        form,
        lambda: services.update_user(user, form_data(form, services.UserDetails), current_user),
        record=user,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html", form=form, user=user, confirm=ConfirmForm()
    ), submission.status


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@roles_required("admin")
def reinvite(user_id: int):
    user = db.get_or_404(User, user_id)
    submit_action(
        ConfirmForm(),
        lambda: accounts.reinvite(user, current_user),
        success=_("A new invitation was sent to %(email)s.", email=user.email),
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/mfa-reset", methods=["POST"])
@roles_required("admin")
@recent_auth_required
def reset_mfa(user_id: int):
    user = db.get_or_404(User, user_id)
    submit_action(
        ConfirmForm(),
        lambda: mfa.reset(user, current_user),
        success=_("Two-step sign-in of %(name)s was reset.", name=user.name),
    )
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/companies", methods=["GET", "POST"])
@roles_required("admin")
def companies():
    search, moved = remembered_search()
    if moved is not None:
        return moved
    query = select(Company)
    if search.q.data:
        pattern = f"%{search.q.data.strip()}%"
        query = query.where(
            or_(
                Company.name.ilike(pattern),
                Company.business_id.ilike(pattern),
                Company.industry.ilike(pattern),
            )
        )
    page = keyset_page(
        query,
        Company.id,
        COMPANY_SORTS,
        "name",
        COMPANY_FILTERS,
        options=[selectinload(Company.employers)],
    )
    return render_template("admin/companies.html", page=page, search=search)


@bp.route("/companies/new", methods=["GET", "POST"])
@roles_required("admin")
def new_company():
    form = CompanyForm()
    submission = submit_form(
        form,
        lambda: services.create_company(form_data(form, services.CompanyDetails), current_user),
        rejected_status=200,
    )
    if submission.saved:
        flash(_("Company %(name)s added.", name=submission.result.name), "success")
        return redirect(url_for("admin.companies"))
    return render_template("admin/company_form.html", form=form, company=None), submission.status


@bp.route("/companies/<int:company_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_company(company_id: int):
    company = db.session.scalar(
        select(Company).where(Company.id == company_id).options(selectinload(Company.employers))
    ) or abort(404)
    form = CompanyForm(obj=company)
    submission = submit_form(
        form,
        lambda: services.update_company(
            company, form_data(form, services.CompanyDetails), current_user
        ),
        record=company,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("admin.companies"))
    return render_template(
        "admin/company_form.html", form=form, company=company, **_coach_grants(company)
    ), submission.status


def _coach_grants(company: Company, form: CompanyCoachForm | None = None) -> dict:
    """The coaches given the company, and a form to give it to one more."""
    grants = db.session.execute(
        select(CompanyCoach, User.name)
        .join(User, User.id == CompanyCoach.user_id)
        .where(CompanyCoach.company_id == company.id)
        .order_by(User.name)
    ).all()
    form = form or CompanyCoachForm()
    form.coach.choices = [SelectChoice(0, _("Choose a coach"))] + [
        SelectChoice(u.id, u.name)
        for u in db.session.execute(
            select(User.id, User.name)
            .where(User.role == Role.COACH, User.active.is_(True))
            .order_by(User.name)
        ).all()
    ]
    return {"grants": grants, "grant_form": form, "revoke_form": ConfirmForm()}


@bp.route("/companies/<int:company_id>/coaches", methods=["POST"])
@roles_required("admin")
def grant_company(company_id: int):
    company = db.get_or_404(Company, company_id)
    form = CompanyCoachForm()
    form.coach.choices = [
        SelectChoice(u, "")
        for u in db.session.scalars(select(User.id).where(User.role == Role.COACH))
    ]
    submit_action(
        form,
        lambda: services.grant_company(company, form.coach.data, current_user),
        success=_("The coach now works with this company."),
        invalid=_("Choose a coach."),
    )
    return redirect(url_for("admin.edit_company", company_id=company.id))


@bp.route("/companies/<int:company_id>/coaches/<int:grant_id>/remove", methods=["POST"])
@roles_required("admin")
def revoke_company(company_id: int, grant_id: int):
    company = db.get_or_404(Company, company_id)
    grant = db.session.get(CompanyCoach, grant_id)
    asked = (
        grant
        and grant.company_id == company.id
        and confirmation_page(
            _("Remove the coach's access to %(company)s?", company=company.name), _("Remove")
        )
    )
    if asked:
        return asked
    submit_action(
        ConfirmForm(),
        lambda: services.revoke_company(company, grant_id, current_user),
        success=_("The grant was removed."),
    )
    return redirect(url_for("admin.edit_company", company_id=company.id))


@bp.route("/outbox")
@roles_required("admin")
def outbox():
    page = keyset_page(select(OutboxMessage), OutboxMessage.id, OUTBOX_SORTS, "-created")
    messages = [
        (m, outbox_service.masked(m.body), outbox_service.holds_link(m)) for m in page.items
    ]
    return render_template(
        "admin/outbox.html",
        page=page,
        messages=messages,
        deliveries=outbox_service.deliveries([m.id for m in page.items]),
        form=ConfirmForm(),
    )


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
@roles_required("admin")
def resend(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    submit_action(
        ConfirmForm(),
        lambda: outbox_service.resend(message, current_user),
        success=_("A new link was sent to %(email)s.", email=message.recipient),
    )
    return redirect(url_for("admin.outbox"))


@bp.route("/feedback")
@roles_required("admin")
def feedback():
    query = select(AccessibilityFeedback).order_by(AccessibilityFeedback.created_at.desc())
    return render_template("admin/feedback.html", pagination=paginate(query))


@bp.route("/audit")
@roles_required("admin")
def audit_log():
    query = (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    client_id = int_arg("client")
    if client_id > 0:
        query = query.where(AuditEvent.client_id == client_id)
    pagination = paginate(query)
    return render_template("admin/audit.html", pagination=pagination, action=action)


@bp.route("/clients/<int:client_id>/access-log")
@roles_required("admin")
def access_log(client_id: int):
    """Who has seen a client's information, as the client sees it: produced on their request,
    and itself logged as a read of the client's data."""
    client = get_client_or_404(current_user, client_id)
    audit.read(client.id, "access_log", client.id, "access_request", action="access_log.read")
    page, older = readings(client.id, before_key())
    return render_template(
        "admin/access_log.html",
        client=client,
        readings=page,
        older=older,
        first_page=before_key() is None,
        now=clock.now(),
    )
