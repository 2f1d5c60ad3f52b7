"""The results page of the header search."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.access.permissions import roles_required
from portal.app.forms import remembered_search
from portal.search.portal_search import SEARCHERS, search

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("/", methods=["GET", "POST"])
@roles_required(*SEARCHERS)
def results():
    """The term is posted and kept in the session, never in the URL (it is often a name)."""
    form, moved = remembered_search()
    if moved is not None:
        return moved
    found = search(current_user, form.q.data or "")
    return render_template("search/results.html", search=form, found=found)
