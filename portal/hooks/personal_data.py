"""Plain data by which plugins declare the personal data they hold: the tables of a young
person's data (for the copy, retention and erasure) and the kinds of files they attach.
Checked like every other returned type (``portal.hooks.types``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.hooks.types import CHECKED


@dataclass(frozen=True)
class PersonalTable:
    """How one table holding a client's data is exported, anonymised and erased.

    The core finds a client's rows by following the table's foreign keys to ``clients``, so
    a declaration names columns, never queries. Every text or JSON column is classified:
    ``free_text`` (names, contacts, notes: emptied when the client is anonymised),
    ``sensitive`` (emptied earlier, once the relationship has been closed for the configured
    time), ``codes`` (statuses, kinds, grades: kept, the reports count them) or ``scrub``
    (a JSON column and a function returning what of its value may stay). ``withheld`` maps
    a column left out of the subject-access export to why (another person's data, a secret).

    The printable copy of the data names each column by ``labels`` (column -> lazy translation;
    a column without one shows its name, humanised) and shows a code by ``values`` (column ->
    {stored code -> lazy translation}; a code not there is shown as stored). The JSON file
    keeps the column names and codes.
    """

    __pydantic_config__ = CHECKED

    table: str
    title: Any
    free_text: tuple[str, ...] = ()
    sensitive: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    scrub: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    withheld: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100
    labels: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class AttachmentTarget:
    """A kind of thing files can be attached to, and who may open them.

    ``kind`` is stored with each attachment (``onboarding_mark``, ``demonstration``...);
    ``may_see(user, target_id, client_id)`` answers whether ``user`` may see the thing
    ``target_id`` (of the young person ``client_id``, None for a file about no person) by the
    same rules as the page that shows it. The core answers 404 when it says no, and when no
    module declares the kind at all.
    """

    __pydantic_config__ = CHECKED

    kind: str
    may_see: Callable[[Any, int, int | None], bool]
    order: int = 100
