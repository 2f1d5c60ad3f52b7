"""Hooks the recognition plugin calls: other plugins offer it evidence of competence.

Found by the core through this module's name and declared before any plugin is registered. When
the recognition plugin is switched off, nobody calls them and their implementations stay idle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.api import EvidenceItem, hookspec, returns

if TYPE_CHECKING:
    from portal.api import Client


@hookspec
@returns(EvidenceItem)
def portal_evidence_items(client: Client) -> EvidenceItem | list[EvidenceItem] | None:
    """Return what ``client`` has done that may be linked as evidence of competence.

    The recognition plugin offers these next to the client's placements and prior learning
    (onboarding steps done, submitted assessments). The caller has already checked that the
    viewer may see the client.
    """
