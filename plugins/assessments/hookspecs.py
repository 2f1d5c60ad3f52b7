"""Hooks the assessments plugin calls: other plugins offer it forms and hear of the answers.

Found by the core through this module's name and declared before any plugin is registered. When
the assessments plugin is switched off, nobody calls them and their implementations stay idle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.api import FormDefinition, hookspec, returns

if TYPE_CHECKING:
    from portal.api import Client, Placement, User


@hookspec
@returns(FormDefinition)
def portal_assessment_forms() -> FormDefinition | list[FormDefinition] | None:
    """Return assessment form definitions (``portal.api.FormDefinition``).

    The assessments plugin renders, validates and stores them; a malformed definition is
    skipped and logged while the others keep working.
    """


@hookspec
def portal_assessment_submitted(
    form_key: str,
    client: Client,
    placement: Placement | None,
    answers: dict[str, str],
    actor: User | None,
) -> None:
    """Called after an assessment has been submitted (``actor`` is ``None`` for a link).

    ``answers`` maps the form's field keys to the values given. The plugin that contributed the
    form can act on them, e.g. store a demonstration's grades. Like the core's lifecycle hooks,
    each implementation writes in its own savepoint and the caller commits it.
    """
