"""The parts of a sortable, keyset-paged list page (``portal.app.listing``) as HTML: the
sortable column headers, the filters and the pager. Sorting and paging are links, so they work
without JavaScript; the sorted column's header carries ``aria-sort``.

Written in Python and offered to every template as globals: as Jinja macros, a filter with
a few hundred choices (the coaches of a city) cost more than the rest of its page.
``templates/macros/lists.html`` keeps the macros' names for templates that import them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.app.fields import html

_MARKS = {"ascending": " ▲", "descending": " ▼"}


def sort_header(page: Any, key: str, label: str) -> Markup:
    """A column header whose link sorts the list by ``key`` (again: the other way)."""
    state = page.aria_sort(key)
    return html(
        Markup('<th scope="col"'),
        Markup(' aria-sort="{}"').format(state) if state else "",
        Markup('><a href="'),
        page.sort_url(key),
        Markup('">'),
        label,
        Markup('<span class="sort-mark" aria-hidden="true">'),
        _MARKS.get(state or "", ""),
        Markup("</span></a></th>"),
    )


def list_pager(page: Any) -> Markup:
    """Links to the first, the previous and the next page, when there are other pages."""
    if not (page.has_prev or page.has_next):
        return Markup("")
    links = []
    if page.has_prev:
        links.append(Markup('<a href="{}">{}</a>').format(page.first_url, _("First page")))
        links.append(Markup('<a href="{}" rel="prev">{}</a>').format(page.prev_url, _("Previous")))
    if page.has_next:
        links.append(Markup('<a href="{}" rel="next">{}</a>').format(page.next_url, _("Next")))
    return Markup('<nav class="pager" aria-label="{}">{}</nav>').format(
        _("Pages"), Markup("\n").join(links)
    )


def list_filters(page: Any, fields: Iterable[tuple[str, str, Iterable[tuple[Any, Any]]]]) -> Markup:
    """A GET form of ``<select>`` filters kept in the URL; ``fields`` are (name, label,
    [(value, text), ...]), the value in the URL's filters selected."""
    sort = (
        Markup('<input type="hidden" name="sort" value="{}{}">').format(
            "-" if page.descending else "", page.sort
        )
        if page.sort
        else ""
    )
    everything = _("All")
    selects = [
        _select(name, label, options, page.filters.get(name), everything)
        for name, label, options in fields
    ]
    return html(
        Markup('<form method="get" class="filters" aria-label="'),
        _("Filters"),
        Markup('">'),
        sort,
        *selects,
        Markup('<button type="submit">'),
        _("Filter"),
        Markup("</button></form>"),
    )


def _select(
    name: str, label: str, options: Iterable, chosen: str | None, everything: str
) -> Markup:
    # One string for all the options, each value and text escaped here: joined as markup,
    # each piece would be escaped again one Python call at a time.
    choices = "".join(
        f'<option value="{escape(value)}"{" selected" if chosen == str(value) else ""}>'
        f"{escape(text)}</option>"
        for value, text in options
    )
    return html(
        Markup('<div class="field"><label for="filter-'),
        name,
        Markup('">'),
        label,
        Markup('</label><select id="filter-'),
        name,
        Markup('" name="'),
        name,
        Markup('"><option value="">'),
        everything,
        Markup("</option>"),
        Markup(choices),  # noqa: S704 - every value and text escaped above
        Markup("</select></div>"),
    )
