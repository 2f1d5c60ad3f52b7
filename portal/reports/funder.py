"""The funder report in the shape of EU social-fund (ESF+) participant data.

Cohort: the participants who entered the project in the period. Entry profile (age band at
entry, education by ISCED level, labour-market status, migrant background), results upon
leaving (the exit outcome) and six months after (the 6-month follow-up). Every table is a SQL
aggregate; every table is protected as ``portal.reports.suppression`` describes.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, literal, select

from portal.app import together
from portal.models import (
    Client,
    ClientSensitive,
    Education,
    EmploymentStatus,
    FollowUp,
    FollowUpResult,
    Outcome,
    OutcomeKind,
    StudyStatus,
)
from portal.models.labels import ESF_LABELS
from portal.reports.figures import ENTRY, members
from portal.reports.figures import table as one_way
from portal.reports.figures_kept import EMPLOYED
from portal.reports.periods import Filters, Months


@dataclass
class Table:
    key: str
    title: object
    rows: list[tuple[object, int | str]]


def age_band():
    age = func.extract("year", Client.entry_date) - Client.birth_year
    return case(
        (age < 18, literal("under_18")),
        (age < 25, literal("18_24")),
        (age < 30, literal("25_29")),
        else_=literal("30_plus"),
    )


def isced():
    return case(
        (Client.highest_education.in_([Education.NONE, Education.BASIC]), literal("isced_0_2")),
        (
            Client.highest_education.in_([Education.UPPER_SECONDARY_GENERAL, Education.VOCATIONAL]),
            literal("isced_3_4"),
        ),
        (Client.highest_education == Education.HIGHER, literal("isced_5_8")),
        else_=literal("unknown"),
    )


def exit_result():
    return case(
        (Outcome.kind.in_(EMPLOYED), literal("in_employment")),
        (
            and_(
                Outcome.kind == OutcomeKind.STUDY_PLACE,
                Outcome.study_status.in_([StudyStatus.ACCEPTED, StudyStatus.STARTED]),
            ),
            literal("in_education_or_training"),
        ),
        (Outcome.kind == OutcomeKind.WORK_TRIAL, literal("in_education_or_training")),
        (Outcome.kind == OutcomeKind.REFERRED, literal("referred_to_services")),
        else_=literal("job_searching"),
    )


def _grouped(expression, ids: Select, join=None) -> Select:
    """Counts per category and month of entry (``portal.reports.periods``)."""
    query = select(expression.label("k"), ENTRY, func.count()).select_from(Client)
    if join is not None:
        query = join(query)
    return query.where(Client.id.in_(ids)).group_by("k", "m")


def _by_category(rows) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for k, m, n in rows:
        out.setdefault(k, {})[int(m)] = n
    return out


def tables(scope: Select, filters: Filters) -> list[Table]:
    """Every table adds up to the participants, so each is protected as a one-way table. The
    tables' counts are read in one statement (``portal.app.together``)."""
    filters = filters.whole_months()
    ids = members(scope, filters)
    background = case(
        (ClientSensitive.immigrant_background.is_(True), literal("migrant")),
        else_=literal("not_migrant"),
    )
    six_months = case(
        (FollowUp.result.is_(None), literal("not_followed_up")),
        (FollowUp.result == "", literal("not_followed_up")),
        else_=FollowUp.result,
    )
    ages, education, status, migrant, exits, six = (
        _by_category(rows)
        for rows in together.read(
            _grouped(age_band(), ids),
            _grouped(isced(), ids),
            _grouped(Client.employment_status, ids),
            _grouped(
                background,
                ids,
                join=lambda q: q.outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id),
            ),
            _grouped(
                case((Outcome.id.is_(None), literal("not_left")), else_=exit_result()),
                ids,
                join=lambda q: q.outerjoin(Outcome, Outcome.client_id == Client.id),
            ),
            _grouped(
                six_months,
                ids,
                join=lambda q: q.outerjoin(
                    FollowUp, and_(FollowUp.client_id == Client.id, FollowUp.months == 6)
                ),
            ),
        )
    )
    months = Months(filters, {m for by_month in ages.values() for m in by_month})
    total = {}
    for by_month in ages.values():
        for m, n in by_month.items():
            total[m] = total.get(m, 0) + n

    def table(key, title, counts, order):
        shown = one_way(months, {k: counts.get(k, {}) for k in order})
        return Table(key, title, [(ESF_LABELS.get(k, k), shown[k]) for k in order])

    return [
        Table("participants", _l("Participants"), [(_l("All participants"), months.shown(total))]),
        table("age", _l("Age at entry"), ages, ["under_18", "18_24", "25_29", "30_plus"]),
        table(
            "education",
            _l("Education (ISCED)"),
            education,
            ["isced_0_2", "isced_3_4", "isced_5_8", "unknown"],
        ),
        table(
            "status",
            _l("Labour-market status at entry"),
            status,
            [s.value for s in EmploymentStatus if s != EmploymentStatus.UNKNOWN] + ["unknown"],
        ),
        table("migrant", _l("Migrant or foreign background"), migrant, ["migrant", "not_migrant"]),
        table(
            "exit",
            _l("Result upon leaving"),
            exits,
            [
                "in_employment",
                "in_education_or_training",
                "job_searching",
                "referred_to_services",
                "not_left",
            ],
        ),
        table(
            "six_months",
            _l("Situation six months after leaving"),
            six,
            [r.value for r in FollowUpResult] + ["not_followed_up"],
        ),
    ]
