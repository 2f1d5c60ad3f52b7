"""Signing in and out, invitations and password changes."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from portal.access.permissions import public, signed_in_required
from portal.app.editing import submit_form
from portal.app.extensions import db
from portal.app.security import safe_next
from portal.app.timeout import session_timing
from portal.auth import services, throttle
from portal.auth.accounts import valid_invitation
from portal.auth.forms import ChangePasswordForm, LoginForm, SetPasswordForm
from portal.auth.signin import begin_pending, recent_auth_required, start_session
from portal.models import User

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if request.method == "POST":
        throttle.refuse_if_throttled(request.form.get("email", ""))
    submission = submit_form(
        form,
        lambda: services.sign_in(form.email.data, form.password.data),
        rejected_status=200,
    )
    if submission.saved:
        user = submission.result
        if user.has_mfa:
            begin_pending(user, form.email.data, request.args.get("next"))
            return redirect(url_for("mfa.code"))
        start_session(user)
        return redirect(safe_next(request.args.get("next")))
    if form.is_submitted():
        throttle.count_failure(request.form.get("email", ""))
    return render_template("auth/login.html", form=form), submission.status


@bp.route("/logout", methods=["POST"])
@signed_in_required
def logout():
    services.sign_out()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/session/alive")
@signed_in_required
def keep_alive():
    """The warning's "Stay signed in" (static/polku.js): other requests move the idle clock on
    at most every SESSION_TOUCH_INTERVAL, this one always (the session is saved again), and it
    answers how long is left."""
    session.modified = True
    timing = session_timing()
    return jsonify(seconds=timing["seconds"] if timing else 0)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    invitation = valid_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 400
    user = db.session.get(User, invitation.user_id)
    form = SetPasswordForm()
    form.personal = (user.name, user.email)
    submission = submit_form(
        form,
        lambda: services.accept_invitation(invitation, user, form.password.data),
        rejected_status=200,
    )
    if submission.saved:
        # The link and the new password prove who this is, as a sign-in would: a fresh session
        # for them. A role that needs a second factor lands on the enrolment page (the guard in
        # portal/auth/signin.py), and one who already has a factor is asked for its code.
        if user.has_mfa:
            begin_pending(user, user.email, None)
            return redirect(url_for("mfa.code"))
        start_session(user)
        flash(_("Your password is set and you are signed in."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/set_password.html", form=form, user=user), submission.status


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in_required
@recent_auth_required
def change_password():
    form = ChangePasswordForm()
    form.personal = (current_user.name, current_user.email)
    submission = submit_form(
        form,
        lambda: services.change_password(current_user, form.current.data, form.password.data),
        rejected_status=200,
    )
    if submission.saved:
        start_session(current_user._get_current_object())  # only this login goes on
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form), submission.status
