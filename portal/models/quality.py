"""Each participant's data-quality checks, kept as a row (docs/adr/0046).

``portal.reports.quality`` defines the checks; ``portal.reports.quality_kept`` writes this
row whenever the data a check reads changes, and again on the day a check may change with the
date alone (``valid_until``). The data-quality page, its CLI and its reminders read the rows
instead of evaluating every check over every participant.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db


class Checks:
    """A column per check of ``portal.reports.quality_checks``: in a participant's row 0 when
    fine and 1 (or the id of the row to fix) when not; in the counts, how many have it."""

    esf_not_asked: Mapped[int]
    status_not_asked: Mapped[int]
    gender_not_asked: Mapped[int]
    education_not_asked: Mapped[int]
    sensitive_not_asked: Mapped[int]
    outcome_missing: Mapped[int]
    exit_before_entry: Mapped[int]
    outcome_not_left: Mapped[int]
    early_follow_up: Mapped[int]
    entry_date_bad: Mapped[int]
    exit_date_bad: Mapped[int]
    birth_year_bad: Mapped[int]
    employed_and_job_searching: Mapped[int]
    improved_not_employed: Mapped[int]
    follow_up_overdue: Mapped[int]


class ClientChecks(Checks, db.Model):
    """One participant's checks."""

    __tablename__ = "client_checks"
    __table_args__ = (
        # The page's list of participants with problems, by coach and participant.
        Index(
            "ix_client_checks_problems",
            "coach_key",
            "client_id",
            sqlite_where=text("problems > 0"),
            postgresql_where=text("problems > 0"),
        ),
    )

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int]
    #: The responsible coach's id, 0 for none.
    coach_key: Mapped[int]
    #: How many checks find a problem.
    problems: Mapped[int]
    #: The day the row was written, and the first day a check may change with the date.
    checked_on: Mapped[date] = mapped_column(index=True)
    valid_until: Mapped[date | None] = mapped_column(index=True)


class CheckCounts(Checks, db.Model):
    """Per project and responsible coach: the participants, those with a problem, and each
    check's count among them; kept with the rows of ``client_checks``, so that a view of whole
    projects adds up a few rows instead of every participant's."""

    __tablename__ = "check_counts"

    project_id: Mapped[int] = mapped_column(primary_key=True)
    coach_key: Mapped[int] = mapped_column(primary_key=True)
    participants: Mapped[int]
    with_problems: Mapped[int]
