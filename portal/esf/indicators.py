"""The ESF+ common indicators (Regulation (EU) 2021/1057, Annex I) computed in SQL.

The participants are the clients in scope who entered the project in the period (whole
months, ``portal.reports.periods``); their results upon leaving and six months after are
counted for the same cohort, so a bad leaving date never moves anyone into another period.
One statement counts every row of every table per month of entry and per gender; the figures
are then protected as ``portal.reports.suppression`` describes (ADR 0013): each table of
mutually exclusive rows (a "block") is protected as a grid of rows by genders.

Unknown is never "no": a participant whose answer is not recorded is counted in the row
"missing" of the block, one who declined in "declined" (ADR 0024 has every definition).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, literal, select
from sqlalchemy.sql.util import ClauseAdapter

from portal.app import clock
from portal.app.extensions import db
from portal.esf import municipalities
from portal.esf.definitions import BLOCKS, GENDERS, Block
from portal.models import Client, ClientSensitive, FollowUp, Outcome, Project
from portal.models.esf import SENSITIVE_ANSWERS
from portal.reports.figures import ENTRY, members
from portal.reports.periods import Filters, Months
from portal.reports.settings import project_settings
from portal.reports.suppression import HIDDEN, Shown, is_small, protect_grid, protect_row, rate

#: Leaving dates before this, or after today, are contradictory: not counted as leaving.
EARLIEST = date(2000, 1, 1)
#: The follow-up of the longer-term results, in months after leaving.
LATER = 6


@dataclass
class Row:
    key: str
    code: str
    label: Any
    definition: Any
    total: Shown
    cells: dict[str, Shown]
    kind: str = "indicator"  # "indicator", "breakdown" or "missing"


@dataclass
class Section:
    key: str
    title: Any
    rows: list[Row] = field(default_factory=list)


@dataclass
class Target:
    label: Any
    figure: Shown
    rate: float | None  # percent of ``base``; None for the participants themselves
    target: int
    unit: str  # "count" or "percent"


@dataclass
class Report:
    filters: Filters
    sections: list[Section]
    raw: dict[str, dict[str, int]]  # only for tests and the bench: never shown
    targets: list[Target] = field(default_factory=list)

    def row(self, key: str) -> Row:
        return next(r for s in self.sections for r in s.rows if r.key == key)


def _age():
    return func.extract("year", Client.entry_date) - Client.birth_year


def _left():
    """A leaving (outcome) date that makes sense: not before entry, 2000 or after today."""
    return and_(
        Outcome.id.is_not(None),
        Outcome.on >= Client.entry_date,
        Outcome.on >= EARLIEST,
        Outcome.on <= clock.today(),
    )


def _gender():
    return case(
        *((Client.gender == g, literal(g)) for g in GENDERS if g),
        else_=literal(""),
    )


def _rural():
    name = func.lower(func.trim(Client.municipality))
    return case(
        (name.in_(municipalities.names(rural=True)), literal("yes")),
        (name.in_(municipalities.names(rural=False)), literal("no")),
        else_=Client.rural_area,
    )


def _due():
    """Six months have passed since a sensible leaving date."""
    months = clock.today().year * 12 + clock.today().month
    left = func.extract("year", Outcome.on) * 12 + func.extract("month", Outcome.on)
    return and_(_left(), left + LATER <= months)


def _flag(condition) -> Any:
    return case((condition, 1), else_=0)


def participants(scope: Select, filters: Filters):
    """One row per participant with every column the rows read, and the derived values (age,
    leaving, due, rural) computed once. Materialised, so that the many sums over it do not
    recompute them per row."""
    return (
        select(
            ENTRY,
            _gender().label("g"),
            _age().label("age"),
            _rural().label("rural"),
            _flag(_left()).label("left"),
            _flag(_due()).label("due"),
            Client.employment_status,
            Client.isced_level,
            *(getattr(ClientSensitive, name) for name in SENSITIVE_ANSWERS),
            ClientSensitive.immigrant_background,
            Outcome.id.label("outcome_id"),
            Outcome.kind,
            Outcome.study_status,
            Outcome.job_searching,
            Outcome.qualification_gained,
            FollowUp.result,
            FollowUp.improved_situation,
        )
        .select_from(Client)
        .outerjoin(ClientSensitive, ClientSensitive.client_id == Client.id)
        .outerjoin(Outcome, Outcome.client_id == Client.id)
        .outerjoin(FollowUp, and_(FollowUp.client_id == Client.id, FollowUp.months == LATER))
        .where(Client.id.in_(members(scope, filters)))
        .cte("participants")
        .prefix_with("MATERIALIZED")
    )


def conditions(people) -> dict[str, Any]:
    """SQL conditions of every row of every block, by row key, over ``participants``."""
    context = {
        "age": people.c.age,
        "left": people.c.left == 1,
        "rural": people.c.rural,
        "due": people.c.due == 1,
    }
    adapt = ClauseAdapter(people).traverse
    return {row.key: adapt(row.condition(context)) for block in BLOCKS for row in block.rows}


def counts(scope: Select, filters: Filters) -> dict[str, dict[tuple[int, str], int]]:
    """{row key: {(entry month, gender): count}} for every month a user can ask about."""
    people = participants(scope, filters)
    conds = conditions(people)
    keys = list(conds)
    query = select(
        people.c.m,
        people.c.g,
        *(func.coalesce(func.sum(case((c, 1), else_=0)), 0).label(k) for k, c in conds.items()),
    ).group_by(people.c.m, people.c.g)
    out: dict[str, dict[tuple[int, str], int]] = {k: {} for k in keys}
    for row in db.session.execute(query).all():
        month, g = int(row[0]), row[1] or ""
        for k, value in zip(keys, row[2:], strict=True):
            if value:
                out[k][(month, g)] = int(value)
    return out


def _by_month(by_cell: dict[tuple[int, str], int], g: str | None) -> dict[int, int]:
    series: dict[int, int] = {}
    for (month, gender), n in by_cell.items():
        if g is None or gender == g:
            series[month] = series.get(month, 0) + n
    return series


def _protect(block: Block, data, months: Months) -> list[Row]:
    """Rows by genders, the totals column last; every rule of ADR 0013 applied. The rows
    that exclude each other are protected as one grid, a row inside another as a line."""
    columns = [*GENDERS, None]
    values, shown = [], []
    for row in block.rows:
        series = [_by_month(data[row.key], g) for g in columns]
        values.append([months.total(s) for s in series])
        shown.append([months.shown(s) for s in series])
    grid_rows = [i for i, row in enumerate(block.rows) if not row.within]
    if not block.exclusive:
        grid_rows = []
    grid = protect_grid([values[i] for i in grid_rows], [shown[i] for i in grid_rows])
    protected = [
        [*protect_row(values[i][:-1], shown[i][:-1]), shown[i][-1]] for i in range(len(values))
    ]
    for i, cells in zip(grid_rows, grid, strict=True):
        protected[i] = cells
    rows = [
        Row(
            key=row.key,
            code=row.code,
            label=row.label,
            definition=row.definition,
            total=cells[-1],
            cells=dict(zip(GENDERS, cells[:-1], strict=True)),
            kind=row.kind,
        )
        for row, cells in zip(block.rows, protected, strict=True)
    ]
    _nested(block, rows, values)
    return rows


def _nested(block: Block, rows: list[Row], values: list[list[int]]) -> None:
    """A row inside another (long-term unemployed inside unemployed) is hidden where the
    difference between them would be a small group."""
    index = {row.key: i for i, row in enumerate(block.rows)}
    for i, row in enumerate(block.rows):
        if not row.within:
            continue
        parent = index[row.within]
        for c, key in enumerate([*GENDERS, None]):
            if is_small(values[parent][c] - values[i][c]):
                if key is None:
                    rows[i].total = HIDDEN
                else:
                    rows[i].cells[key] = HIDDEN


def report(scope: Select, filters: Filters, settings: Any = None) -> Report:
    """The indicators of the participants in ``scope`` who entered in the period, beside the
    targets of ``settings`` (a project's row; none when several projects are reported
    together; by default the installation's project)."""
    filters = filters.whole_months()
    data = counts(scope, filters)
    months = Months(filters, {m for by_cell in data.values() for (m, _g) in by_cell})
    sections: dict[str, Section] = {}
    for block in BLOCKS:
        section = sections.setdefault(block.section, Section(block.section, block.section_title))
        section.rows.extend(_protect(block, data, months))
    raw = {
        k: {g or "not_asked": months.total(_by_month(v, g)) for g in GENDERS}
        | {"total": months.total(_by_month(v, None))}
        for k, v in data.items()
    }
    result = Report(filters=filters, sections=list(sections.values()), raw=raw)
    settings = project_settings() if settings is None else settings
    if settings.target_clients is not None:
        result.targets = _targets(result, settings)
    return result


def _targets(report: Report, settings: Project) -> list[Target]:
    """The project's three targets (project settings) beside what the cohort reached."""
    participants = report.row("participants").total
    left = report.row("left").total
    immigrants = report.row("immigrants").total
    positive = report.row("positive").total
    return [
        Target(_l("Participants"), participants, None, settings.target_clients, "count"),
        Target(
            _l("Immigrant background"),
            immigrants,
            rate(immigrants, participants),
            settings.target_immigrant_percent,
            "percent",
        ),
        Target(
            _l("Employed or studying upon leaving"),
            positive,
            rate(positive, left),
            settings.target_positive_percent,
            "percent",
        ),
    ]
