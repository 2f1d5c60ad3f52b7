"""What the API takes and gives: pydantic models, which also describe it in the OpenAPI
document (``portal.rest.spec``)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from portal.models import Education, EmploymentStatus, Goal, PathwayState

#: A page of a list holds at most this many.
MAX_PAGE = 100


class Strict(BaseModel):
    """Unknown query parameters are refused, not ignored: a misspelt filter must not answer
    everything."""

    model_config = ConfigDict(extra="forbid")


class PageQuery(Strict):
    """A page of a list, by id: after the last id of the page before."""

    after: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="The `next` of the page before (the first page without).",
    )
    limit: int = Field(50, ge=1, le=MAX_PAGE, description="How many on the page.")


class ClientQuery(PageQuery):
    state: PathwayState | None = Field(None, description="Only those in this state of the pathway.")
    sort: Literal["id", "-id", "last_name", "-last_name", "entry_date", "-entry_date"] = Field(
        "id", description="The order: a field, or -field for the reverse; ties by id."
    )


class ClientOut(BaseModel):
    """A young person as the account sees them: the details of the enrolment, no special
    category data."""

    id: int
    first_name: str
    last_name: str
    birth_year: int
    municipality: str
    state: PathwayState
    entry_date: date
    project_id: int
    coach_id: int | None
    version: int = Field(
        description="Changes with every change (the ETag is client-{id}-{version})."
    )


class ClientPage(BaseModel):
    items: list[ClientOut]
    next: int | None = Field(description="Give as `after` for the next page; null on the last.")


class Account(BaseModel):
    id: int
    name: str
    role: str


class TokenInfo(BaseModel):
    """The token the request came with."""

    name: str
    account: Account
    scopes: list[str]
    expires_at: AwareDatetime


class ClientChange(BaseModel):
    """The details of a young person a partner system may send; the intake form's rules apply
    (lengths, the year of birth, the email address, the choices)."""

    model_config = ConfigDict(extra="forbid")

    first_name: str | None = None
    last_name: str | None = None
    birth_year: int | None = None
    entry_date: date | None = Field(None, description="The day they entered the project.")
    email: str | None = None
    phone: str | None = None
    municipality: str | None = None
    referral_source: str | None = Field(None, description="Who referred them.")
    highest_education: Education | None = None
    has_vocational_qualification: bool | None = None
    goal: Goal | None = None
    preferred_fields: str | None = None
    work_history: str | None = None
    employment_status: EmploymentStatus | None = Field(
        None, description="Their labour-market status when they entered."
    )
    coach_id: int | None = Field(None, description="The responsible coach (a user id).")


class Referral(ClientChange):
    """A new young person: names and the year of birth are required. Left out, they entered
    today, their education is basic, and their goal and labour-market status are not known
    yet."""

    first_name: str
    last_name: str
    birth_year: int
    project_id: int | None = Field(
        None, description="The project, when the account works in more than one."
    )
    confirm_new: bool = Field(
        False,
        description="Someone else than the likely duplicates a 409 named: add them anyway.",
    )


class Person(BaseModel):
    id: int
    first_name: str
    last_name: str


class TraineePlacement(BaseModel):
    """A placement at the employer's company, as the trainee list shows it."""

    id: int
    trainee: Person
    start_date: date
    end_date: date
    supervisor: str | None = Field(description="The workplace supervisor's name.")
    tasks: str


class TraineePage(BaseModel):
    items: list[TraineePlacement]
    next: int | None = Field(description="Give as `after` for the next page; null on the last.")


class PhaseMove(BaseModel):
    from_state: str
    to_state: str
    at: AwareDatetime


class PlacementOut(BaseModel):
    id: int
    company_id: int
    company: str
    kind: str
    start_date: date
    end_date: date


class OutcomeOut(BaseModel):
    id: int
    kind: str
    on: date
    employer_name: str
    school: str


class FollowUpOut(BaseModel):
    id: int
    months: int
    due_date: date
    result: str = Field(description="Empty until the follow-up is recorded.")


class Pathway(BaseModel):
    """A young person's way through the project, as their page shows it to staff: no notes and
    no reasons (free text), no special category data."""

    client_id: int
    state: PathwayState
    moves: list[PhaseMove] = Field(description="The phases, oldest first.")
    placements: list[PlacementOut]
    outcomes: list[OutcomeOut]
    follow_ups: list[FollowUpOut]
