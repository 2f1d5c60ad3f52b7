"""The workplace supervisor's guide for working with a trainee who is learning Finnish.

Shown only under the young person's active language-support consent. The level (a CEFR-like
code of the national scale, e.g. ``A2.1``) is read as a sensitive read and turned into a band's
advice; neither the code nor the band's name reaches the page.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.access.sensitive import read_finnish_level_for_guide
from portal.models import Client, User

BEGINNER, BASIC, INTERMEDIATE, FLUENT = "beginner", "basic", "intermediate", "fluent"

GUIDES = {
    BEGINNER: (
        _l("Speak slowly, in short sentences, and use the same words for the same things."),
        _l("Give one thing at a time, and show it first: do it together, then let them do it."),
        _l(
            "Check understanding by asking them to show you, not by asking whether they understood."
        ),
        _l("Pictures, gestures and written key words help; a translation app is fine for safety."),
    ),
    BASIC: (
        _l("Speak clearly and a little slower, in short sentences."),
        _l("Show first, then tell; give instructions one or two at a time."),
        _l("Check understanding by asking them to show or tell in their own words."),
        _l("Write down the key words of the workplace and go through them together."),
    ),
    INTERMEDIATE: (
        _l("Everyday talk works; explain work terms and abbreviations when you first use them."),
        _l("Give longer instructions in writing as well."),
        _l("Ask them to repeat important or safety instructions in their own words."),
    ),
    FLUENT: (
        _l("Talk as you would with anyone new to the job; explain the workplace's own terms."),
        _l("Written instructions and safety rules may still need a moment more to read."),
    ),
}
#: When no level is recorded: the advice that is safe for anyone learning Finnish.
UNKNOWN = BASIC


def band_of(level: str) -> str:
    """The band of a level code of the national scale (``alle_A1.1``, ``A1.1`` ... ``C2.2``)."""
    code = level.strip().upper()
    if not code:
        return UNKNOWN
    if code.startswith("ALLE_") or code.startswith("A1"):
        return BEGINNER
    if code.startswith("A2"):
        return BASIC
    if code.startswith("B1"):
        return INTERMEDIATE
    return FLUENT


def language_guide(viewer: User, client: Client, consented: bool) -> tuple | None:
    """The guide's points, or ``None`` without the consent (then nothing sensitive is read)."""
    if not consented:
        return None
    return GUIDES[band_of(read_finnish_level_for_guide(viewer, client, consented))]
