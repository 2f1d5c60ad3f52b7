"""The cohort comparison page: periods, groups or partner companies side by side."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.pickers import company_choice_list, group_choice_list
from portal.access.scoping import coach_company_ids, get_group_or_404, visible_clients
from portal.app.extensions import db
from portal.app.parsing import whole_number
from portal.models import Client, Company, Role
from portal.reports import compare, projects
from portal.reports.cache import cached
from portal.reports.compare import MAX_COLUMNS, Column, Dimension
from portal.reports.figures import Filters
from portal.reports.views import GROUP_CHOICES

bp = Blueprint("compare", __name__, url_prefix="/reports/compare")


class BadRequest(Exception):
    """A parameter the page cannot use: shown with the form, answered with 400."""


def _day(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            _("%(value)s is not a date. Write dates as 2026-03-31.", value=value[:20])
        ) from None


def _period(start: date | None, end: date | None, settings: Any) -> Filters:
    """The period asked for; its missing ends are the project's (``settings``)."""
    start, end = start or settings.period_start, end or settings.period_end
    if end < start:
        raise BadRequest(_("The period cannot end before it starts."))
    return Filters(start=start, end=end).whole_months()


def _ids(name: str) -> list[int]:
    numbers = [whole_number(v) for v in request.args.getlist(name) if v.strip()]
    if None in numbers:
        raise BadRequest(_("Choose from the list."))
    return list(dict.fromkeys(numbers))


def _period_title(f: Filters) -> str:
    return f"{format_date(f.start)} – {format_date(f.end)}"


def _columns(by: Dimension, settings: Any) -> list[Column]:
    starts = [_day(v) for v in request.args.getlist("from")]
    ends = [_day(v) for v in request.args.getlist("to")]
    if by == Dimension.PERIOD:
        pairs = [(s, e) for s, e in zip(starts, ends, strict=False) if s or e]
        periods = [_period(s, e, settings) for s, e in pairs]
        columns = [Column(_period_title(p), p) for p in periods]
    else:
        period = _period(starts[0] if starts else None, ends[0] if ends else None, settings)
        if by == Dimension.GROUP:
            groups = [get_group_or_404(current_user, i) for i in _ids("group")]
            columns = [Column(g.name, Filters(period.start, period.end, g.id)) for g in groups]
        else:
            columns = [Column(c.name, period, c.id) for c in _companies_or_404(_ids("company"))]
    if len(columns) > MAX_COLUMNS:
        raise BadRequest(_("Compare at most %(n)d at a time.", n=MAX_COLUMNS))
    return columns


def _companies_or_404(ids: list[int]) -> list[Company]:

    if not ids:
        return []
    found = {
        c.id: c
        for c in db.session.scalars(
            select(Company).where(
                Company.id.in_(ids), Company.id.in_(coach_company_ids(current_user))
            )
        )
    }
    if set(ids) - set(found):
        abort(404)
    return [found[i] for i in ids]


@bp.route("/")
@roles_required(*CASEWORKERS)
def index():
    by_arg = request.args.get("by", Dimension.PERIOD)
    error, columns, status = None, [], 200
    choice, (groups, companies) = projects.from_request(
        current_user,
        group_choice_list(current_user, GROUP_CHOICES),
        company_choice_list(current_user, GROUP_CHOICES),
    )
    settings = projects.targets(choice, _("All projects"))
    try:
        if by_arg not in set(Dimension):
            raise BadRequest(_("Choose what to compare: periods, groups or partner companies."))
        columns = _columns(Dimension(by_arg), settings)
    except BadRequest as bad:
        error, status = str(bad), 400
    viewer = "all" if current_user.role == Role.ADMIN else f"user:{current_user.id}"
    scope_key = f"{viewer}:{choice.key()}"
    scope = choice.narrow(visible_clients(current_user).with_only_columns(Client.id))
    values = [
        compare.indicator_values(
            cached(f"compare:{scope_key}:{c.key()}", lambda c=c: compare.figures(scope, c))
        )
        for c in columns
    ]
    return render_template(
        "reports/compare.html",
        error=error,
        by=by_arg,
        columns=columns,
        values=values,
        indicators=compare.INDICATORS,
        dimensions=compare.DIMENSION_LABELS,
        groups=groups,
        companies=companies,
        chosen_groups=set(request.args.getlist("group")),
        chosen_companies=set(request.args.getlist("company")),
        starts=request.args.getlist("from"),
        ends=request.args.getlist("to"),
        slots=range(MAX_COLUMNS),
        choice=choice,
    ), status
