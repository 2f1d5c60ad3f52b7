"""The organisation view: one row per project, side by side, against each project's targets.

Two statements whatever the number of projects and clients: the projects in the viewer's reach,
and every project's counts, added up from the counts kept per project (ADR 0051). Counts go
through the small-cell rule and rates are shown only over five or more, as everywhere in the
reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.app import clock
from portal.reports import figures_kept
from portal.reports.figures_dated import ORG
from portal.reports.figures_read import read_by_project
from portal.reports.scopes import Projects
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


def _counts(project_ids: list[int]) -> dict[int, tuple[int, ...]]:
    """Per project: enrolments, in progress (not ended, not closed), ended, ended positively,
    from the kept shares (the shares whose day has come rewritten first)."""
    figures_kept.catch_up(clock.today())
    return {
        project_id: tuple(int(v) for v in values[:4])
        for project_id, _part, _k1, _k2, *values in read_by_project(
            Projects(tuple(project_ids)), (ORG,)
        )
    }


def project_rows(projects: list[Any]) -> list[ProjectRow]:
    """The rows of ``projects`` (already the viewer's reach: every young person of each)."""
    counts = _counts([p.id for p in projects]) if projects else {}
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
