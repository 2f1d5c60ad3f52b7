"""The record for the school: what was recognised, on what evidence, assessed by whom.

``build`` gathers it in a fixed number of queries; ``plugins.recognition.ehoks`` shapes it as
an eHOKS HOKS document beside Polku's own details. The mapping is documented in the plugin's
README.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from plugins.recognition import queries
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionEvidence,
    RecognitionMember,
    RecognitionPlan,
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionTarget,
    RecognitionUnit,
)
from portal.api import Client, Placement, User, audit, db


@dataclass
class UnitRecord:
    plan_unit: RecognitionPlanUnit
    unit: RecognitionUnit
    member: RecognitionMember | None
    evidence: list[RecognitionEvidence] = field(default_factory=list)
    demos: list[tuple[RecognitionDemonstration, list[tuple[RecognitionTarget, str]]]] = field(
        default_factory=list
    )
    placements: list[Placement] = field(default_factory=list)

    @property
    def open_demos(self) -> list[tuple[RecognitionDemonstration, list]]:
        """The demonstrations that were not cancelled: the only ones the record shows."""
        return [(d, g) for d, g in self.demos if d.cancelled_on is None]


@dataclass
class Record:
    client: Client
    qualification: RecognitionQualification | None
    units: list[UnitRecord]
    plan: RecognitionPlan | None = None
    confirmers: dict[int, User] = field(default_factory=dict)

    @property
    def credited(self) -> float:
        return sum(u.plan_unit.points_credited or 0 for u in self.units)


def note_reading(client: Client) -> None:
    """Whoever reads a client's record is written in the audit trail (at the request's end)."""
    audit.read(client.id, "school_record", client.id, action="recognition.read")


def build(client: Client) -> Record:
    plan, qualification, rows = queries.plan_with_units(client.id)
    if plan is None:
        return Record(client, None, [])
    units = {pu.id: UnitRecord(pu, unit, member) for pu, unit, member in rows}
    for evidence in db.session.scalars(
        select(RecognitionEvidence)
        .where(RecognitionEvidence.plan_unit_id.in_(list(units)))
        .order_by(RecognitionEvidence.on, RecognitionEvidence.id)
    ):
        units[evidence.plan_unit_id].evidence.append(evidence)
    for demo, grades in queries.demonstrations_with_grades(list(units)):
        units[demo.plan_unit_id].demos.append((demo, grades))
    placements = queries.placements_with_details(
        {int(e.ref.split(":")[1]) for u in units.values() for e in u.evidence if _is_placement(e)},
        client.id,
    )
    for unit in units.values():
        refs = {e.ref for e in unit.evidence if _is_placement(e)}
        unit.placements = [p for p in placements if f"placement:{p.id}" in refs]
    confirmers = {
        u.plan_unit.confirmed_by_id: u.plan_unit.confirmed_by
        for u in units.values()
        if u.plan_unit.confirmed_by is not None
    }
    return Record(client, qualification, list(units.values()), plan, confirmers)


def _is_placement(evidence: RecognitionEvidence) -> bool:
    kind, _sep, ident = evidence.ref.partition(":")
    return evidence.kind == "placement" and kind == "placement" and ident.isdigit()
