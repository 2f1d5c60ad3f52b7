"""Two-step sign-in: the code step of signing in, enrolment, recovery codes, confirming the
password (and code) before a sensitive change."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access.permissions import public, signed_in_required
from portal.app.editing import submit_action, submit_form
from portal.app.forms import ConfirmForm
from portal.app.security import safe_next
from portal.auth import mfa, services, signin, throttle
from portal.auth.forms import CodeForm, ConfirmIdentityForm, EnrolForm, RenewCodesForm

bp = Blueprint("mfa", __name__)
SETUP_SECRET = "mfa_setup_secret"  # noqa: S105 - a session key, not a secret
NEW_CODES = "mfa_new_codes"


@bp.route("/login/code", methods=["GET", "POST"])
@public
def code():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    state = signin.pending()
    user = signin.pending_user(state) if state else None
    if user is None:
        session.pop(signin.PENDING, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    if request.method == "POST":
        throttle.refuse_if_throttled(state["email"])
    form = CodeForm()
    submission = submit_form(
        form, lambda: services.second_factor(user, form.code.data), rejected_status=200
    )
    if submission.saved:
        signin.start_session(user)
        return redirect(safe_next(state["next"]))
    if form.is_submitted():
        throttle.count_failure(state["email"])
        if signin.count_wrong_code(state):
            flash(_("Too many wrong codes. Please sign in again."), "error")
            return redirect(url_for("auth.login"))
    return render_template("auth/code.html", form=form), submission.status


def _show_codes(codes: list[str]):
    session[NEW_CODES] = codes
    return redirect(url_for("mfa.recovery_codes"))


@bp.route("/account/mfa", methods=["GET", "POST"])
@signed_in_required
@signin.recent_auth_required
def settings():
    user = current_user._get_current_object()
    if user.has_mfa:
        return render_template(
            "auth/mfa_settings.html",
            user=user,
            required=mfa.required_for(user),
            remaining=mfa.remaining_recovery_codes(user),
            renew=RenewCodesForm(),
            confirm=ConfirmForm(),
        )
    secret = session.get(SETUP_SECRET)
    if secret is None:  # kept until confirmed: a GET of the page writes no session
        secret = session[SETUP_SECRET] = mfa.new_secret()
    form = EnrolForm()
    submission = submit_form(form, lambda: mfa.enrol(user, secret, form.code.data))
    if submission.saved:
        session.pop(SETUP_SECRET, None)
        signin.start_session(user)  # enrolling ended every other login, this one goes on
        flash(_("Two-step sign-in is on."), "success")
        return _show_codes(submission.result or [])
    uri = mfa.provisioning_uri(secret, user)
    return render_template(
        "auth/mfa_enrol.html",
        form=form,
        qr=mfa.qr_svg(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=mfa.required_for(user),
    ), submission.status


@bp.route("/account/mfa/codes")
@signed_in_required
def recovery_codes():
    codes = session.pop(NEW_CODES, None)
    if not codes:
        return redirect(url_for("mfa.settings"))
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.route("/account/mfa/recovery", methods=["POST"])
@signed_in_required
@signin.recent_auth_required
def renew_codes():
    user = current_user._get_current_object()

    def renew() -> None:
        session[NEW_CODES] = mfa.renew_recovery_codes(user)

    if submit_action(RenewCodesForm(), renew, invalid=_("Tick the box to make new codes.")):
        return redirect(url_for("mfa.recovery_codes"))
    return redirect(url_for("mfa.settings"))


@bp.route("/account/mfa/off", methods=["POST"])
@signed_in_required
@signin.recent_auth_required
def turn_off():
    submit_action(
        ConfirmForm(),
        lambda: mfa.turn_off(current_user._get_current_object()),
        success=_("Two-step sign-in is off."),
    )
    return redirect(url_for("mfa.settings"))


@bp.route("/account/confirm", methods=["GET", "POST"])
@signed_in_required
def confirm():
    user = current_user._get_current_object()
    form = ConfirmIdentityForm()
    if request.method == "POST":
        throttle.refuse_if_throttled(user.email)
    submission = submit_form(
        form,
        lambda: services.confirm_identity(user, form.password.data, form.code.data),
        rejected_status=200,
    )
    if submission.saved:
        signin.confirmed_now()
        return redirect(safe_next(request.args.get("next")))
    if form.is_submitted():
        throttle.count_failure(user.email)
    return render_template(
        "auth/confirm.html", form=form, with_code=user.has_mfa
    ), submission.status
