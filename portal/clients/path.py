"""The client's path as steps, for the step indicator at the top of the client's page."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import PathwayState

#: The steps shown, in order; intake and referral come before the first, closing after the last.
STEPS = (
    PathwayState.ATTITUDE_TRAINING,
    PathwayState.WORKPLACE_COACHING,
    PathwayState.CHECKPOINT,
    PathwayState.PATHWAY,
    PathwayState.FOLLOW_UP,
)
_BEFORE = (PathwayState.REFERRED, PathwayState.INTAKE)


@dataclass(frozen=True)
class Step:
    state: str
    status: str  # "done", "current", "skipped" (a Check Point not needed) or "coming"


def path_steps(state: str, had_checkpoint: bool) -> list[Step]:
    """Each step of the path with where the client is: a Check Point is a step only when one
    was opened, else it is shown as not needed once the client has passed it."""
    if state in _BEFORE:
        now = -1
    elif state == PathwayState.CLOSED:
        now = len(STEPS)
    else:
        now = STEPS.index(PathwayState(state))
    steps = []
    for i, step in enumerate(STEPS):
        if i == now:
            status = "current"
        elif i > now:
            status = "coming"
        elif step == PathwayState.CHECKPOINT and not had_checkpoint:
            status = "skipped"
        else:
            status = "done"
        steps.append(Step(step, status))
    return steps
