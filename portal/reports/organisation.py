"""The organisation view: one row per project, side by side, against each project's targets.

Two statements whatever the number of projects and clients: the projects in the viewer's reach,
and every project's counts aggregated in one ``GROUP BY``. Counts go through the small-cell rule
and rates are shown only over five or more, as everywhere in the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select

from portal.app.extensions import db
from portal.models import Client, Outcome, PathwayState
from portal.reports.came_back import ended
from portal.reports.categories import positive_outcome
from portal.reports.suppression import Shown, cell, rate


@dataclass(frozen=True)
class ProjectRow:
    id: int
    name: str
    funder: str
    period_start: date
    period_end: date
    target_clients: int
    target_positive_percent: int
    clients: Shown
    in_progress: Shown
    leavers: Shown
    positive_rate: float | None


def _counts(project_ids: list[int], scope: Select) -> dict[int, tuple[int, int, int, int]]:
    """Per project: enrolments, in progress (not ended, not closed), ended, ended positively."""
    left = ended()
    rows = db.session.execute(
        select(
            Client.project_id,
            func.count(Client.id),
            func.count(Client.id).filter(Outcome.id.is_(None), Client.state != PathwayState.CLOSED),
            func.count(Client.id).filter(left),
            func.count(Client.id).filter(left, positive_outcome()),
        )
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .where(Client.project_id.in_(project_ids), Client.id.in_(scope))
        .group_by(Client.project_id)
    ).all()
    return {project_id: tuple(int(v or 0) for v in values) for project_id, *values in rows}


def project_rows(projects: list[Any], scope: Select) -> list[ProjectRow]:
    """The rows of ``projects`` (already the viewer's reach), counting the clients in ``scope``."""
    counts = _counts([p.id for p in projects], scope) if projects else {}
    out = []
    for p in projects:
        clients, in_progress, leavers, positive = counts.get(p.id, (0, 0, 0, 0))
        shown_leavers = cell(leavers)
        out.append(
            ProjectRow(
                id=p.id,
                name=p.name,
                funder=p.funder or "",
                period_start=p.period_start,
                period_end=p.period_end,
                target_clients=p.target_clients,
                target_positive_percent=p.target_positive_percent,
                clients=cell(clients),
                in_progress=cell(in_progress),
                leavers=shown_leavers,
                positive_rate=rate(cell(positive), shown_leavers),
            )
        )
    return out
