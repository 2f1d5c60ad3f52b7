"""The API's models of a young person's records, groups, companies and accounts, with the
queries that list them. Lists sort by a field or by id (``-`` first: descending) and page by
the id of the last row shown."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, Field

from portal.app import clock
from portal.models import OutcomeKind, Role
from portal.rest.schemas import PageQuery, Strict

SORT = "The order: a field, or -field for the reverse; rows of one value by id."
#: A time as stored (UTC; SQLite gives it back without its zone).
StoredTime = Annotated[AwareDatetime, BeforeValidator(lambda t: t and clock.aware(t))]


class RecordQuery(PageQuery):
    client_id: int | None = Field(None, ge=1, le=2**31 - 1, description="One young person's.")


class PlacementQuery(RecordQuery):
    company_id: int | None = Field(None, ge=1, le=2**31 - 1, description="One company's.")
    running_on: date | None = Field(None, description="Those running on this day.")
    sort: Literal["id", "-id", "start_date", "-start_date"] = Field("id", description=SORT)


class PlacementRecord(BaseModel):
    id: int
    client_id: int
    company_id: int
    kind: str
    start_date: date
    end_date: date
    ended_on: date | None = Field(description="When it ended early; null while it runs.")


class PlacementRecords(BaseModel):
    items: list[PlacementRecord]
    next: int | None


class CheckpointQuery(RecordQuery):
    open: bool | None = Field(None, description="true: the open ones; false: the closed ones.")
    sort: Literal["id", "-id", "opened_at", "-opened_at"] = Field("id", description=SORT)


class CheckpointRecord(BaseModel):
    """A Check Point's course; what was said in it stays on the pages."""

    id: int
    client_id: int
    placement_id: int | None
    source: str
    signal: str
    opened_at: StoredTime
    decision: str
    next_meeting: date | None
    closed_at: StoredTime | None


class CheckpointRecords(BaseModel):
    items: list[CheckpointRecord]
    next: int | None


class OutcomeQuery(RecordQuery):
    kind: OutcomeKind | None = Field(None, description="Only outcomes of this kind.")
    sort: Literal["id", "-id", "on", "-on"] = Field("id", description=SORT)


class OutcomeRecord(BaseModel):
    id: int
    client_id: int
    kind: str
    on: date
    company_id: int | None
    employer_name: str
    school: str


class OutcomeRecords(BaseModel):
    items: list[OutcomeRecord]
    next: int | None


class OutcomeIn(Strict):
    """An outcome at exit, with the outcome form's rules: what each kind needs (a workplace,
    a school...) and a day that has happened. A partner system sends its kind's fields."""

    kind: str = Field(max_length=40)
    on: date
    company_id: int | None = Field(None, ge=1, le=2**31 - 1)
    employer_name: str = Field("", max_length=200)
    field: str = Field("", max_length=200)
    school: str = Field("", max_length=200)
    programme: str = Field("", max_length=200)
    study_status: str = Field("", max_length=40)
    partner_id: int | None = Field(None, ge=1, le=2**31 - 1)
    details: str = Field("", max_length=2000)


class FollowUpQuery(RecordQuery):
    due_from: date | None = Field(None, description="Due on this day or later.")
    due_until: date | None = Field(None, description="Due on this day or earlier.")
    open: bool | None = Field(None, description="true: not yet recorded; false: recorded.")
    sort: Literal["id", "-id", "due_date", "-due_date"] = Field("id", description=SORT)


class FollowUpRecord(BaseModel):
    id: int
    client_id: int
    months: int
    due_date: date
    result: str = Field(description="Empty until the follow-up is recorded.")


class FollowUpRecords(BaseModel):
    items: list[FollowUpRecord]
    next: int | None


class GroupQuery(PageQuery):
    sort: Literal["id", "-id", "start_date", "-start_date", "name", "-name"] = Field(
        "id", description=SORT
    )


class GroupRecord(BaseModel):
    id: int
    project_id: int
    name: str
    start_date: date
    end_date: date


class GroupRecords(BaseModel):
    items: list[GroupRecord]
    next: int | None


class GroupDetail(GroupRecord):
    member_ids: list[int] = Field(description="The members the account may see.")


class CompanyQuery(PageQuery):
    sort: Literal["id", "-id", "name", "-name"] = Field("id", description=SORT)


class CompanyRecord(BaseModel):
    id: int
    name: str
    business_id: str
    industry: str
    city: str
    status: str


class CompanyRecords(BaseModel):
    items: list[CompanyRecord]
    next: int | None


class CompanyIn(Strict):
    """A partner company, with the company form's rules (a business ID that checks out and is
    not in Polku yet)."""

    name: str = Field(min_length=1, max_length=200)
    business_id: str = Field(min_length=1, max_length=20)
    industry: str = Field("", max_length=120)
    street_address: str = Field("", max_length=200)
    postal_code: str = Field("", max_length=10)
    city: str = Field("", max_length=100)


class UserQuery(PageQuery):
    role: Role | None = Field(None, description="Only accounts of this role.")
    sort: Literal["id", "-id", "name", "-name"] = Field("id", description=SORT)


class UserRecord(BaseModel):
    id: int
    name: str
    email: str
    role: str
    company_id: int | None
    active: bool


class UserRecords(BaseModel):
    items: list[UserRecord]
    next: int | None
