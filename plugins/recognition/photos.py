"""Photos and PDFs of a competence demonstration: evidence of the work, counted with the
unit's other evidence. The files are the core's attachments (``portal.api.attach``)."""

from __future__ import annotations

from plugins.recognition import demonstrations
from plugins.recognition.i18n import _l
from plugins.recognition.models import (
    RecognitionDemonstration,
    RecognitionPlan,
    RecognitionPlanUnit,
)
from portal.api import (
    AttachmentTarget,
    Client,
    Role,
    RuleError,
    User,
    attach,
    db,
    visible_clients,
)

#: The kind of an attachment of a demonstration (its target is the demonstration's id).
DEMONSTRATION = "recognition_demonstration"


def client_of(demo: RecognitionDemonstration) -> int:
    pu = db.session.get(RecognitionPlanUnit, demo.plan_unit_id)
    return db.session.get(RecognitionPlan, pu.plan_id).client_id


def _demonstration_visible(user: User, demo_id: int, client_id: int | None) -> bool:
    """The demonstration page's rule: the working-life assessor while it is theirs to assess,
    the invited teacher of that demonstration, the young person, their coach and the admin."""
    demo = db.session.get(RecognitionDemonstration, demo_id)
    if demo is None or client_id is None or client_of(demo) != client_id:
        return False
    if user.role == Role.EMPLOYER:
        return demonstrations.assessor_may_reach(demo, user)
    if user.role == Role.TEACHER and demo.teacher_id != user.id:
        return False
    query = visible_clients(user).where(Client.id == client_id).with_only_columns(Client.id)
    return db.session.scalar(query) is not None


TARGETS = [AttachmentTarget(kind=DEMONSTRATION, may_see=_demonstration_visible)]


def add(
    demo: RecognitionDemonstration, client_id: int, data: bytes, actor: User, caption: str = ""
) -> None:
    """Keep a photo or PDF of the demonstration (commits); not once it was cancelled."""
    if demo.cancelled_on is not None:
        raise RuleError(_l("The demonstration was cancelled."))
    attach(
        data,
        kind=DEMONSTRATION,
        target_id=demo.id,
        client_id=client_id,
        actor=actor,
        caption=caption,
    )
