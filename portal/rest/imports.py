"""Many young people at once: a list of referrals, each checked as one referral is (the intake
form's rules, the likely duplicates), saved all in one transaction or none. ``dry_run``
checks them and saves nothing."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import inspect

from portal.access import audit
from portal.access.permissions import CASEWORKERS, roles_required
from portal.app import once
from portal.imports import files, services
from portal.imports.people import check_people
from portal.imports.rows import Row
from portal.rest import idempotency, spec
from portal.rest.auth import scope_required
from portal.rest.client_writes import _unsaid
from portal.rest.inputs import OTHER, as_formdata, body
from portal.rest.problems import Problem
from portal.rest.schemas import Referral
from portal.rest.views import bp

LIKELY = _l(
    "Likely already in Polku (ids %(ids)s). If it is someone else, send it with "
    "confirm_new: true; otherwise leave it out."
)
LIKELY_HERE = _l(
    "Likely the same young person as row %(rows)s of this list. If it is someone else, send "
    "it with confirm_new: true; otherwise leave it out."
)
TOO_MANY = _l("Send at most %(count)s referrals at once.")
ALREADY_TITLE = _l("Saved already")
ALREADY_DETAIL = _l(
    "An import with this Idempotency-Key was saved already; nothing was saved again. Read the "
    "young people with GET /clients."
)


class ReferralList(BaseModel):
    """Young people to add at once: every one is saved, or none when one breaks a rule."""

    model_config = ConfigDict(extra="forbid")

    referrals: list[Referral] = Field(
        min_length=1,
        description=(
            "As a single referral; row N of an error is referrals[N]. At most the installation's "
            "IMPORT_MAX_ROWS (2,000 unless set otherwise); more answer 422."
        ),
    )
    dry_run: bool = Field(False, description="Check only: answer what would be saved.")


class ImportAnswer(BaseModel):
    dry_run: bool
    count: int = Field(description="How many were added (on a dry run: would be).")
    ids: list[int] = Field(description="The new young people's ids, in the order sent.")


@bp.route("/clients/import", methods=["POST"])
@roles_required(*CASEWORKERS)
@scope_required("referrals:write")
@spec.operation(
    "Refer many young people at once, each by the intake form's rules: 201 with their ids, or "
    "422 naming each referral at fault with nothing saved; a dry run answers 200 and saves "
    "nothing. Sent again with the same Idempotency-Key, answers 409 and saves nothing",
    ImportAnswer,
    body=ReferralList,
    scope="referrals:write",
    errors=(403, 409, 413, 415, 422),
    also=(201,),
    headers=(("Idempotency-Key", False, "Sent again with the same key, saved once."),),
)
def import_referrals() -> Response:
    if (request.content_length or 0) > 4 * files.max_bytes():
        raise Problem(413)
    used = idempotency.key()
    sent = body(ReferralList)
    if len(sent.referrals) > files.max_rows():
        reason = str(TOO_MANY % {"count": files.max_rows()})
        raise Problem(422, errors=[{"name": "referrals", "in": "body", "reason": reason}])
    _refuse_repeat(used)
    rows = _checked(sent.referrals)
    errors = [error for row in rows for error in _errors(row)]
    if errors:
        raise Problem(422, errors=errors)
    if sent.dry_run:
        return _answer(ImportAnswer(dry_run=True, count=len(rows), ids=[]), 200)
    if idempotency.take(used) is not None:  # another request with the key took it meanwhile
        raise Problem(409)
    actor = current_user._get_current_object()
    try:
        made = services.save_people(rows, actor, None, f"API: {len(rows)} referrals")
    except services.RowRefused as refused:
        name = f"referrals.{refused.row.number}" + (f".{refused.field}" if refused.field else "")
        raise Problem(422, errors=[_error(name, refused.reason)]) from None
    idempotency.saved(used, None)
    ids = [inspect(client).identity[0] for client in made]
    return _answer(ImportAnswer(dry_run=False, count=len(ids), ids=ids), 201)


def _refuse_repeat(used: str | None) -> None:
    """A key used before: 409 once its import was saved (nothing is saved again)."""
    if used is None or not once.was_used(used):
        return
    replay = once.replay_of(used)
    if replay.finished and not replay.elsewhere:
        raise Problem(409, ALREADY_DETAIL, title=ALREADY_TITLE)
    idempotency.repeat_of(used)  # 422 for another address, 409 while it is being saved
    raise Problem(409)


def _checked(referrals: list[Referral]) -> list[Row]:
    unsaid = _unsaid()
    entries = []
    for number, referral in enumerate(referrals):
        given = referral.model_dump(exclude={"confirm_new"}, exclude_none=True)
        cells = {k: str(v) for k, v in given.items()}
        # No person types a NUL, and PostgreSQL refuses to store one.
        nul = [(name, OTHER) for name, value in cells.items() if "\x00" in value]
        entries.append((Row(number, cells, errors=nul), as_formdata(unsaid | given)))
    viewer = current_user._get_current_object()
    rows = check_people(viewer, entries, lambda row: referrals[row.number].confirm_new)
    for client_id in {i for row in rows for i in row.duplicates}:
        audit.read(client_id, "client.duplicate", client_id)
    return rows


def _errors(row: Row) -> list[dict[str, str]]:
    where = f"referrals.{row.number}"
    found = [_error(f"{where}.{name}" if name else where, message) for name, message in row.errors]
    if row.duplicates:
        ids = ", ".join(str(i) for i in row.duplicates)
        found.append(_error(where, LIKELY % {"ids": ids}))
    if row.same_as:
        found.append(_error(where, LIKELY_HERE % {"rows": ", ".join(map(str, row.same_as))}))
    return found


def _error(name: str, reason: object) -> dict[str, str]:
    return {"name": name, "in": "body", "reason": str(reason)}


def _answer(answer: ImportAnswer, status: int) -> Response:
    return current_app.response_class(
        answer.model_dump_json(), status=status, mimetype="application/json"
    )
