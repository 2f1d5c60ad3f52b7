"""What reading an ePerusteet file gives: plain dataclasses, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from plugins.recognition.eperusteet.texts import Text


class ImportRefused(Exception):
    """The file cannot be imported at all; ``message`` says why in the user's language."""


@dataclass
class Target:
    """An assessment target (arvioinnin kohde) with its criteria per competence level."""

    area: Text
    title: Text
    scale: str | None
    criteria: dict[str, list[Text]]


@dataclass
class Unit:
    code: str
    source_id: str
    name: Text
    kind: str
    scale: str | None
    description: Text = field(default_factory=dict)
    demonstration: Text = field(default_factory=dict)
    requirements: list[Text] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    #: Paragraphs around (before 2015, instead of) the list of skill requirements.
    requirements_note: Text = field(default_factory=dict)
    #: ``arviointi.lisatiedot``: notes on assessing the unit.
    assessment_notes: Text = field(default_factory=dict)


@dataclass
class Member:
    """A unit's place in a qualification's structure group (and specialisation, osaamisala):
    its points and whether it is mandatory there. A unit may have several places."""

    unit_source_id: str
    points: float | None
    points_max: float | None
    mandatory: bool
    group: str
    specialisation: str = ""


@dataclass
class Qualification:
    source_id: str
    diary_number: str
    education_type: str
    name: Text
    points_unit: str
    structure: list[dict[str, Any]]
    members: list[Member]
    valid_from: date | None = None
    valid_until: date | None = None
    transition_ends: date | None = None


@dataclass
class Parsed:
    qualification: Qualification | None
    units: list[Unit]
    skipped: list[str] = field(default_factory=list)
