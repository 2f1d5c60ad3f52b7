"""The kinds of worklist items as the filter groups them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: filter value -> (label, item kinds)
CATEGORIES = {
    "signals": (_l("Risk signals"), ("no_contact", "absences", "plugin_signal")),
    "checkpoints": (
        _l("Check Points"),
        ("checkpoint", "checkpoint_action", "plan_review", "visit"),
    ),
    "reviews": (
        _l("Reviews"),
        ("review", "review_due", "review_unconfirmed", "review_action"),
    ),
    "placements": (_l("Workplace coaching"), ("placement_ending",)),
    "follow_ups": (_l("Follow-ups"), ("follow_up",)),
}

KINDS = frozenset(kind for _label, kinds in CATEGORIES.values() for kind in kinds)
