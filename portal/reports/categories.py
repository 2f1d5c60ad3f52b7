"""How the reports classify a young person: SQL expressions over a client row (and its
outcome), shared by the kept figures, the funder report and the exports."""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal, or_

from portal.models import Client, Education, Outcome, OutcomeKind, StudyStatus

EMPLOYED = (
    OutcomeKind.EMPLOYED_COACHING_COMPANY,
    OutcomeKind.EMPLOYED_SAME_FIELD,
    OutcomeKind.EMPLOYED_OTHER_FIELD,
)


def positive_outcome():
    """Employed, or a study place accepted or started: counts towards the 70 % target."""
    return or_(
        Outcome.kind.in_(EMPLOYED),
        and_(
            Outcome.kind == OutcomeKind.STUDY_PLACE,
            Outcome.study_status.in_([StudyStatus.ACCEPTED, StudyStatus.STARTED]),
        ),
    )


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
