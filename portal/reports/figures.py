"""The dashboard's figures, from the kept counts of the young people in scope.

The population is the clients the viewer may see who entered the project in the period (and,
when chosen, belong to a group). Every aggregate is counted per month of entry over all the
months a user can ask for, so that each figure can be compared with the same figure of every
other whole-month period before it is shown (``portal.reports.suppression``). The counts are
kept as data changes (``portal.reports.figures_kept``, docs/adr/0048) and read in one
statement whatever the number of clients (``portal.reports.figures_read``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select

from portal.access.scoping import coach_scope
from portal.models import Client, OutcomeKind, group_members
from portal.reports import figures_read
from portal.reports.periods import Filters, Months, label, month_number, month_of
from portal.reports.scopes import Caseload, Projects, Scope
from portal.reports.suppression import MIN_CELL, Shown, is_small, protect_grid, protect_row, rate

#: The kept parts the dashboard reads (``portal.reports.figures_kept``).
PARTS = ("totals", "coach", "state", "outcome", "trend", "group", "trainee", "hire", "follow")
#: Groups shown by name, newest first (a filter chooses any other group).
GROUP_ROWS = 30
ENTRY = month_of(Client.entry_date).label("m")

ByMonth = dict[int, int]


def _as_select(scope: Scope) -> Select:
    """The client ids of a scope of whole projects or a caseload."""
    if isinstance(scope, Projects):
        query = select(Client.id)
        return query if scope.ids is None else query.where(Client.project_id.in_(scope.ids))
    if isinstance(scope, Caseload):
        return select(Client.id).where(
            coach_scope(scope.coach), Client.project_id.in_(scope.project_ids)
        )
    return scope


def kept_scope(scope: Scope, filters: Filters) -> Scope:
    """Where the kept shares of ``scope`` are read from: the sums of whole projects or of a
    caseload, or, for a group chosen or any other set, its members' own rows."""
    if filters.group_id or not isinstance(scope, Projects | Caseload):
        return members(_as_select(scope), filters)
    return scope


def _left_by_month(rows, filters: Filters) -> list[tuple[int, int, int]]:
    """Those who entered in the period, by month of leaving: left, and employed or studying."""
    first, last = month_number(filters.start), month_number(filters.end)
    left: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for month_left, entered, n, positive in rows:
        if first <= entered <= last:
            left[month_left][0] += n
            left[month_left][1] += positive
    return [(m, n, p) for m, (n, p) in left.items()]


def members(scope: Select, filters: Filters) -> Select:
    """SELECT of the ids of the clients counted in any period (the group, when chosen); a
    record merged into another counts through that one."""
    query = select(Client.id).where(Client.id.in_(scope), Client.merged_into_id.is_(None))
    if filters.group_id:
        in_group = select(group_members.c.client_id).where(
            group_members.c.group_id == filters.group_id
        )
        query = query.where(Client.id.in_(in_group))
    return query


def population(scope: Select, filters: Filters) -> Select:
    """SELECT of the ids of the clients who entered in the period."""
    return members(scope, filters).where(Client.entry_date.between(filters.start, filters.end))


@dataclass
class Figures:
    """What the dashboard shows, every count already protected (a number, ``<5`` or ``x``)."""

    clients: Shown = 0
    immigrants: Shown = 0
    exited: Shown = 0
    positive: Shown = 0
    by_state: dict[str, Shown] = field(default_factory=dict)
    by_outcome: dict[str, Shown] = field(default_factory=dict)
    employment: dict[str, Shown] = field(default_factory=dict)
    clients_trend: list[tuple[str, Shown]] = field(default_factory=list)
    positive_trend: list[tuple[str, float | None]] = field(default_factory=list)
    by_group: list[dict[str, Any]] = field(default_factory=list)
    by_company: list[dict[str, Any]] = field(default_factory=list)
    by_coach: list[dict[str, Any]] = field(default_factory=list)
    days_to_outcome: float | None = None
    follow_ups: dict[int, dict[str, Shown]] = field(default_factory=dict)


def _nested(rows, width: int, keys: set | None = None) -> dict[Any, list[ByMonth]]:
    """Rows of (key, month, n1, n2, ...) -> {key: [by-month n1, by-month n2, ...]}, of the
    ``keys`` only when given."""
    out: dict[Any, list[ByMonth]] = defaultdict(lambda: [defaultdict(int) for _ in range(width)])
    for key, month, *values in rows:
        if keys is not None and key not in keys:
            continue
        for i, value in enumerate(values):
            out[key][i][int(month)] += int(value or 0)
    return out


def table(months: Months, series: dict[Any, ByMonth]) -> dict[Any, Shown]:
    """A one-way table (its cells add up to a known total), every rule applied."""
    keys = list(series)
    counted = [months.count(series[k]) for k in keys]
    protected = protect_row([total for total, _ in counted], [shown for _, shown in counted])
    return dict(zip(keys, protected, strict=True))


def results(months: Months, rows: dict[Any, list[ByMonth]]) -> dict[Any, dict[str, Any]]:
    """Rows of clients, left and positive: the cells (left, not left) add up to the row's
    clients and each column to its total, so both directions are protected."""
    clients = {k: months.count(series[0]) for k, series in rows.items()}
    keys = [k for k in rows if clients[k][0]]
    values, shown = [], []
    for k in keys:
        entered, exited = rows[k][0], rows[k][1]
        not_left = {m: entered.get(m, 0) - exited.get(m, 0) for m in entered}
        (exited_total, exited_shown), (not_left_total, not_left_shown) = (
            months.count(exited),
            months.count(not_left),
        )
        values.append([exited_total, not_left_total])
        shown.append([exited_shown, not_left_shown])
    grid = protect_grid(values, shown)
    clients_column = protect_row([clients[k][0] for k in keys], [clients[k][1] for k in keys])
    return {
        k: dict(clients=entered, exited=exited, rate=rate(months.shown(rows[k][2]), exited))
        for k, entered, (exited, _not_left) in zip(keys, clients_column, grid, strict=True)
    }


def compute(scope: Scope, filters: Filters) -> Figures:
    """Every figure of the dashboard, read from the kept shares in one statement
    (``portal.reports.figures_read``)."""
    filters = filters.whole_months()
    rows = figures_read.read(kept_scope(scope, filters), PARTS)
    total_rows, state_rows, outcome_rows = rows["totals"], rows["state"], rows["outcome"]
    group_rows, trainee_rows, hire_rows = rows["group"], rows["trainee"], rows["hire"]
    coach_rows, follow_rows = rows["coach"], rows["follow"]
    trend_rows = _left_by_month(rows["trend"], filters)
    totals = _nested(((None, m, *values) for m, *values in total_rows), 6)[None]
    months = Months(filters, totals[0])
    f = Figures()
    clients, immigrants, exited, pos, days, dated_outcomes = totals
    f.clients, f.exited, f.positive = (months.shown(s) for s in (clients, exited, pos))
    f.immigrants = table(months, {"yes": immigrants, "no": _minus(clients, immigrants)})["yes"]
    f.by_state = _one_way(months, state_rows)
    f.by_outcome = _one_way(months, outcome_rows)
    by_kind = {k: v[0] for k, v in _nested(outcome_rows, 1).items()}
    f.employment = table(
        months,
        {
            "coaching_company": by_kind.get(OutcomeKind.EMPLOYED_COACHING_COMPANY, {}),
            "elsewhere": _plus(
                by_kind.get(OutcomeKind.EMPLOYED_SAME_FIELD, {}),
                by_kind.get(OutcomeKind.EMPLOYED_OTHER_FIELD, {}),
            ),
        },
    )
    f.clients_trend = [(label(m), shown) for m, shown in months.so_far(clients)]
    f.positive_trend = _positive_trend(trend_rows)
    f.by_group = _group_results(months, group_rows)
    f.by_company = _company_rows(months, trainee_rows, hire_rows)
    coaches = _nested((((uid, name), m, *values) for uid, name, m, *values in coach_rows), 3)
    f.by_coach = [
        dict(name=name or "", **row) for (_id, name), row in results(months, coaches).items()
    ]
    f.by_coach.sort(key=lambda row: row["name"])
    f.days_to_outcome = _days_to_outcome(f.exited, months.total(days), months.total(dated_outcomes))
    follow = _nested((((after, result), m, n) for after, result, m, n in follow_rows), 1)
    for months_after in sorted({k[0] for k in follow}):
        f.follow_ups[months_after] = {
            result: shown
            for (_m, result), shown in table(
                months, {k: v[0] for k, v in follow.items() if k[0] == months_after}
            ).items()
        }
    return f


def _minus(a: ByMonth, b: ByMonth) -> ByMonth:
    return {m: a.get(m, 0) - b.get(m, 0) for m in a}


def _plus(a: ByMonth, b: ByMonth) -> ByMonth:
    return {m: a.get(m, 0) + b.get(m, 0) for m in {*a, *b}}


def _one_way(months: Months, rows) -> dict[Any, Shown]:
    return table(months, {k: v[0] for k, v in _nested(rows, 1).items()})


def _positive_trend(rows) -> list[tuple[str, float | None]]:
    """Employed or studying so far by month of leaving: a point is shown only when at least
    five more have left (and five more positively) since the last point shown."""
    trend, exited, pos, shown_at = [], 0, 0, (0, 0)
    for month, n, p in sorted(rows):
        exited, pos = exited + n, pos + p
        value = rate(pos, exited)
        if value is not None and (exited - shown_at[0] < MIN_CELL or is_small(pos - shown_at[1])):
            value = None
        if value is not None:
            shown_at = (exited, pos)
        trend.append((label(int(month)), value))
    return trend


def _group_results(months: Months, group_rows) -> list[dict[str, Any]]:
    """The newest groups with clients who entered in the period: every group's rows are
    added up for the period, and only the groups shown are counted month by month."""
    entered: dict[Any, int] = defaultdict(int)
    for gid, name, start, m, clients, *_results in group_rows:
        if months.holds(int(m)):
            entered[gid, name, start] += int(clients or 0)
    with_clients = (k for k, n in entered.items() if n)
    newest = sorted(with_clients, key=lambda k: (k[2], k[0]), reverse=True)[:GROUP_ROWS]
    chosen = set(newest)
    rows = _nested(
        (((gid, name, start), m, *values) for gid, name, start, m, *values in group_rows), 3, chosen
    )
    shown = results(months, {k: rows[k] for k in newest})
    return [dict(name=k[1], **shown[k]) for k in newest]


def _company_rows(months: Months, trainee_rows, hire_rows) -> list[dict[str, Any]]:
    def per_company(rows) -> dict[tuple[str, int], ByMonth]:
        named = (((name, cid), m, n) for cid, name, m, n in rows)
        return {k: v[0] for k, v in _nested(named, 1).items()}

    trainees, hires = per_company(trainee_rows), per_company(hire_rows)
    keys = sorted(
        k
        for k in {*trainees, *hires}
        if months.total(trainees.get(k, {})) or months.total(hires.get(k, {}))
    )
    shown_trainees = table(months, {k: trainees.get(k, {}) for k in keys})
    shown_hires = table(months, {k: hires.get(k, {}) for k in keys})
    return [dict(name=k[0], trainees=shown_trainees[k], hired=shown_hires[k]) for k in keys]


def _days_to_outcome(exited: Shown, days: int, n: int) -> float | None:
    """The average, only when the number of those who left is itself shown: then no two
    periods' averages single out fewer than five people."""
    if not isinstance(exited, int) or exited < MIN_CELL:
        return None
    return round(float(days) / n, 1) if n else None
