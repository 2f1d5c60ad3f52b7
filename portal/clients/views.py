"""Coaches' client pages: the list, intake basics, sensitive data and portal access."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import (
    client_matches,
    get_client_or_404,
    get_group_or_404,
    visible_client_parts,
)
from portal.access.sensitive import read_sensitive
from portal.app import clock, once
from portal.app.editing import submit_action, submit_form
from portal.app.extensions import db
from portal.app.forms import ConfirmForm, form_data, remembered_search
from portal.app.listing import keyset_page
from portal.app.parsing import whole_number
from portal.clients import duplicates, intake_kept, listing, services
from portal.clients.forms import (
    ClientForm,
    ClientLanguageForm,
    EnrolAgainForm,
    InviteClientForm,
    SensitiveForm,
)
from portal.clients.intake_form import client_form
from portal.clients.language_levels import finnish_level_choices
from portal.clients.overview import load_client_file
from portal.clients.path import path_steps
from portal.hooks.contributions import render_items
from portal.hooks.manager import collect
from portal.models import Client, Group, PathwayState, Role, User
from portal.pathway.forms import TransitionForm
from portal.pathway.transitions import allowed_moves
from portal.projects import enrolment
from portal.projects.services import sole_project_id, working_projects
from portal.worklist.people import client_items

bp = Blueprint("clients", __name__, url_prefix="/clients")


@bp.route("/", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def index():
    search, moved = remembered_search()
    if moved is not None:
        return moved
    parts = visible_client_parts(current_user)
    if search.q.data:
        parts = [client_matches(part, search.q.data) for part in parts]
    page = keyset_page(
        parts,
        Client.id,
        listing.SORTS,
        "name",
        listing.FILTERS,
        options=[selectinload(Client.coach)],
    )
    return render_template(
        "clients/index.html",
        page=page,
        search=search,
        options=listing.filter_options(current_user),
    )


def _chosen_group(form: ClientForm) -> Group | None:
    """The group picked on the new-client form, checked against the viewer's groups again."""
    if not form.group_id.data:
        return None
    return get_group_or_404(current_user, form.group_id.data)


def _duplicates_to_confirm(form: ClientForm):
    """The form again, with the young people the new one is likely to be, until the person
    adding confirms it is someone else (nothing is saved meanwhile); None to go on, and for
    a form sent twice, whose second sending finds the first's young person."""
    if request.form.get(duplicates.CONFIRMED) == "yes" or not form.validate_on_submit():
        return None
    token = once.submitted_token()
    if token is not None and once.was_used(token):
        return None  # the form sent again: answered as the first time, which saved it
    found = duplicates.of_form(current_user._get_current_object(), form)
    if not found:
        return None
    return render_template("clients/form.html", form=form, client=None, duplicates=found)


def _continue_with(raw: str):
    """Go on with a young person the intake found as a likely duplicate, instead of adding
    one: what was typed is kept for *Add a client* (``intake_kept``)."""
    client_id = whole_number(raw)
    if client_id is None:
        abort(404)
    client = get_client_or_404(current_user, client_id)
    intake_kept.keep(current_user.id)
    flash(_("Nothing was added. What you typed is kept: Add a client shows it again."), "info")
    return redirect(url_for("clients.detail", client_id=client.id))


def _intake_form() -> tuple[ClientForm, bool]:
    """The intake form; on a page read, filled with what was typed before going on with a
    likely duplicate (and True), when that is kept."""
    typed = intake_kept.kept(current_user.id) if request.method == "GET" else None
    if typed is None:
        return client_form(), False
    form = client_form(formdata=typed)
    if "coach_id" in typed:
        form.coach_id.process(typed)  # the form puts the coach adding first otherwise
    return form, True


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def new():
    if request.method == "POST" and request.form.get("existing"):
        return _continue_with(request.form["existing"])
    form, refilled = _intake_form()
    if (shown := _duplicates_to_confirm(form)) is not None:
        return shown
    submission = submit_form(
        form,
        lambda: services.create_client(
            form_data(form, services.ClientDetails),
            current_user._get_current_object(),
            _chosen_group(form),
            form.project_id.data if "project_id" in form else None,
        ),
        rejected_status=200,
    )
    if submission.saved:
        client = submission.result
        intake_kept.drop()
        flash(_("Client %(name)s added.", name=client.full_name), "success")
        if client.previous_enrolment_id is not None:
            flash(
                _(
                    "They have been enrolled in a project of the organisation before: the new "
                    "enrolment is linked to the earlier one, and their sign-in moved to it."
                ),
                "info",
            )
        return redirect(url_for("clients.detail", client_id=client.id))
    return render_template(
        "clients/form.html", form=form, client=None, refilled=refilled
    ), submission.status


@bp.route("/<int:client_id>")
@roles_required(*CASEWORKERS)
def detail(client_id: int):
    """The client at a glance (path, what waits, risks, people), then the record by section."""
    client, enrolled = enrolment.client_and_enrolments(current_user, client_id)
    panels = render_items(collect("portal_client_panels", client=client, viewer=current_user))
    file = load_client_file(client)
    people = file.people
    today = clock.today()
    items, signals = client_items(current_user.id, client.id, today)
    return render_template(
        "clients/detail.html",
        client=client,
        enrolled=enrolled,
        enrol_form=_enrol_form(client, file.outcome is not None),
        file=file,
        coach=people.get(client.coach_id),
        account=people.get(client.user_id),
        panels=panels,
        invite_form=InviteClientForm(),
        language_form=_language_form(people.get(client.user_id)),
        transition_form=TransitionForm(),
        moves=allowed_moves(client),
        confirm=ConfirmForm(),
        steps=path_steps(client.state, bool(file.checkpoints)),
        items=items,
        signals=signals if client.state != PathwayState.CHECKPOINT else [],
        today=today,
    )


def _enrol_form(client: Client, has_outcome: bool) -> EnrolAgainForm | None:
    """The form to enrol an ended enrolment's young person again: the projects the viewer
    works in other than this one (None before the enrolment has ended, or without any)."""
    if client.state != PathwayState.CLOSED and not has_outcome:
        return None
    if sole_project_id(current_user) == client.project_id:
        return None  # the viewer works in no other project
    form = EnrolAgainForm()
    form.project_id.choices = [
        SelectChoice(p.id, p.name)
        for p in working_projects(current_user)
        if p.id != client.project_id
    ]
    return form if form.project_id.choices else None


@bp.route("/<int:client_id>/enrol-again", methods=["POST"])
@roles_required(*CASEWORKERS)
def enrol_again(client_id: int):
    """A new enrolment of the same young person in the chosen project."""
    client = get_client_or_404(current_user, client_id)
    form = EnrolAgainForm()
    form.project_id.choices = [SelectChoice(p.id, p.name) for p in working_projects(current_user)]
    enrolled = submit_action(
        form,
        lambda: enrolment.enrol_again(client, form.project_id.data, current_user),
        success=_("%(name)s was enrolled in the project.", name=client.full_name),
        invalid=_("Choose a project you work in."),
    )
    if enrolled:
        later = enrolment.later_enrolment_id(client)
        return redirect(url_for("clients.detail", client_id=later or client.id))
    return redirect(url_for("clients.detail", client_id=client.id))


@bp.route("/<int:client_id>/edit", methods=["GET", "POST"])
@roles_required(*CASEWORKERS)
def edit(client_id: int):
    client = get_client_or_404(current_user, client_id)
    form = client_form(client)
    submission = submit_form(
        form,
        lambda: services.update_client(
            client, form_data(form, services.ClientDetails), current_user
        ),
        record=client,
        rejected_status=200,
    )
    if submission.saved:
        return redirect(url_for("clients.detail", client_id=client.id))
    return render_template("clients/form.html", form=form, client=client), submission.status


@bp.route("/<int:client_id>/sensitive", methods=["GET", "POST"])
@roles_required("coach", "admin")
def sensitive(client_id: int):
    """Health and origin data: coaches of the client; the admin only with a stated purpose."""
    client = get_client_or_404(current_user, client_id)
    # Posted, never in the URL: a purpose often names a person or a case.
    purpose = (request.form.get("purpose") or "").strip()[:300]
    if current_user.role == Role.ADMIN and not purpose:
        return render_template("clients/sensitive_purpose.html", client=client)
    record = read_sensitive(current_user, client, purpose or "coaching")
    form = SensitiveForm(obj=record)
    form.finnish_level.choices = [
        SelectChoice("", _("Not assessed")),
        *finnish_level_choices(str(get_locale())),
    ]
    editable = current_user.role == Role.COACH
    status = 200
    if editable:
        submission = submit_form(
            form,
            lambda: services.update_sensitive(
                client, record, form_data(form, services.SensitiveDetails), current_user
            ),
            record=client,
            rejected_status=200,
        )
        if submission.saved:  # on to the intake's next step, the consents
            return redirect(url_for("clients.detail", client_id=client.id, _anchor="consents"))
        status = submission.status
    return render_template(
        "clients/sensitive.html", client=client, form=form, editable=editable, purpose=purpose
    ), status


@bp.route("/<int:client_id>/account", methods=["POST"])
@roles_required(*CASEWORKERS)
def invite_account(client_id: int):
    """Give the client their own sign-in, or send them a new invitation link."""
    client = get_client_or_404(current_user, client_id)
    invited = submit_action(
        InviteClientForm(),
        lambda: services.invite_client(client, current_user),
        success=_("An invitation was sent to %(email)s.", email=client.email),
    )
    if not invited and not client.email:  # the address is added on the client form
        return redirect(url_for("clients.edit", client_id=client.id))
    return redirect(url_for("clients.detail", client_id=client.id))


def _language_form(account: User | None) -> ClientLanguageForm | None:
    if account is None:
        return None
    return ClientLanguageForm(formdata=None, obj=account)


@bp.route("/<int:client_id>/language", methods=["POST"])
@roles_required(*CASEWORKERS)
def set_language(client_id: int):
    """The coach chooses the language the young person reads the portal in."""
    client = get_client_or_404(current_user, client_id)
    account = db.session.get(User, client.user_id) if client.user_id else None
    if account is None:
        abort(404)
    form = ClientLanguageForm()
    submission = submit_form(
        form,
        lambda: services.set_client_language(client, account, form.locale.data, current_user),
        record=account,
        success=_("The language was changed."),
    )
    if submission.saved:
        return redirect(url_for("clients.detail", client_id=client.id, _anchor="account"))
    return render_template("clients/language.html", client=client, form=form), submission.status
