"""Signing in and out, invitations and password changes."""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.access.permissions import public, signed_in_required
from portal.app.editing import submit_form
from portal.app.extensions import db, limiter
from portal.app.security import safe_next
from portal.auth import services
from portal.auth.accounts import normalise_email, valid_invitation
from portal.auth.forms import ChangePasswordForm, LoginForm, SetPasswordForm
from portal.models import User

bp = Blueprint("auth", __name__)


def _email_key() -> str:
    return "login:" + normalise_email(request.form.get("email", ""))


def start_session(user: User) -> None:
    """A fresh session id at sign-in (no fixation), then the login itself."""
    lang = session.get("lang")
    session["rotating"] = True  # regenerate() only acts on a non-empty session
    current_app.session_interface.regenerate(session)
    session.clear()
    login_user(user)
    now = time.time()
    session["signed_in_at"] = now
    session["last_seen"] = now
    if lang:
        session["lang"] = lang


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"], key_func=_email_key
)
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    submission = submit_form(
        form,
        lambda: services.sign_in(form.email.data, form.password.data),
        rejected_status=200,
    )
    if submission.saved:
        start_session(submission.result)
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), submission.status


@bp.route("/logout", methods=["POST"])
@signed_in_required
def logout():
    services.sign_out()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    invitation = valid_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 400
    user = db.session.get(User, invitation.user_id)
    form = SetPasswordForm()
    submission = submit_form(
        form,
        lambda: services.accept_invitation(invitation, user, form.password.data),
        rejected_status=200,
    )
    if submission.saved:
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your password is set. You can now sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user), submission.status


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in_required
def change_password():
    form = ChangePasswordForm()
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
