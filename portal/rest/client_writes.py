"""A partner system refers a new young person, or changes one's details: through the intake
form and its rules, as on the page; a change only with the ETag it read (``If-Match``)."""

from __future__ import annotations

from flask import Response, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import get_client_or_404
from portal.app import clock
from portal.app.forms import form_data
from portal.app.rules import RuleError
from portal.clients import duplicates, services
from portal.clients.intake_form import client_form
from portal.models import Client, Education, EmploymentStatus, Goal, Role
from portal.rest import idempotency, spec
from portal.rest.auth import scope_required
from portal.rest.inputs import as_formdata, body, form_errors
from portal.rest.problems import Problem, refused
from portal.rest.schemas import ClientChange, ClientOut, Person, Referral
from portal.rest.views import bp, client_answer, etag_of, require_current

LIKELY_TITLE = _l("Likely already in Polku")
LIKELY_DETAIL = _l(
    "The young people under duplicates are likely the same person. If it is someone else, send "
    "the referral again with confirm_new: true."
)
#: The intake form's fields a change may leave out: they keep what is saved.
FIELDS = tuple(ClientChange.model_fields)


def _unsaid() -> dict[str, object]:
    """What a referral that does not say is taken to be: as a new young person's record has
    it (entered today, education basic, goal and labour-market status not known yet), and a
    coach's referral is the coach's own, as the intake form offers."""
    unsaid: dict[str, object] = {
        "entry_date": clock.today(),
        "highest_education": Education.BASIC,
        "goal": Goal.UNCLEAR,
        "employment_status": EmploymentStatus.UNKNOWN,
    }
    if current_user.role == Role.COACH:
        unsaid["coach_id"] = current_user.id
    return unsaid


@bp.route("/clients", methods=["POST"])
@roles_required(*CASEWORKERS)
@scope_required("referrals:write")
@spec.operation(
    "Refer a new young person (the intake form's rules); answers them with their address. "
    "Sent again with the same Idempotency-Key, answers the one made the first time",
    ClientOut,
    body=Referral,
    creates=True,
    scope="referrals:write",
    errors=(403, 409, 415, 422),
    headers=(("Idempotency-Key", False, "Sent again with the same key, saved once."),),
)
def refer() -> Response:
    used = idempotency.key()
    referral = body(Referral)
    sent = {k: v for k, v in referral.model_dump(exclude={"confirm_new"}).items() if v is not None}
    form = client_form(groups=False, formdata=as_formdata(_unsaid() | sent), meta={"csrf": False})
    if not form.validate():
        raise Problem(422, errors=form_errors(form))
    if (first := idempotency.repeat_of(used)) is not None:
        return _created(_again(first))
    if not referral.confirm_new:
        _refuse_likely_duplicates(form)
    # Taken once the referral is to be saved: a refused one leaves the key free.
    if (first := idempotency.take(used)) is not None:
        return _created(_again(first))
    project = form.project_id.data if "project_id" in form else None
    details = form_data(form, services.ClientDetails)
    try:
        client = services.refer_client(details, current_user._get_current_object(), project)
    except RuleError as error:
        raise refused(error) from None
    idempotency.saved(used, client)
    return _created(client)


def _refuse_likely_duplicates(form) -> None:
    """A 409 naming the young people the referral is likely to be (in the account's reach)."""
    found = duplicates.of_form(current_user._get_current_object(), form)
    if found:
        raise Problem(
            409,
            LIKELY_DETAIL,
            title=LIKELY_TITLE,
            duplicates=[Person.model_validate(c, from_attributes=True).model_dump() for c in found],
        )


def _again(first: Client) -> Client:
    """The young person a repeated referral made, as the account may see them now (a read in
    the audit trail; 404 when they are no longer in its scope)."""
    return get_client_or_404(current_user._get_current_object(), first.id)


def _created(client: Client) -> Response:
    response = client_answer(client)
    response.status_code = 201
    response.headers["Location"] = url_for("rest.client", client_id=client.id)
    return response


@bp.route("/clients/<int:client_id>", methods=["PATCH"])
@roles_required(*CASEWORKERS)
@scope_required("referrals:write")
@spec.operation(
    "Change a young person's details: send the ETag read in If-Match (412 when it is stale)",
    ClientOut,
    body=ClientChange,
    scope="referrals:write",
    errors=(403, 404, 412, 415, 422, 428),
    headers=(("If-Match", True, "The ETag read: 412 when it is no longer current."),),
)
def change(client_id: int) -> Response:
    client = get_client_or_404(current_user._get_current_object(), client_id)
    require_current(etag_of(client))
    sent = body(ClientChange).model_dump(exclude_unset=True)
    saved = {name: getattr(client, name) for name in FIELDS}
    form = client_form(client, formdata=as_formdata(saved | sent), meta={"csrf": False})
    if not form.validate():
        raise Problem(422, errors=form_errors(form))
    details = form_data(form, services.ClientDetails)
    try:
        saved = services.change_client(client, details, current_user._get_current_object())
    except RuleError as error:
        raise refused(error) from None
    if not saved:  # changed between the check and the write
        raise Problem(412)
    return client_answer(client)
