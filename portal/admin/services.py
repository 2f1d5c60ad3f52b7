"""The project manager's writes: user accounts, partner companies and network partners."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.access import audit
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.auth.accounts import create_user, normalise_email
from portal.models import Company, CompanyCoach, NetworkPartner, Project, Role, User


@dataclass
class UserDetails:
    name: str
    email: str
    role: str
    company_id: int | None = None
    locale: str = ""
    active: bool = True
    project_id: int | None = None


@dataclass
class CompanyDetails:
    name: str
    business_id: str
    industry: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    status: str = ""


@dataclass
class PartnerDetails:
    name: str
    kind: str
    contact: str = ""
    active: bool = True


def check_user(details: UserDetails, user: User | None, actor: User) -> None:
    """Unique email, employers belong to a company, and no admin takes away their own rights."""
    clash = db.session.scalar(select(User.id).where(User.email == normalise_email(details.email)))
    if clash is not None and (user is None or clash != user.id):
        raise RuleError(_l("Another account already uses this email."), field="email")
    if details.role == Role.EMPLOYER and not details.company_id:
        raise RuleError(_l("Choose the employer's company."), field="company_id")
    if details.role == Role.PROJECT_MANAGER and (
        not details.project_id or db.session.get(Project, details.project_id) is None
    ):
        raise RuleError(_l("Choose the project the manager administers."), field="project_id")
    if (
        user is not None
        and user.id == actor.id
        and (details.role != Role.ADMIN or not details.active)
    ):
        raise RuleError(_l("You cannot remove your own administrator rights."), field="role")


def _company_of(details: UserDetails) -> int | None:
    """Only employers belong to a company."""
    return details.company_id or None if details.role == Role.EMPLOYER else None


def _project_of(details: UserDetails) -> int | None:
    """Only project managers have a project of their own."""
    return details.project_id or None if details.role == Role.PROJECT_MANAGER else None


def invite_user(details: UserDetails, actor: User) -> User:
    """Create a staff account and send its invitation."""
    check_user(details, None, actor)
    return create_user(
        email=details.email,
        name=details.name,
        role=details.role,
        company_id=_company_of(details),
        project_id=_project_of(details),
        locale=details.locale or None,
        actor=actor,
    )


def update_user(user: User, details: UserDetails, actor: User) -> None:
    """Apply changed account details (the caller checks the version and commits).

    Switching an account off ends every login of that user.
    """
    check_user(details, user, actor)
    was_active = user.active
    user.name = details.name
    user.email = normalise_email(details.email)
    user.role = details.role
    user.company_id = _company_of(details)
    user.project_id = _project_of(details)
    user.locale = details.locale or None
    user.active = details.active
    if was_active and not user.active:
        user.login_generation += 1
    audit.record("user.update", actor=actor, object_type="user", object_id=user.id)


def _check_business_id(details: CompanyDetails, company: Company | None) -> None:
    clash = db.session.scalar(select(Company.id).where(Company.business_id == details.business_id))
    if clash is not None and (company is None or clash != company.id):
        raise RuleError(_l("A company with this business ID already exists."), field="business_id")


def create_company(details: CompanyDetails, actor: User) -> Company:
    company = add_company(details, actor)
    try:
        db.session.commit()
    except IntegrityError:  # the same business ID saved by another request at that moment
        db.session.rollback()
        raise RuleError(
            _l("A company with this business ID already exists."), field="business_id"
        ) from None
    return company


def add_company(details: CompanyDetails, actor: User) -> Company:
    """:func:`create_company` without its commit (a file's companies are saved in one)."""
    _check_business_id(details, None)
    company = Company(**vars(details))
    audit.record_creation(company, "company.create", object_type="company", actor=actor)
    return company


def update_company(company: Company, details: CompanyDetails, actor: User) -> None:
    """Apply changed details (the caller checks the version and commits)."""
    _check_business_id(details, company)
    for key, value in vars(details).items():
        setattr(company, key, value)
    audit.record("company.update", actor=actor, object_type="company", object_id=company.id)


def change_company(company: Company, details: CompanyDetails, actor: User) -> bool:
    """Apply changed details and commit; False (nothing saved) when someone saved the company
    at the same moment."""
    update_company(company, details, actor)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


def save_partner(partner: NetworkPartner | None, details: PartnerDetails, actor: User) -> None:
    """Add a network partner, or change one (``partner``)."""
    partner = partner or NetworkPartner()
    for key, value in vars(details).items():
        setattr(partner, key, value)
    db.session.add(partner)
    db.session.flush()
    audit.record("partner.save", actor=actor, object_type="partner", object_id=partner.id)
    db.session.commit()


def grant_company(company: Company, coach_id: int, actor: User) -> CompanyCoach:
    """Let a coach work with the company's onboarding model (and other company work)."""
    coach = db.session.get(User, coach_id)
    if coach is None or coach.role != Role.COACH or not coach.active:
        raise RuleError(_l("Choose an active coach."), field="coach")
    exists = db.session.scalar(
        select(CompanyCoach).where(
            CompanyCoach.company_id == company.id, CompanyCoach.user_id == coach.id
        )
    )
    if exists is not None:
        raise RuleError(_l("The coach already has this company."), field="coach")
    grant = CompanyCoach(company_id=company.id, user_id=coach.id, granted_by_id=actor.id)
    db.session.add(grant)
    audit.record(
        "company.coach_grant",
        actor=actor,
        object_type="company",
        object_id=company.id,
        purpose=f"coach {coach.id}",
    )
    db.session.commit()
    return grant


def revoke_company(company: Company, grant_id: int, actor: User) -> None:
    """Take the grant away; the coach keeps the companies where their clients are placed."""
    grant = db.session.scalar(
        select(CompanyCoach).where(
            CompanyCoach.id == grant_id, CompanyCoach.company_id == company.id
        )
    )
    if grant is None:
        raise RuleError(_l("The grant has already been removed."))
    db.session.delete(grant)
    audit.record(
        "company.coach_revoke",
        actor=actor,
        object_type="company",
        object_id=grant.company_id,
        purpose=f"coach {grant.user_id}",
    )
    db.session.commit()


def active_account(email: str) -> User:
    """The active account of ``email`` that a token or a webhook acts as; a RuleError at the
    form's ``account`` field when there is none or it is a young person's."""
    email = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None or not user.active:
        raise RuleError(_("There is no active account with that email."), "account")
    if user.role == Role.CLIENT:
        raise RuleError(_("Choose the account of a member of staff or of a partner."), "account")
    return user
