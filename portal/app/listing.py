"""Lists that sort, filter and page by key: one piece every list page uses (docs/adr/0019).

A list declares its sort orders (named tuples of columns, the row's id always last as the
tie-breaker) and its filters; the URL carries ``sort`` (``name`` or ``-name`` for descending),
the filters, and ``after``/``before`` naming the id of the row the page continues from. The
database seeks to that row's sort values in the index instead of counting ``OFFSET`` rows,
so page 2,000 costs what page 1 costs, and rows added between two page loads neither repeat
nor vanish. The cursor is an id, never a name: a URL ends up in logs and the browser's
history. A parameter that makes no sense answers 400 with a message saying which.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy import (
    Column,
    ColumnElement,
    Select,
    func,
    inspect,
    select,
    tuple_,
    union,
    union_all,
)
from werkzeug.exceptions import BadRequest

from portal.app.extensions import db
from portal.app.parsing import bounded_int

CURSORS = ("after", "before")


class ListArgumentError(BadRequest):
    """A sort, filter or page parameter the list does not know; the page says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.user_message = message


@dataclass(frozen=True)
class ListFilter:
    """A URL parameter narrowing the list. ``choices`` (if given) lists the accepted values;
    ``integer`` parses the value as an id. ``apply`` narrows the query by the parsed value."""

    name: str
    apply: Callable[[Select, Any], Select]
    choices: Sequence[str] | None = None
    integer: bool = False

    def parse(self, raw: str) -> Any:
        if self.integer:
            try:
                return bounded_int(raw)
            except ValueError:
                raise ListArgumentError(_("The filter %(name)s needs a number.", name=self.name))
        if self.choices is not None and raw not in self.choices:
            raise ListArgumentError(_("The filter %(name)s has no such value.", name=self.name))
        return raw


@dataclass
class Page:
    """One page of a list and the links around it (see the ``list_header``, ``sort_header``
    and ``list_pager`` macros in ``macros/lists.html``)."""

    items: list[Any]
    sort: str
    descending: bool
    has_prev: bool
    has_next: bool
    first_id: Any = None
    last_id: Any = None
    filters: dict[str, str] = field(default_factory=dict)

    def _url(self, **args: Any) -> str:
        kept = {k: v for k, v in request.args.items() if k not in ("sort", *CURSORS)}
        kept.update({k: v for k, v in args.items() if v is not None})
        return url_for(request.endpoint or "", **(request.view_args or {}), **kept)

    def sort_url(self, key: str) -> str:
        """Sorting by ``key``; the sorted column's link turns the order around."""
        descending = self.sort == key and not self.descending
        return self._url(sort=f"-{key}" if descending else key)

    def aria_sort(self, key: str) -> str | None:
        if key != self.sort:
            return None
        return "descending" if self.descending else "ascending"

    def _sort_arg(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort

    @property
    def next_url(self) -> str | None:
        return self._url(sort=self._sort_arg(), after=self.last_id) if self.has_next else None

    @property
    def prev_url(self) -> str | None:
        return self._url(sort=self._sort_arg(), before=self.first_id) if self.has_prev else None

    @property
    def first_url(self) -> str:
        return self._url(sort=self._sort_arg())


def _cursor(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return bounded_int(raw)
    except ValueError:
        raise ListArgumentError(_("The page link is not valid. Start again from the first page."))


def _apply_filters(query: Select, filters: Sequence[ListFilter]) -> tuple[Select, dict[str, str]]:
    active = {}
    for spec in filters:
        raw = request.args.get(spec.name, "").strip()
        if raw:
            query = spec.apply(query, spec.parse(raw))
            active[spec.name] = raw
    return query, active


def _parts(query: Select | Sequence[Select]) -> list[Select]:
    parts = [query] if isinstance(query, Select) else list(query)
    if not parts:
        raise ValueError("A list needs at least one SELECT.")
    return parts


def _computed_columns(entity: Any) -> bool:
    """Whether the entity's rows carry columns computed in SQL (a group's member count): a
    page of them is then chosen by key first, and only its rows computed; else a database
    may compute every candidate row's before it sorts and stops."""
    if entity is None:
        return False
    return any(
        not isinstance(column, Column)
        for prop in inspect(entity).column_attrs
        for column in prop.columns
    )


def first_rows(
    query: Select | Sequence[Select],
    key: ColumnElement,
    order: Sequence[ColumnElement],
    limit: int,
) -> Select:
    """The first ``limit`` rows in ``order`` of ``query``, or of the rows of several SELECTs
    of one entity together (``visible_client_parts``; a row in two of them counts once, each
    part's own rows must be distinct): each part's first ``limit`` keys in its own index
    order, then only those rows sorted, instead of the union sorted whole (ADR 0040). One
    statement."""
    parts = _parts(query)
    entity = parts[0].column_descriptions[0]["entity"]
    if len(parts) == 1 and not _computed_columns(entity):
        return parts[0].order_by(*order).limit(limit)
    firsts = [
        part.with_only_columns(key).order_by(*order).limit(limit).subquery() for part in parts
    ]
    keys = (
        union_all(*(select(first.c[0]) for first in firsts))
        if len(firsts) > 1
        else select(firsts[0].c[0])
    )
    return select(entity).where(key.in_(keys)).order_by(*order).limit(limit)


def count_up_to(query: Select | Sequence[Select], key: ColumnElement, limit: int) -> int:
    """How many distinct rows ``query`` (or several SELECTs together, a row may be in more
    than one) has, counting no further than ``limit``: each part stops at ``limit`` rows, so
    a start page can say "more than" instead of counting a whole caseload (ADR 0040)."""
    firsts = [
        part.with_only_columns(key).order_by(None).limit(limit).subquery() for part in _parts(query)
    ]
    rows = union(*(select(first.c[0]) for first in firsts)).subquery()
    found = db.session.scalar(select(func.count()).select_from(rows)) or 0
    return min(found, limit)


def keyset_page(
    query: Select | Sequence[Select],
    key: ColumnElement,
    sorts: Mapping[str, Sequence[ColumnElement]],
    default: str,
    filters: Sequence[ListFilter] = (),
    per_page: int | None = None,
    options: Sequence[Any] = (),
) -> Page:
    """One page of ``query`` sorted by the ``sort`` parameter (one of ``sorts``, else
    ``default``; ``-name`` descending), narrowed by ``filters``, continuing after or before
    the row whose ``key`` (a unique column, normally the id) the URL names. ``query`` may be
    several SELECTs of one entity whose rows together are the list (a coach's clients,
    ``visible_client_parts``): the filters narrow each, and each is read in its own order up
    to one page (:func:`first_rows`).

    Two statements at most: the anchor row's sort values and the page itself (one more row
    than shown tells whether there is a next page), plus any loader ``options`` (applied to
    the page only). No COUNT.
    """
    per_page = per_page or current_app.config["PAGE_SIZE"]
    wanted = request.args.get("sort", "") or default
    descending = wanted.startswith("-")
    sort = wanted[1:] if descending else wanted
    if sort not in sorts:
        raise ListArgumentError(_("The list cannot be sorted that way."))
    after, before = _cursor("after"), _cursor("before")
    parts, active = [], {}
    for part in _parts(query):
        part, active = _apply_filters(part, filters)
        parts.append(part)
    columns = [*sorts[sort], key]
    row_key = tuple_(*columns)
    backwards = before is not None
    anchor_id = before if backwards else after
    if anchor_id is not None:
        found = [part.with_only_columns(*columns).where(key == anchor_id) for part in parts]
        anchor = db.session.execute(
            (found[0] if len(found) == 1 else union_all(*found)).limit(1)
        ).first()
        if anchor is None:  # the row is gone or no longer in the list: start again
            anchor_id, backwards = None, False
        else:
            beyond = (
                row_key < tuple_(*anchor) if backwards != descending else row_key > tuple_(*anchor)
            )
            parts = [part.where(beyond) for part in parts]
    down = descending != backwards
    order = [c.desc() if down else c.asc() for c in columns]
    rows = db.session.execute(
        first_rows(parts, key, order, per_page + 1).add_columns(key).options(*options)
    ).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    items = [row[0] for row in rows]
    ids = [row[-1] for row in rows]
    return Page(
        items=items,
        sort=sort,
        descending=descending,
        has_prev=more if backwards else anchor_id is not None,
        has_next=True if backwards else more,
        first_id=ids[0] if ids else None,
        last_id=ids[-1] if ids else None,
        filters=active,
    )
