"""The coach's worklist: one row per young person, most urgent first; done and snooze."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import get_client_or_404, visible_clients, visible_groups
from portal.app import clock
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.parsing import int_arg
from portal.models import Client, Group, MarkState
from portal.worklist import marks
from portal.worklist.forms import MarkForm
from portal.worklist.kinds import CATEGORIES, KINDS
from portal.worklist.people import SHOW, Cursor, Filters, find_item, worklist_page

bp = Blueprint("worklist", __name__)

#: The group filter offers the user's latest groups, at most this many.
GROUP_CHOICES = 200


def _client_ids() -> Select:
    return visible_clients(current_user).with_only_columns(Client.id)


def _filters(groups: list[Group]) -> Filters:
    """The filters in the URL; anything not offered is ignored."""
    category = request.args.get("kind", "")
    group_id = int_arg("group", 0)
    show = request.args.get("show", "open")
    return Filters(
        kinds=CATEGORIES[category][1] if category in CATEGORIES else (),
        group_id=group_id if any(g.id == group_id for g in groups) else None,
        show=show if show in SHOW else "open",
    )


@bp.route("/worklist")
@roles_required(*CASEWORKERS)
def index():
    today = clock.today()
    groups = list(
        db.session.scalars(
            visible_groups(current_user).order_by(Group.start_date.desc()).limit(GROUP_CHOICES)
        )
    )
    filters = _filters(groups)
    page = worklist_page(
        current_user.id,
        _client_ids(),
        filters,
        Cursor.parse(request.args.get("after")),
        today,
    )
    return render_template(
        "worklist/index.html",
        page=page,
        today=today,
        groups=groups,
        categories=CATEGORIES,
        filters=filters,
        args={k: v for k, v in request.args.items() if k in ("kind", "group", "show")},
    )


@bp.route("/worklist/<kind>/<int:item_id>", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def mark(kind: str, item_id: int):
    """Mark one item done, or snooze it until a day, with a reason."""
    today = clock.today()
    found = find_item(_client_ids(), kind, item_id, today) if kind in KINDS else None
    if found is None:
        abort(404)
    client_id, item = found
    client = get_client_or_404(current_user, client_id)
    form = MarkForm()
    submission = submit_form(
        form,
        lambda: marks.mark(
            current_user,
            client_id,
            kind,
            item_id,
            MarkState(form.state.data),
            (form.reason.data or "").strip(),
            form.until.data,
        ),
        success=_("Saved. The item is off your worklist for now."),
    )
    if submission.saved:
        return redirect(url_for("worklist.index"))
    return render_template(
        "worklist/mark.html", form=form, item=item, client=client, today=today
    ), submission.status
