"""`python scripts/translation_status.py`: how far each locale's catalogs are, per domain.

For every locale of ``LANGUAGES`` and every catalog folder (the core's ``portal/translations``
and each built-in plugin's ``plugins/<name>/translations``): how many of the template's
(``messages.pot``) entries the locale's ``.po`` translates, how many of those are still marked
``# draft`` (machine-made, not yet checked by a native speaker), and the catalog's
``X-Review-Status``. Reads the ``.po`` sources; compiles nothing, changes nothing.
``--locale fi@selko`` shows one locale; ``--drafts`` lists the draft entries too.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.app.catalog_review import po_review_status  # noqa: E402
from portal.app.config import Config  # noqa: E402

DRAFT = "draft"


@dataclass
class Status:
    """One locale's catalog in one domain."""

    locale: str
    domain: str
    entries: int
    translated: int = 0
    drafts: list[str] = field(default_factory=list)
    review: str | None = None
    exists: bool = True

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.entries if self.entries else 100.0


def catalog_folders(root: Path = ROOT) -> dict[str, Path]:
    """Domain name ("portal" or the plugin's) to its translations folder."""
    folders = {"portal": root / "portal" / "translations"}
    for folder in sorted(root.glob("plugins/*/translations")):
        folders[folder.parent.name] = folder
    return folders


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _key(message) -> tuple[str | None, str]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return message.context, msgid


def _is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return bool(message.id) and not message.fuzzy and all(strings)


def status_of(folder: Path, domain: str, locale: str) -> Status:
    """The locale's catalog in ``folder`` measured against the folder's template."""
    template = {_key(m) for m in _read(folder / "messages.pot") if m.id}
    po = folder / locale / "LC_MESSAGES" / "messages.po"
    status = Status(locale, domain, len(template))
    if not po.exists():
        status.exists = False
        return status
    for message in _read(po, locale):
        if _key(message) not in template or not _is_translated(message):
            continue
        status.translated += 1
        if DRAFT in message.user_comments:
            status.drafts.append(_key(message)[1])
    status.review = po_review_status(po)
    return status


def report(statuses: list[Status], show_drafts: bool) -> str:
    lines = [f"{'locale':<10} {'domain':<12} {'translated':>17} {'draft':>6}  review"]
    for s in statuses:
        if not s.exists:
            lines.append(f"{s.locale:<10} {s.domain:<12} {'no catalog':>17}")
            continue
        done = f"{s.translated}/{s.entries} {s.percent:5.1f} %"
        lines.append(
            f"{s.locale:<10} {s.domain:<12} {done:>17} {len(s.drafts):>6}  {s.review or 'reviewed'}"
        )
        if show_drafts:
            lines.extend(f"    # draft: {msgid}" for msgid in s.drafts)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locale", action="append", help="only this locale (repeatable)")
    parser.add_argument("--drafts", action="store_true", help="list the draft entries")
    args = parser.parse_args(argv)
    locales = args.locale or list(Config.LANGUAGES)
    statuses = [
        status_of(folder, domain, locale)
        for locale in locales
        for domain, folder in catalog_folders().items()
    ]
    print(report(statuses, args.drafts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
