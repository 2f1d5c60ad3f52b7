"""The onboarding plugin's blueprint, what its templates share, and who reaches what."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import select

from plugins.onboarding.forms import RESPONSIBLE_LABELS, week_label
from plugins.onboarding.models import OnboardingModel
from portal.api import Company, Role, company_in_reach, db

#: Named after the plugin package rather than this module, so that its templates/ are found.
bp = Blueprint("onboarding", __name__)
EDITORS = ("coach", "admin", "employer")


@bp.context_processor
def labels():
    return {
        "week_label": week_label,
        "responsible_labels": RESPONSIBLE_LABELS,
    }


def may_reach(company_id: int) -> bool:
    """Employers reach their own company; coaches the companies they work with
    (``coach_company_ids``: a client of theirs placed there, or an admin's grant); admins all."""
    if current_user.role == Role.EMPLOYER:
        return current_user.company_id == company_id
    return db.session.scalar(company_in_reach(current_user, company_id)) is not None


def company_or_404(company_id: int) -> Company:
    company = db.session.get(Company, company_id)
    if company is None or not may_reach(company.id):
        abort(404)
    return company


def model_and_company_or_404(model_id: int) -> tuple[OnboardingModel, Company]:
    """The model and its company in one statement, if the viewer may reach the company."""
    row = db.session.execute(
        select(OnboardingModel, Company)
        .join(Company, Company.id == OnboardingModel.company_id)
        .where(OnboardingModel.id == model_id)
    ).first()
    if row is None or not may_reach(row[1].id):
        abort(404)
    return row[0], row[1]


def model_or_404(model_id: int) -> OnboardingModel:
    return model_and_company_or_404(model_id)[0]
