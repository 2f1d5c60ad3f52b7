"""The dashboard's figures kept as counts (docs/adr/0048).

Each young person adds a few numbers to the dashboard's tables: one to the clients who entered
in their month, one to their state, their outcome, each group they are in, each company that
coached them, and so on. ``figure_rows`` keeps what each young person adds (a row per part of
the dashboard and key within it), ``figure_counts`` the sums per project, responsible coach and
month of entry. ``portal.reports.figures_kept`` writes both whenever the data they are counted
from changes; the dashboard adds up the few counts of the projects in view instead of counting
every young person on each visit.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.app.extensions import db


class Counted:
    """Where a row counts (the part of the dashboard, and its key there: a state, an outcome,
    a group, a company...) and what it adds (``v1`` ... ``v6``, as the part defines them)."""

    project_id: Mapped[int]
    #: The responsible coach's id, 0 for none.
    coach_key: Mapped[int]
    #: The month of entry as yyyymm.
    month: Mapped[int]
    part: Mapped[str] = mapped_column(String(12))
    k1: Mapped[int] = mapped_column(BigInteger)
    k2: Mapped[str] = mapped_column(String(40))
    v1: Mapped[int] = mapped_column(BigInteger)
    v2: Mapped[int] = mapped_column(BigInteger)
    v3: Mapped[int] = mapped_column(BigInteger)
    v4: Mapped[int] = mapped_column(BigInteger)
    v5: Mapped[int] = mapped_column(BigInteger)
    v6: Mapped[int] = mapped_column(BigInteger)


class FigureRow(Counted, db.Model):
    """What one young person adds to one part of the dashboard."""

    __tablename__ = "figure_rows"
    __table_args__ = (
        Index("ix_figure_rows_client", "client_id"),
        # The young people whose shares' day has come (``portal.reports.figures_dated``):
        # only their ``org`` rows have days, so only those are in these indexes (which no
        # other statement is tempted to walk).
        Index(
            "ix_figure_rows_valid_until",
            "valid_until",
            sqlite_where=text("valid_until IS NOT NULL"),
            postgresql_where=text("valid_until IS NOT NULL"),
        ),
        Index(
            "ix_figure_rows_checked_on",
            "checked_on",
            sqlite_where=text("checked_on IS NOT NULL"),
            postgresql_where=text("checked_on IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    #: On the young person's ``org`` row only: the day their shares were counted, and the
    #: first later day on which their dated shares may count differently (None: no such day).
    checked_on: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)


class FigureCount(Counted, db.Model):
    """The rows of ``figure_rows`` added up per project, responsible coach and month."""

    __tablename__ = "figure_counts"

    project_id: Mapped[int] = mapped_column(primary_key=True)
    coach_key: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True)
    part: Mapped[str] = mapped_column(String(12), primary_key=True)
    k1: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    k2: Mapped[str] = mapped_column(String(40), primary_key=True)
