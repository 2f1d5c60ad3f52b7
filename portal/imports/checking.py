"""A kept file checked as a whole: its columns, the choices made for every row, each row."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.access.scoping import visible_groups
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.imports import columns, companies, files, people
from portal.imports.previews import Preview
from portal.imports.rows import Checked, Row
from portal.models import Group, User
from portal.projects import services as projects

GROUP_GONE = _l("The group is no longer open to new members. Upload the file again.")


def chosen_group(viewer: User, options: dict[str, Any]) -> Group | None:
    """The group every young person of the file joins, checked as the intake form offers
    groups: one of the viewer's that has not ended, in the file's project."""
    if not options.get("group_id"):
        return None
    group = db.session.scalar(
        visible_groups(viewer).where(
            Group.id == options["group_id"], Group.end_date >= clock.today()
        )
    )
    if group is None:
        raise RuleError(GROUP_GONE, field="group_id")
    project = projects.project_for_new(viewer, options.get("project_id"))
    if group.project_id != project:
        raise RuleError(_l("The group belongs to another project."), field="group_id")
    return group


def check_options(viewer: User, options: dict[str, Any]) -> Group | None:
    """The upload's choices, by the intake service's rules: a project the viewer works in, a
    coach who works there, an open group of that project. Raises a RuleError at the field."""
    project = projects.project_for_new(viewer, options.get("project_id"))
    projects.check_coach_in_project(options.get("coach_id"), project)
    return chosen_group(viewer, options)


def group_size_after(preview: Preview, checked: Checked, chosen: set[int]) -> int | None:
    """How many members the file's group would have once the rows are saved (None: no
    group, or one the viewer can no longer add to)."""
    if preview.kind != "people" or not preview.options.get("group_id"):
        return None
    try:
        group = chosen_group(current_user._get_current_object(), preview.options)
    except RuleError:
        return None
    return group.member_count + len(checked.to_save(chosen)) if group else None


def check_preview(preview: Preview) -> Checked:
    """Every row of the kept file checked, with what is wrong with the file as a whole."""
    viewer = current_user._get_current_object()
    found = columns.layout(preview.kind, preview.table.headers)
    checked = Checked(preview.kind, [], headers=found.headers, unknown=found.unknown)
    checked.unknown += _unnamed(preview, found)
    checked.problems += [
        _l(
            "The file has no column for %(what)s: name one %(finnish)s or %(english)s.",
            what=column.label,
            finnish=column.finnish,
            english=column.english,
        )
        for column in found.missing
    ]
    checked.problems += [
        _l("The column %(name)s appears twice.", name=header) for header in found.repeated
    ]
    if preview.kind == "people":
        try:
            check_options(viewer, preview.options)
        except RuleError as refused:
            checked.problems.append(refused.message)
    if checked.problems:
        return checked
    convert = columns.Converter(preview.kind)
    entries = []
    unsaved = _unsaved(preview, found)
    for number, cells in preview.table.rows:
        sent = columns.values(found, cells)
        converted, errors = convert(sent)
        for name in unsaved.get(number, ()):  # said instead of what its text would break
            errors[name] = files.NO_VALUE
        row = Row(number, cells=sent, errors=list(errors.items()))
        if preview.kind == "people":
            entries.append((row, people.formdata(converted, _row_choices(preview.options))))
        else:
            entries.append((row, companies.formdata(converted)))
    if preview.kind == "people":
        checked.rows = people.check_people(viewer, entries)
    else:
        checked.rows = companies.check_companies(entries)
    for row in checked.rows:  # in the order of the file's columns
        blank = unsaved.get(row.number, ())
        row.errors = [e for e in row.errors if e[0] not in blank or e[1] is files.NO_VALUE]
        row.errors.sort(key=lambda error: found.positions.get(error[0], len(found.positions)))
    return checked


def _unsaved(preview: Preview, found: columns.Layout) -> dict[int, list[str]]:
    """The fields of each row whose cell is a formula saved without its value."""
    fields = {at: name for name, at in found.positions.items()}
    unsaved: dict[int, list[str]] = {}
    for number, at in preview.table.unsaved:
        if at in fields:
            unsaved.setdefault(number, []).append(fields[at])
    return unsaved


def _row_choices(options: dict[str, Any]) -> dict[str, Any]:
    return {name: options.get(name) for name in ("project_id", "coach_id")}


def _unnamed(preview: Preview, found: columns.Layout) -> list[Any]:
    """Columns with something in them but no name in the header row."""
    headers = preview.table.headers
    named = {at for at, header in enumerate(headers) if header}
    used = {at for _, cells in preview.table.rows for at, cell in enumerate(cells) if cell}
    return [
        _l("column %(number)s, which has no name", number=at + 1) for at in sorted(used - named)
    ]
