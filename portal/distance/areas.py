"""The instrument, written for Polku in plain language: ten areas rated from 1 to 4.

Each area is a statement the young person rates for themself; the scale's words go with a
picture (``templates/distance/_scale.html``) so that reading is not needed to answer.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.distance import AREAS
from portal.models.labels import DISTANCE_ROUND_LABELS

STATEMENTS = {
    "daily_routine": _l("I have a daily rhythm: I get up, eat and sleep at regular times."),
    "on_time": _l("I get to places on time."),
    "asking_help": _l("I ask for help when I need it."),
    "working_with_others": _l("I get on with other people at work."),
    "money": _l("I manage my money."),
    "health": _l("I look after my health and how I feel."),
    "confidence": _l("I believe in myself."),
    "finnish_at_work": _l("I can manage in Finnish at work."),
    "knowing_what_i_want": _l("I know what kind of work or studies I want."),
    "job_search": _l("I know how to look for a job or a study place."),
}
SHORT = {
    "daily_routine": _l("Daily rhythm"),
    "on_time": _l("On time"),
    "asking_help": _l("Asking for help"),
    "working_with_others": _l("Working with others"),
    "money": _l("Money"),
    "health": _l("Health and wellbeing"),
    "confidence": _l("Confidence"),
    "finnish_at_work": _l("Finnish at work"),
    "knowing_what_i_want": _l("Knowing what I want"),
    "job_search": _l("Job search"),
}
SCALE = {
    1: _l("Not yet"),
    2: _l("A little"),
    3: _l("Mostly"),
    4: _l("Yes, well"),
}
KIND_LABELS = DISTANCE_ROUND_LABELS

assert set(STATEMENTS) == set(SHORT) == set(AREAS)
