"""``flask plugins new NAME``: write a working plugin project to start from.

The files under ``template/`` are ``string.Template`` texts (``$name``, ``$title``); ``{name}``
in a path becomes the plugin's name. They are package data, so the command works from an
installed wheel as well as from a checkout.
"""

from __future__ import annotations

import importlib.util
import keyword
import re
from collections.abc import Collection, Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from string import Template

NAME = re.compile(r"^[a-z][a-z0-9_]{1,23}$")
SUFFIX = ".tpl"


class ScaffoldError(ValueError):
    """The plugin cannot be written; the message says why."""


def check_name(name: str, taken: Collection[str]) -> None:
    """Refuse a name that is no lowercase identifier, names a plugin, or shadows a module."""
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(
            f"{name!r} is not a valid plugin name: use 2-24 lowercase letters, digits and "
            "underscores, starting with a letter."
        )
    if name in taken:
        raise ScaffoldError(f"A plugin named {name!r} already exists.")
    if importlib.util.find_spec(name) is not None:
        raise ScaffoldError(f"A Python module named {name!r} is already installed.")


def _templates(folder: Traversable, prefix: PurePosixPath) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every template file under ``folder``."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _templates(entry, prefix / entry.name)
        elif entry.name.endswith(SUFFIX):
            yield str(prefix / entry.name.removesuffix(SUFFIX)), entry.read_text("utf-8")


def create_plugin(name: str, directory: Path, taken: Collection[str] = ()) -> Path:
    """Write the plugin project ``directory/name`` and return its path."""
    check_name(name, taken)
    target = directory / name
    if target.exists():
        raise ScaffoldError(f"{target} already exists.")
    values = {"name": name, "title": name.replace("_", " ").capitalize()}
    for relative, text in _templates(files(__package__) / "template", PurePosixPath()):
        path = target / relative.replace("{name}", name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(text).substitute(values), encoding="utf-8")
    return target
