"""The project manager's pages: users, partner companies, outbox, feedback, audit, plugins."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access import audit
from portal.access.permissions import roles_required
from portal.admin.forms import LOCALE_CHOICES, CompanyForm, UserForm
from portal.app.concurrency import CONFLICT, save_edit
from portal.app.extensions import db
from portal.app.forms import ConfirmForm, SearchForm
from portal.app.pagination import MAX_ID, paginate
from portal.auth.accounts import create_user, invite, normalise_email
from portal.hooks.manager import plugin_manager
from portal.models import (
    AccessibilityFeedback,
    AuditEvent,
    Company,
    OutboxMessage,
    Role,
    User,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")

STAFF_ROLES = [Role.ADMIN.value, Role.COACH.value, Role.EMPLOYER.value]


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


def _company_choices() -> list[SelectChoice]:
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name)).all()
    return [SelectChoice(0, _("No company")), *[SelectChoice(c.id, c.name) for c in companies]]


def _user_form(obj: User | None = None) -> UserForm:
    form = UserForm(obj=obj)
    form.company_id.choices = _company_choices()
    form.locale.choices = LOCALE_CHOICES
    if obj is None or obj.role != Role.CLIENT:
        form.role.choices = [c for c in form.role.choices if c.value in STAFF_ROLES]
    if request.method == "GET" and obj is not None:
        form.company_id.data = obj.company_id or 0
        form.locale.data = obj.locale or ""
    return form


def _check_user_form(form: UserForm, user: User | None) -> bool:
    """Cross-field rules: unique email, and employers belong to a company."""
    ok = True
    email = normalise_email(form.email.data or "")
    clash = db.session.scalar(select(User.id).where(User.email == email))
    if clash is not None and (user is None or clash != user.id):
        form.email.errors.append(_("Another account already uses this email."))
        ok = False
    if form.role.data == Role.EMPLOYER and not form.company_id.data:
        form.company_id.errors.append(_("Choose the employer's company."))
        ok = False
    if (
        user is not None
        and user.id == current_user.id
        and (form.role.data != Role.ADMIN or not form.active.data)
    ):
        form.role.errors.append(_("You cannot remove your own administrator rights."))
        ok = False
    return ok


@bp.route("/users")
@roles_required("admin")
def users():
    search = SearchForm(request.args)
    query = select(User).options(selectinload(User.company)).order_by(User.name)
    if search.q.data:
        pattern = f"%{search.q.data.strip()}%"
        query = query.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
    role = request.args.get("role", "")
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    return render_template("admin/users.html", pagination=paginate(query), search=search, role=role)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user():
    form = _user_form()
    if form.validate_on_submit() and _check_user_form(form, None):
        user = create_user(
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            company_id=form.company_id.data or None if form.role.data == Role.EMPLOYER else None,
            locale=form.locale.data or None,
            actor=current_user,
        )
        flash(
            _("Account created and an invitation sent to %(email)s.", email=user.email), "success"
        )
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    status = 200
    if form.validate_on_submit() and _check_user_form(form, user):

        def apply() -> None:
            was_active = user.active
            user.name = form.name.data.strip()
            user.email = normalise_email(form.email.data)
            user.role = form.role.data
            user.company_id = form.company_id.data or None if user.role == Role.EMPLOYER else None
            user.locale = form.locale.data or None
            user.active = form.active.data
            if was_active and not user.active:
                user.login_generation += 1  # ends every login of this user
            audit.record("user.update", object_type="user", object_id=user.id)

        if save_edit(user, form.version.data, apply):
            return redirect(url_for("admin.users"))
        status = CONFLICT
    form.version.data = user.version
    return render_template(
        "admin/user_form.html", form=form, user=user, confirm=ConfirmForm()
    ), status


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@roles_required("admin")
def reinvite(user_id: int):
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        invite(user, current_user)
        audit.record("user.invite", object_type="user", object_id=user.id)
        db.session.commit()
        flash(_("A new invitation was sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/companies")
@roles_required("admin")
def companies():
    search = SearchForm(request.args)
    query = select(Company).options(selectinload(Company.employers)).order_by(Company.name)
    if search.q.data:
        pattern = f"%{search.q.data.strip()}%"
        query = query.where(
            or_(
                Company.name.ilike(pattern),
                Company.business_id.ilike(pattern),
                Company.industry.ilike(pattern),
            )
        )
    return render_template("admin/companies.html", pagination=paginate(query), search=search)


def _business_id_taken(form: CompanyForm, company: Company | None) -> bool:
    clash = db.session.scalar(
        select(Company.id).where(Company.business_id == form.business_id.data)
    )
    if clash is not None and (company is None or clash != company.id):
        form.business_id.errors.append(_("A company with this business ID already exists."))
        return True
    return False


def _fill_company(company: Company, form: CompanyForm) -> None:
    for field in (
        "name",
        "business_id",
        "industry",
        "street_address",
        "postal_code",
        "city",
        "status",
    ):
        setattr(company, field, (getattr(form, field).data or "").strip())


@bp.route("/companies/new", methods=["GET", "POST"])
@roles_required("admin")
def new_company():
    form = CompanyForm()
    if form.validate_on_submit() and not _business_id_taken(form, None):
        company = Company()
        _fill_company(company, form)
        db.session.add(company)
        db.session.flush()
        audit.record("company.create", object_type="company", object_id=company.id)
        db.session.commit()
        flash(_("Company %(name)s added.", name=company.name), "success")
        return redirect(url_for("admin.companies"))
    return render_template("admin/company_form.html", form=form, company=None)


@bp.route("/companies/<int:company_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_company(company_id: int):
    company = db.session.scalar(
        select(Company).where(Company.id == company_id).options(selectinload(Company.employers))
    ) or abort(404)
    form = CompanyForm(obj=company)
    status = 200
    if form.validate_on_submit() and not _business_id_taken(form, company):

        def apply() -> None:
            _fill_company(company, form)
            audit.record("company.update", object_type="company", object_id=company.id)

        if save_edit(company, form.version.data, apply):
            return redirect(url_for("admin.companies"))
        status = CONFLICT
    form.version.data = company.version
    return render_template("admin/company_form.html", form=form, company=company), status


@bp.route("/outbox")
@roles_required("admin")
def outbox():
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    return render_template("admin/outbox.html", pagination=paginate(query))


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
    client_id = request.args.get("client", type=int)
    if client_id and 0 < client_id <= MAX_ID:
        query = query.where(AuditEvent.client_id == client_id)
    pagination = paginate(query)
    return render_template("admin/audit.html", pagination=pagination, action=action)
