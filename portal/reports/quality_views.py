"""The data-quality page: each participant's open problems, by coach, with links to fix them."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from portal.access.permissions import CASEWORKERS, roles_required
from portal.app import clock
from portal.app.choices import ShortList
from portal.app.extensions import db
from portal.app.parsing import int_arg, whole_number
from portal.models import Role, User
from portal.reports import projects, quality, scopes

bp = Blueprint("quality", __name__, url_prefix="/reports/quality")


def _coach_filter() -> int | None:
    """The coach asked for (admin only; a coach always sees their own participants)."""
    coach_id = int_arg("coach")
    if not coach_id:
        return None
    coach = db.session.get(User, coach_id)
    if coach is None or coach.role != Role.COACH:
        abort(404)
    return coach_id


def _after() -> tuple[int, int] | None:
    """Where the page starts: after the participant ``coach:client`` of the previous page."""
    coach, _sep, client = request.args.get("after", "").partition(":")
    coach_id, client_id = whole_number(coach), whole_number(client)
    if coach_id is None or client_id is None:
        return None
    return coach_id, client_id


@bp.route("/")
@roles_required(*CASEWORKERS)
def index():
    admin = current_user.role == Role.ADMIN
    coach_id = _coach_filter() if admin else None
    choice, coach_rows = projects.from_request(current_user, *([_coach_list()] if admin else []))
    scope = scopes.of_viewer(current_user, choice.ids())
    today = clock.today()
    size = current_app.config["PAGE_SIZE"]
    rows, coaches = quality.page(
        scope,
        today,
        coach_id=coach_id,
        after=_after(),
        limit=size + 1,
    )
    more, rows = len(rows) > size, rows[:size]
    names = {c.coach_id: c.name for c in coaches}
    return render_template(
        "reports/quality.html",
        summary=quality.summary_of(coaches),
        coaches=coaches,
        names=names,
        rows=rows,
        checks={c.key: c for c in quality.CHECKS},
        all_checks=quality.CHECKS,
        **_texts(),
        link=lambda check, row: quality.link(
            check, row, url_for, admin=current_user.role == Role.ADMIN
        ),
        coach_id=coach_id,
        choice=choice,
        coach_choices=coach_rows[0] if admin else [],
        next_after=f"{rows[-1].coach_id}:{rows[-1].client_id}" if more else None,
    )


def _coach_list() -> ShortList:
    """Every coach, active or not: the admin's filter finds past coaches' participants too."""
    return ShortList(select(User.id, User.name).where(User.role == Role.COACH), (User.name,))


def _texts() -> dict[str, dict[str, Markup]]:
    """Each check's text and kind, translated once for the page rather than at each of the
    page's problems (written as the lazy texts themselves are, unescaped)."""
    return {
        "texts": {c.key: Markup(str(c.label)) for c in quality.CHECKS},  # noqa: S704
        "kinds": {
            c.key: Markup(str(quality.CATEGORY_LABELS[c.category]))  # noqa: S704
            for c in quality.CHECKS
        },
    }
