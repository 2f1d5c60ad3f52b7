"""Translation catalogs compiled for the suite, so that a fresh clone's ``pytest`` needs no
``make translations`` first."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from portal.app.catalog_review import write_mo_keeping_review


def catalog_dirs(root: Path) -> list[Path]:
    """The core's translations and each built-in plugin's own."""
    return [root / "portal" / "translations", *sorted(root.glob("plugins/*/translations"))]


def compile_catalogs(dirs: list[Path]) -> list[Path]:
    """Compile each ``.po`` whose ``.mo`` is missing or older, as ``pybabel compile`` does
    (fuzzy entries left out); returns the ``.mo`` files written."""
    written = []
    for po in sorted(p for d in dirs for p in d.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        partial = mo.with_suffix(".mo.partial")
        with partial.open("wb") as target:
            write_mo_keeping_review(target, catalog, po)
        partial.replace(mo)  # never a half-written catalog for a parallel reader
        written.append(mo)
    return written
