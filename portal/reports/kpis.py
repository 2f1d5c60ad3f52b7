"""The three headline figures against the project's targets, as dashboard, CSV and CLI show them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from portal.models import Project
from portal.reports.figures import Figures
from portal.reports.projects import Targets
from portal.reports.suppression import cell, rate


@dataclass(frozen=True)
class Kpi:
    key: str
    value: int | float | str | None
    target: int | None
    unit: str  # "clients" or "percent"


def kpis(figures: Figures, settings: Project | Targets) -> list[Kpi]:
    """The figures against the project's targets (none for several projects together)."""
    return [
        Kpi("clients", cell(figures.clients), settings.target_clients, "clients"),
        Kpi(
            "immigrant_share",
            rate(figures.immigrants, figures.clients),
            settings.target_immigrant_percent,
            "percent",
        ),
        Kpi(
            "employed_or_studying",
            rate(figures.positive, figures.exited),
            settings.target_positive_percent,
            "percent",
        ),
    ]


def as_dicts(items: list[Kpi]) -> list[dict]:
    return [asdict(k) for k in items]


def trends(figures: Figures) -> dict[str, list[tuple[str, int | float | str | None]]]:
    """Month by month: clients so far, and the employed-or-studying rate so far (each point
    protected in ``portal.reports.figures``)."""
    return {"clients": list(figures.clients_trend), "positive_rate": list(figures.positive_trend)}
