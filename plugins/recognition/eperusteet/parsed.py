"""What reading an ePerusteet file gives: plain dataclasses, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Member:
    """A unit's place in a qualification: its points and whether it is mandatory."""

    unit_source_id: str
    points: float | None
    points_max: float | None
    mandatory: bool
    group: str


@dataclass
class Qualification:
    source_id: str
    diary_number: str
    education_type: str
    name: Text
    points_unit: str
    structure: list[dict[str, Any]]
    members: list[Member]


@dataclass
class Parsed:
    qualification: Qualification | None
    units: list[Unit]
    skipped: list[str] = field(default_factory=list)
