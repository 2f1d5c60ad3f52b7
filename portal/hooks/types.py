"""Plain data passed from plugins to the core. Plugins return these, never HTML strings.

What a plugin returns is checked against these types (``portal.hooks.validation``): the
``__pydantic_config__`` of each makes pydantic validate an instance's fields again, strictly
(a list is no tuple, ``"5"`` no int) and nested items included, rather than trust or coerce them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import Select

CHECKED = ConfigDict(strict=True, revalidate_instances="always")


@dataclass(frozen=True)
class NavItem:
    """An entry in the main navigation.

    ``label`` should be a lazy translation (``lazy_gettext``) so it follows the user's language.
    """

    __pydantic_config__ = CHECKED

    endpoint: str
    label: Any
    order: int = 100
    roles: frozenset[str] = frozenset()
    url_kwargs: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Widget:
    """A card on a start page, rendered from the plugin's own template."""

    __pydantic_config__ = CHECKED

    key: str
    title: Any
    template: str
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class QueueItem:
    """One thing that waits for a workplace supervisor, linking to the page where it is done.

    Items of one ``kind`` are listed together under ``title`` with their count; ``text``
    names the trainee and the task (first name and last name only, nothing sensitive).
    """

    __pydantic_config__ = CHECKED

    kind: str
    title: Any
    text: str
    url: str
    due: date | None = None
    order: int = 100


@dataclass(frozen=True)
class Panel:
    """A section on a client's page; the same shape as a widget."""

    __pydantic_config__ = CHECKED

    key: str
    title: Any
    template: str
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class ClientTask:
    """One thing the young person should do now, shown as a task on their home.

    ``kind`` is a short code (``"onboarding_step"``, ``"self_assessment"``...); ``icon`` names
    a symbol of the sprite ``static/icons.svg`` (``"check"``, ``"face"``, ``"review"``,
    ``"briefcase"``...); ``label`` is shown as is (translate it, in the young person's words);
    ``url`` is the page where it is done. With ``action_url`` the home shows a button that
    posts ``fields`` (and the CSRF token) there, labelled ``action_label``: one tap does it.
    """

    __pydantic_config__ = CHECKED

    kind: str
    icon: str
    label: Any
    url: str
    due: date | None = None
    done: bool = False
    action_url: str = ""
    action_label: Any = ""
    fields: Mapping[str, str] = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class ProgressMeter:
    """How far the young person is with something (``done`` of ``total``), on their home."""

    __pydantic_config__ = CHECKED

    key: str
    label: Any
    done: int
    total: int
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

    __pydantic_config__ = CHECKED

    client_id: int
    kind: str
    message: Any


@dataclass(frozen=True)
class RiskSignalQuery:
    """A kind of risk signal as SQL, which the core runs with every plugin's in one statement.

    ``query`` selects two columns, a client id and a count, for the clients the hook was given;
    a row whose count is above 0 raises the signal ``kind`` for that client, with
    ``message(count)`` as its text (translate it). One row a client: group by the client.
    """

    __pydantic_config__ = ConfigDict(
        strict=True, revalidate_instances="always", arbitrary_types_allowed=True
    )

    kind: str
    query: Select
    message: Callable[[int], Any]


@dataclass(frozen=True)
class AgendaItem:
    """A point for a tripartite review's agenda (onboarding progress, an assessment...).

    ``title`` and ``detail`` are shown as is: translate them. ``staff_only`` items are shown to
    coaches only and never put in the record the young person and the supervisor confirm.
    """

    __pydantic_config__ = CHECKED

    key: str
    title: Any
    detail: Any = ""
    staff_only: bool = False
    order: int = 100


#: Text in several languages: {"fi": ..., "sv": ..., "en": ...}; Finnish is required.
Localized = Mapping[str, str]


def localized(text: Localized | str, locale: str) -> str:
    """The text in ``locale``, else Finnish, else any language there is."""
    if isinstance(text, str):
        return text
    return text.get(locale) or text.get("fi") or next(iter(text.values()), "")


@dataclass(frozen=True)
class TemplateStep:
    """One step of an onboarding template.

    ``week`` 0 is the first day, 1 the first week, 2 and on the later weeks. ``responsible``
    is ``"supervisor"``, ``"coach"`` or ``"trainee"``. ``skill_requirements`` holds references
    (as offered by ``portal_skill_requirements``) to qualification skill requirements.
    """

    __pydantic_config__ = CHECKED

    week: int
    responsible: str
    title: Localized
    description: Localized
    task_analysis: tuple[Localized, ...] = ()
    skill_requirements: tuple[str, ...] = ()


@dataclass(frozen=True)
class OnboardingTemplate:
    """An industry template a company's onboarding model can start from."""

    __pydantic_config__ = CHECKED

    key: str
    title: Localized
    industry: Localized
    steps: tuple[TemplateStep, ...]
    fading_plan: tuple[tuple[int, Localized], ...] = ()
    order: int = 100


@dataclass(frozen=True)
class SkillRequirementRef:
    """A qualification skill requirement another plugin can link to (e.g. an onboarding step)."""

    __pydantic_config__ = CHECKED

    ref: str  # stable reference, e.g. "tutkinnonosat_100054/2"
    label: Localized  # e.g. "Elintarviketuotannossa toimiminen: toimii hygieenisesti"


@dataclass(frozen=True)
class EvidenceItem:
    """Something a client has done that can be linked as evidence of competence.

    ``ref`` is stable and unique across plugins (e.g. ``"onboarding:12:s3"``); ``kind``
    names the plugin's kind of record; ``label`` is shown as is (translate it); ``on`` is its date.
    """

    __pydantic_config__ = CHECKED

    kind: str
    ref: str
    label: Any
    on: Any = None


@dataclass(frozen=True)
class LinkResender:
    """How to send a fresh secret link of the plugin's page ``endpoint`` (a view whose URL
    carries a ``token``) when the admin asks the outbox to resend a message holding one.

    ``resend(token_hash, actor)`` finds the link by its stored hash, stops it, and mails a new
    one to the same recipient; it raises ``RuleError`` when no new link may be sent (the link's
    task is done or gone).
    """

    __pydantic_config__ = CHECKED

    endpoint: str
    resend: Callable[[str, Any], None]


@dataclass(frozen=True)
class SearchHit:
    """One thing the header search found: shown under its ``kind`` heading, linked to ``url``."""

    __pydantic_config__ = CHECKED

    kind: Any
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class ExportColumn:
    """A column a plugin adds to a row-level export.

    ``values`` gets a batch of client ids and returns ``{client_id: value}`` (one query for the
    batch, not one per client).
    """

    __pydantic_config__ = CHECKED

    key: str
    header: Any
    values: Callable[[list[int]], Mapping[int, Any]]
    order: int = 100


@dataclass(frozen=True)
class ReportWidget:
    """A section a plugin adds to the dashboard; ``context`` gets the report's filters."""

    __pydantic_config__ = CHECKED

    key: str
    title: Any
    template: str
    context: Callable[[Any], Mapping[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class FormField:
    """One question of an assessment form.

    ``kind`` is ``"scale"`` (``levels`` are the scale's values with a label each, lowest
    first), ``"choice"`` (``levels`` are the options), ``"yesno"`` or ``"text"``. ``skill``
    names what a scale measures across forms (e.g. ``"safety"``) so results can be compared
    over time and between the supervisor and the young person.
    """

    __pydantic_config__ = CHECKED

    key: str
    kind: str
    label: Localized
    help: Localized = field(default_factory=dict)
    required: bool = True
    levels: tuple[tuple[str, Localized], ...] = ()
    skill: str = ""


@dataclass(frozen=True)
class FormSection:
    __pydantic_config__ = CHECKED

    key: str
    title: Localized
    fields: tuple[FormField, ...]
    help: Localized = field(default_factory=dict)


@dataclass(frozen=True)
class FormDefinition:
    """An assessment form contributed through ``portal_assessment_forms``.

    ``filled_by`` is ``"supervisor"``, ``"coach"`` or ``"client"``; ``due`` lists when it is
    asked for: ``"intake"`` (when the client is added; not for supervisors), ``"placement_start"``,
    ``"midway"``, ``"placement_end"``, ``"checkpoint"`` (none: only when a coach asks).
    Changing the content makes a new stored version; ``version`` is the plugin's own label.
    """

    __pydantic_config__ = CHECKED

    key: str
    version: str
    title: Localized
    sections: tuple[FormSection, ...]
    filled_by: str
    help: Localized = field(default_factory=dict)
    due: tuple[str, ...] = ()
    order: int = 100
