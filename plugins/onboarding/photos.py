"""Photos (or PDFs) of onboarding steps done: who may see them, and adding one to a step
already marked. The files themselves are the core's attachments (``portal.api.attach``)."""

from __future__ import annotations

from plugins.onboarding.models import OnboardingProgress, OnboardingStepMark
from portal.api import (
    Attachment,
    AttachmentTarget,
    Client,
    Placement,
    Role,
    User,
    attachments_of,
    db,
    employer_may_see,
    visible_clients,
)

#: The kind of an attachment of a step marked done (its target is the mark's id).
MARK = "onboarding_mark"


def placement_visible(user: User, placement: Placement) -> bool:
    """The onboarding page's rule: the trainee, their coach and the admin; the supervisor's
    company while the placement is within its visibility window. Not a teacher."""
    if user.role == Role.EMPLOYER:
        return placement.company_id == user.company_id and employer_may_see(placement)
    if user.role not in (Role.CLIENT, Role.COACH, Role.ADMIN):
        return False
    query = visible_clients(user).where(Client.id == placement.client_id)
    return db.session.scalar(query.with_only_columns(Client.id)) is not None


def _mark_visible(user: User, mark_id: int, client_id: int | None) -> bool:
    mark = db.session.get(OnboardingStepMark, mark_id)
    if mark is None:
        return False
    progress = db.session.get(OnboardingProgress, mark.progress_id)
    placement = db.session.get(Placement, progress.placement_id)
    return placement.client_id == client_id and placement_visible(user, placement)


TARGETS = [AttachmentTarget(kind=MARK, may_see=_mark_visible)]


def photos_of(marks: list[OnboardingStepMark]) -> dict[int, list[Attachment]]:
    """Each mark's files, in one statement."""
    return attachments_of(MARK, [m.id for m in marks])
