"""Groups, companies and accounts through the API, each within the account's reach as on the
pages: a coach's own groups and the companies they work with, an employer's own company, the
admin's accounts. A company is added and changed with the company form's rules, a change only
with the ETag read (``If-Match``)."""

from __future__ import annotations

from flask import Response, abort, url_for
from flask_login import current_user
from sqlalchemy import Select, select

from portal.access.permissions import CASEWORKERS, roles_required
from portal.access.scoping import (
    coach_company_ids,
    get_group_or_404,
    visible_client_ids_for,
    visible_groups,
)
from portal.admin import services
from portal.admin.forms import CompanyForm
from portal.app.extensions import db
from portal.app.forms import form_data
from portal.app.rules import RuleError
from portal.models import Company, Group, Role, User, group_members
from portal.rest import spec
from portal.rest.auth import scope_required
from portal.rest.inputs import as_formdata, body, form_errors, query
from portal.rest.problems import Problem, refused
from portal.rest.record_schemas import (
    CompanyIn,
    CompanyQuery,
    CompanyRecord,
    CompanyRecords,
    GroupDetail,
    GroupQuery,
    GroupRecord,
    GroupRecords,
    UserQuery,
    UserRecord,
    UserRecords,
)
from portal.rest.views import bp, json_answer, page_of, require_current

FIELDS = tuple(CompanyIn.model_fields)


@bp.route("/groups")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "The groups the account sees",
    GroupRecords,
    query=GroupQuery,
    scope="clients:read",
    errors=(403, 422),
)
def groups() -> Response:
    asked = query(GroupQuery)
    chosen = visible_groups(current_user._get_current_object())
    sorts = {"start_date": Group.start_date, "name": Group.name}
    rows, after = page_of(chosen, Group.id, asked, sorts)
    items = [GroupRecord.model_validate(g, from_attributes=True) for g in rows]
    return json_answer(GroupRecords(items=items, next=after))


@bp.route("/groups/<int:group_id>")
@roles_required(*CASEWORKERS)
@scope_required("clients:read")
@spec.operation(
    "One group, with the members the account sees",
    GroupDetail,
    scope="clients:read",
    errors=(403, 404),
)
def group(group_id: int) -> Response:
    user = current_user._get_current_object()
    found = get_group_or_404(user, group_id)
    member = group_members.c.client_id
    members = db.session.scalars(
        select(member)
        .where(
            group_members.c.group_id == found.id, member.in_(visible_client_ids_for(user, member))
        )
        .order_by(member)
    ).all()
    shown = GroupRecord.model_validate(found, from_attributes=True).model_dump()
    return json_answer(GroupDetail(**shown, member_ids=list(members)))


def _companies() -> Select:
    user = current_user._get_current_object()
    if user.role == Role.EMPLOYER:
        return select(Company).where(Company.id == user.company_id)
    return select(Company).where(Company.id.in_(coach_company_ids(user)))


def company_tag(company: Company) -> str:
    return f"company-{company.id}-{company.version}"


def _company_answer(company: Company, status: int = 200) -> Response:
    response = json_answer(CompanyRecord.model_validate(company, from_attributes=True))
    response.set_etag(company_tag(company))
    response.status_code = status
    return response


@bp.route("/companies")
@roles_required(*CASEWORKERS, "employer")
@scope_required("clients:read")
@spec.operation(
    "The companies the account works with (an employer: its own)",
    CompanyRecords,
    query=CompanyQuery,
    scope="clients:read",
    errors=(403, 422),
)
def companies() -> Response:
    rows, after = page_of(_companies(), Company.id, query(CompanyQuery), {"name": Company.name})
    items = [CompanyRecord.model_validate(c, from_attributes=True) for c in rows]
    return json_answer(CompanyRecords(items=items, next=after))


@bp.route("/companies/<int:company_id>")
@roles_required(*CASEWORKERS, "employer")
@scope_required("clients:read")
@spec.operation(
    "One company, with its ETag", CompanyRecord, scope="clients:read", errors=(403, 404)
)
def company(company_id: int) -> Response:
    found = db.session.scalar(_companies().where(Company.id == company_id)) or abort(404)
    return _company_answer(found)


def _checked(values: dict[str, object]) -> services.CompanyDetails:
    form = CompanyForm(formdata=as_formdata(values), meta={"csrf": False})
    if not form.validate():
        raise Problem(422, errors=form_errors(form))
    return form_data(form, services.CompanyDetails)


@bp.route("/companies", methods=["POST"])
@roles_required("admin")
@scope_required("companies:write")
@spec.operation(
    "Add a partner company (the company form's rules: a valid business ID not in Polku yet)",
    CompanyRecord,
    body=CompanyIn,
    creates=True,
    scope="companies:write",
    errors=(403, 415, 422),
)
def add_company() -> Response:
    details = _checked(body(CompanyIn).model_dump() | {"status": "active"})
    try:
        made = services.create_company(details, current_user._get_current_object())
    except RuleError as error:
        raise refused(error) from None
    response = _company_answer(made, 201)
    response.headers["Location"] = url_for("rest.company", company_id=made.id)
    return response


@bp.route("/companies/<int:company_id>", methods=["PATCH"])
@roles_required("admin")
@scope_required("companies:write")
@spec.operation(
    "Change a company's details: send the ETag read in If-Match (412 when it is stale)",
    CompanyRecord,
    body=CompanyIn,
    scope="companies:write",
    errors=(403, 404, 412, 415, 422, 428),
    headers=(("If-Match", True, "The ETag read: 412 when it is no longer current."),),
)
def change_company(company_id: int) -> Response:
    found = db.session.get(Company, company_id) or abort(404)
    require_current(company_tag(found))
    sent = body(CompanyIn).model_dump()
    details = _checked(sent | {"status": found.status})
    try:
        saved = services.change_company(found, details, current_user._get_current_object())
    except RuleError as error:
        raise refused(error) from None
    if not saved:  # changed between the check and the write
        raise Problem(412)
    return _company_answer(found)


@bp.route("/users")
@roles_required("admin")
@scope_required("users:read")
@spec.operation(
    "The accounts of the portal (the admin's)",
    UserRecords,
    query=UserQuery,
    scope="users:read",
    errors=(403, 422),
)
def users() -> Response:
    asked = query(UserQuery)
    chosen = select(User)
    if asked.role is not None:
        chosen = chosen.where(User.role == asked.role)
    rows, after = page_of(chosen, User.id, asked, {"name": User.name})
    items = [UserRecord.model_validate(u, from_attributes=True) for u in rows]
    return json_answer(UserRecords(items=items, next=after))
