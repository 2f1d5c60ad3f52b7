"""Anonymising a model before it is shared with other companies: the names of the company and
of the people involved (trainees, supervisors and other staff, coaches), in their inflected
Finnish forms too, phone numbers and email addresses.

Finnish inflects names: Koskinen is "Koskisen", "Koskiselle", "Koskisesta"; Iida is "Iidan",
"Iidalle"; Pekka is "Pekan" (consonant gradation); Niemi is "Niemen". Each name part therefore
matches from its stems onward, not only as written. What a pattern cannot know (a diagnosis
typed into a step, say) the approver sees in the diff before anything is shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

VOWELS = "aeiouyäöå"
MASK = "…"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Finnish and international numbers: +358 40 123 4567, 040-123 4567, 09 1234 567.
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}|0)[ -]?\(?\d{1,3}\)?(?:[ -]?\d){5,}(?!\w)")


def stems(word: str) -> set[str]:
    """The forms a name part starts with when inflected (``Koskinen`` → Koskinen, Koskis)."""
    found = {word}
    lower = word.lower()
    if lower.endswith("nen") and len(word) > 4:
        found.add(word[:-3] + "s")  # Koskinen → Koskisen, Koskiselle, Koskista
    if len(word) > 3 and lower[-1] in VOWELS and lower[-2] == lower[-3] and lower[-2] in "kpt":
        found.add(word[:-2] + word[-1])  # Pekka → Pekan, Antti → Antin, Heikki → Heikin
    if len(word) > 3 and lower.endswith("i") and lower[-2] not in VOWELS:
        found.add(word[:-1] + "e")  # Niemi → Niemen, Tuuli → Tuulelle
    if len(word) > 3 and lower.endswith("s"):
        found.add(word[:-1] + "kse")  # Johannes → Johanneksen
    return found


def name_parts(names: Iterable[str]) -> set[str]:
    """Whole names and their parts that look like names (capitalised, three letters or more)."""
    parts = set()
    for name in names:
        name = name.strip()
        if not name:
            continue
        parts.add(name)
        parts.update(p for p in re.split(r"[\s,]+", name) if len(p) > 2 and p[0].isupper())
    return parts


def cleaner(names: Iterable[str]) -> Callable[[str], str]:
    """A function that replaces the names (inflected too), emails and phone numbers by "…"."""
    forms = sorted({s for part in name_parts(names) for s in stems(part)}, key=len, reverse=True)
    pattern = (
        re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")\w*")
        if forms
        else None
    )

    def clean(text: str) -> str:
        text = EMAIL.sub(MASK, text)
        text = PHONE.sub(MASK, text)
        return pattern.sub(MASK, text) if pattern else text

    return clean
