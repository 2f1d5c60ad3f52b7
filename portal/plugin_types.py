"""Plain data passed from plugins to the core. Plugins return these, never HTML strings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    """An entry in the main navigation.

    ``label`` should be a lazy translation (``lazy_gettext``) so it follows the user's language.
    """

    endpoint: str
    label: Any
    order: int = 100
    roles: frozenset[str] = frozenset()
    url_kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Widget:
    """A card on a start page, rendered from the plugin's own template."""

    key: str
    title: Any
    template: str
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A section on a client's page; the same shape as a widget."""

    key: str
    title: Any
    template: str
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    order: int = 100


@dataclass
class PluginInfo:
    """What ``flask plugins`` and the admin page report for one plugin."""

    name: str
    version: str
    state: str  # "loaded", "disabled" or "failed"
    error: str = ""


@dataclass(frozen=True)
class RiskSignal:
    """A sign that a client may need a Check Point, shown on the coach's worklist.

    ``kind`` is a short code (``"absences"``, ``"no_contact"``, ...); ``message`` is shown
    as is, so make it a translated string.
    """

    client_id: int
    kind: str
    message: Any
