"""The coach's pathway pages for one client, on one blueprint ("pathway").

Each module holds the pages of one part of the pathway; importing them registers their routes.
"""

from portal.pathway.views import (  # noqa: F401 - registers the routes
    checkpoints,
    job_search,
    outcomes,
    phase_intake,
    placements,
    referrals,
    timeline,
    visits,
)
from portal.pathway.views.blueprint import bp

__all__ = ["bp"]
