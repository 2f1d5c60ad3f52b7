"""Whether a translation catalog is still a draft: the header field ``X-Review-Status: draft``.

Machine-made translations are marked draft until a native speaker has checked them
(docs/translations.md). Babel keeps only the header fields it knows: ``pybabel compile`` and
``pybabel update`` drop ``X-Review-Status``. So the field is read from the ``.po`` beside the
compiled catalog when there is one (a source checkout), and the wheel's and the test suite's
compilers write it into the ``.mo`` with ``write_mo_keeping_review`` (an installed wheel has no
``.po``). This module needs nothing but Babel: ``setup.py`` loads it on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo

HEADER = "X-Review-Status"
DRAFT = "draft"
_FIELD = re.compile(r'^"X-Review-Status:\s*([^"\\]*)', re.IGNORECASE | re.MULTILINE)


def po_review_status(po: Path) -> str | None:
    """The ``X-Review-Status`` of the ``.po`` file's header; None without the field or file."""
    try:
        text = po.read_text(encoding="utf-8")
    except OSError:
        return None
    header = text.split("\n\n", 1)[0] if text.startswith(("#", "msgid")) else text[:4000]
    match = _FIELD.search(header)
    return match.group(1).strip().lower() if match else None


class _Reviewed:
    """A catalog as ``write_mo`` reads it, with the review status added to its header."""

    def __init__(self, catalog: Catalog, status: str) -> None:
        self._catalog = catalog
        self._status = status
        self.charset = catalog.charset

    def __iter__(self) -> Iterator[Message]:
        messages = iter(self._catalog)
        header = next(messages)
        yield Message("", f"{header.string}\n{HEADER}: {self._status}", flags=header.flags)
        yield from messages


def write_mo_keeping_review(out: BinaryIO, catalog: Catalog, po: Path) -> None:
    """``write_mo``, keeping the ``.po``'s review status in the compiled header."""
    status = po_review_status(po)
    write_mo(out, _Reviewed(catalog, status) if status else catalog)  # type: ignore[arg-type]
